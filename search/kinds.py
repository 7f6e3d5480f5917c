"""What the site search finds, kind by kind: each kind says which model it reads, which of its rows a visitor may
see, how a query narrows them and how a result is shown. The view, the suggestions and the API read `KINDS`, never
a list of their own.

Adding a kind (apps never import `search/`, so an app's kind lives here):
  1. subclass `Kind` with a `key` (the `?kind=` value, also the API's), a `label` and the `model`;
  2. `visible(context)` returns the rows this visitor may see at all, in the request's language: live and public
     pages, records through their own public query (`Protocol.objects.shown_publicly()`, people through
     `alumni.privacy`), never a raw `objects.all()`;
  3. `matching(context)` narrows them to the query (by default, every word of it in the folded `match_fields`),
     `suggestions(context)` to what the header's suggestions list (by default the same);
  4. `render(rows, context)` turns one page of rows into `Result`s in a fixed number of queries, with public
     fields only;
  5. `register(YourKind())` below; the order of registration is the order of the groups on the results page.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search.query import And, Or, PlainText

from alumni.models import Alumnus, Community, DirectoryPage
from alumni.models.pages import COMMUNITY_ROUTE
from alumni.privacy import Viewer, profiles_for, visible_alumni, visible_name_words, with_profile_relations
from events.models import EventPage
from gala.archive import names_in
from gala.models import AwardCategory, GalaEditionPage, GalaIndexPage, Nomination
from home.models import ArticlePage, Faculty, FacultyPage, HomePage
from home.text import fold_diacritics, query_word_forms, search_terms
from newsletters.models import NewsletterPage
from protocols.listing import partner_label
from protocols.models import Protocol, ProtocolIndexPage

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.models import Locale

# The letters a folded search word stands for (home.text.fold_diacritics folds them away): the Romanian ones, with
# the old cedilla forms, and those of the Hungarian and German names common in Romania, in both cases.
_SPELLINGS = {
    "a": "aăâáä", "i": "iîí", "s": "sșş", "t": "tțţ", "e": "eé", "o": "oóöő", "u": "uúüű", "c": "cç",
}  # fmt: skip


def spelling_pattern(word: str) -> str:
    """A case-insensitive regular expression that finds a folded word whatever diacritics the text has:
    "stefan" becomes "[sșşSȘŞ][tțţTȚŢ][eéEÉ]f[aăâáäAĂÂÁÄ]n". The same on SQLite (Django's REGEXP, Python's re)
    and PostgreSQL (~*); SQLite's parser refuses the nesting of enough REPLACE() calls to fold a column instead."""
    parts = []
    for char in word:
        letters = _SPELLINGS.get(char)
        parts.append(f"[{letters}{letters.upper()}]" if letters else re.escape(char))
    return "".join(parts)


def matching_every_word(queryset: QuerySet, fields: tuple[str, ...], words: list[str]) -> QuerySet:
    """The rows where every (folded) word appears, as part of a word, in one of `fields`, whatever the spelling."""
    for word in words:
        pattern = spelling_pattern(word)
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__iregex": pattern})
        queryset = queryset.filter(condition)
    return queryset


@dataclass(frozen=True)
class Result:
    """One thing found, as every surface shows it: public fields only."""

    kind: str
    title: str
    url: str
    summary: str = ""


@dataclass
class SearchContext:
    """One visitor's search: the query (and its folded words), the language and who is looking."""

    request: HttpRequest | None
    locale: Locale
    viewer: Viewer
    query: str
    words: list[str] = field(init=False)

    def __post_init__(self):
        self.words = search_terms(fold_diacritics(self.query)).split()

    @property
    def terms(self) -> str:
        return " ".join(self.words)

    @cached_property
    def page_query(self) -> And:
        """The query for the pages' search index: every word, as typed (folded) or by its stem in the request's
        language, so "absolventilor" finds "absolvenții" (home.text.search_text indexed both forms)."""
        words = query_word_forms(self.query, self.locale.language_code)
        return And(
            [Or([PlainText(form) for form in forms]) if len(forms) > 1 else PlainText(forms[0]) for forms in words]
        )

    def _first_page(self, model) -> Page | None:
        # The page listing every faculty sits nearest the root; a faculty section's own sits deeper.
        return model.objects.live().public().filter(locale=self.locale).order_by("depth", "path").first()

    def page_url(self, page: Page | None) -> str:
        return (page.get_url(self.request) or "") if page is not None else ""

    @cached_property
    def directory(self) -> DirectoryPage | None:
        return self._first_page(DirectoryPage)

    @cached_property
    def protocols_page(self) -> ProtocolIndexPage | None:
        return self._first_page(ProtocolIndexPage)

    @cached_property
    def gala_archive(self) -> GalaIndexPage | None:
        return self._first_page(GalaIndexPage)


class Kind(ABC):
    """One kind of result. A subclass says which rows a visitor may see (`visible`) and how they are shown
    (`render`); matching and suggestions have defaults that most kinds keep."""

    key: str = ""
    label: Any = ""
    model: type | None = None
    # Fields matched with `matching_every_word` (records, and page titles for suggestions).
    match_fields: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("pk",)

    @abstractmethod
    def visible(self, context: SearchContext) -> QuerySet:
        """Every row of the kind this visitor may see, in the request's locale."""

    def matching(self, context: SearchContext):
        """The visible rows that match the query: a QuerySet or search results (both count and slice)."""
        if not context.words:
            return self.visible(context).none()
        return matching_every_word(self.visible(context), self.match_fields, context.words).order_by(*self.ordering)

    def suggestions(self, context: SearchContext) -> QuerySet:
        return self.matching(context)

    @abstractmethod
    def render(self, rows, context: SearchContext) -> list[Result]:
        """The rows as results: public fields only, with their links."""


class PageKind(Kind):
    """Live, public pages of the request's language, of some page types (or of every other type)."""

    page_types: tuple[type[Page], ...] = ()
    match_fields = ("title",)

    def visible(self, context):
        return Page.objects.live().public().filter(locale=context.locale).type(*self.page_types)

    def matching(self, context):
        if not context.words:
            return self.visible(context).none()
        # Folded and stemmed like each page's folded_search_text: "stiinte", "Științe" and "Ştiinţe" find the same
        # pages, and so do "absolvent", "absolvenții" and "Absolventilor".
        return self.visible(context).search(context.page_query)

    def suggestions(self, context):
        return super().matching(context).order_by("title", "pk")

    def render(self, rows, context):
        # One query per page type among these rows, not one per row.
        pages = Page.objects.filter(pk__in=[page.pk for page in rows]).specific().in_bulk()
        results = []
        for row in rows:
            page = pages.get(row.pk, row)
            summary = getattr(page, "search_description", "") or getattr(page, "card_summary", "") or ""
            results.append(Result(self.key, page.title, context.page_url(page), summary))
        return results


class OtherPagesKind(PageKind):
    """Every other live, public page of the language (the directory, the join form, standard pages, ...)."""

    key = "pages"
    label = _("Other pages")
    model = Page

    def visible(self, context):
        shown_elsewhere = [
            page_type for kind in KINDS.values() if isinstance(kind, PageKind) for page_type in kind.page_types
        ]
        pages = Page.objects.live().public().filter(locale=context.locale, depth__gt=1)
        return pages.not_type(*shown_elsewhere, HomePage)


class CommunityKind(Kind):
    key = "communities"
    label = _("Professional communities")
    model = Community
    match_fields = ("name",)
    ordering = ("sort_key", "pk")

    def visible(self, context):
        return Community.objects.filter(locale=context.locale)

    def render(self, rows, context):
        directory = context.directory
        base_url = context.page_url(directory)
        results = []
        for community in rows:
            url = ""
            if directory is not None:
                url = base_url + directory.reverse_subpage(COMMUNITY_ROUTE, kwargs={"slug": community.slug})
            results.append(Result(self.key, community.name, url, community.description))
        return results


class AlumniKind(Kind):
    """Listed people, by name only (through alumni.privacy), linked to the directory searched for that name."""

    key = "alumni"
    label = _("Alumni")

    model = Alumnus
    ordering = ("sort_key", "pk")

    def visible(self, context):
        return visible_alumni(context.viewer, Alumnus.objects.all())

    def matching(self, context):
        from alumni.filters import matching_ids, search_terms
        from alumni.name_search import matching_words

        if not context.words:
            return self.visible(context).none()
        if context.viewer.is_office:
            return self.visible(context).filter(pk__in=matching_ids(context.terms)).order_by(*self.ordering)
        # The directory's own name search (word prefixes of folded names), read from the name words' copies of
        # their people's rows: listed or not and the sort key come with each word, so the count and the first
        # page come from one index range. Through people (`visible_alumni` and an ordered IN), PostgreSQL walked
        # everyone in alphabetical order looking for the first five matches (0.5 s for "Maria Popescu").
        words = visible_name_words(context.viewer, matching_words(search_terms(context.terms).split()))
        return words.order_by("sort_key", "alumnus_id").values_list("alumnus_id", flat=True).distinct()

    def render(self, rows, context):
        ids = [row if isinstance(row, int) else row.pk for row in rows]
        people = with_profile_relations(Alumnus.objects.filter(pk__in=ids))
        profiles = {profile.id: profile for profile in profiles_for(people, context.viewer)}
        directory_url = context.page_url(context.directory)
        results = []
        for pk in ids:
            profile = profiles.get(pk)
            if profile is None:  # left the directory between the two queries
                continue
            url = f"{directory_url}?{urlencode({'q': profile.full_name})}" if directory_url else ""
            results.append(Result(self.key, profile.full_name, url))
        return results


class ProtocolKind(Kind):
    """Active protocols (they are written in one language and listed in both), public fields only."""

    key = "protocols"
    label = _("Protocols")

    model = Protocol
    match_fields = ("title", "partner_name", "target_programme")
    ordering = ("title", "pk")

    def visible(self, context):
        return Protocol.objects.shown_publicly().select_related("faculty")

    def matching(self, context):
        if not (settings.ELASTICSEARCH_URL and context.words):
            return super().matching(context)
        from search.elastic.records import SearchedRecords, protocol_search

        # The index it keeps up to date (search.elastic.documents), under the same rules (search.elastic.records).
        return SearchedRecords(protocol_search(context), self.visible(context), super().matching(context))

    def render(self, rows, context):
        faculties = names_in(Faculty, {protocol.faculty.translation_key for protocol in rows}, context.locale)
        base_url = context.page_url(context.protocols_page)
        results = []
        for protocol in rows:
            faculty = faculties.get(protocol.faculty.translation_key, protocol.faculty.name)
            url = f"{base_url}#protocol-{protocol.pk}" if base_url else ""
            results.append(Result(self.key, protocol.title, url, f"{faculty} · {partner_label(protocol, {})}"))
        return results


class GalaWinnerKind(Kind):
    """Winners of the gala editions published in the request's language: name, category, year and faculty."""

    key = "gala-winners"
    label = _("Gala winners")

    model = Nomination
    match_fields = ("nominee_name",)
    ordering = ("-edition__starts_at", "nominee_name", "pk")

    def shown_editions(self, context) -> QuerySet:
        """The translation keys of the gala editions live and public in the request's language."""
        return GalaEditionPage.objects.live().public().filter(locale=context.locale).values("translation_key")

    def visible(self, context):
        return (
            Nomination.objects.winners()
            .filter(edition__translation_key__in=self.shown_editions(context))
            .select_related("edition", "category", "faculty")
        )

    def matching(self, context):
        if not (settings.ELASTICSEARCH_URL and context.words):
            return super().matching(context)
        from search.elastic.records import EmptyResults, SearchedRecords, winner_search

        edition_keys = [str(key) for key in self.shown_editions(context).values_list("translation_key", flat=True)]
        if not edition_keys:
            return EmptyResults()
        return SearchedRecords(winner_search(context, edition_keys), self.visible(context), super().matching(context))

    def render(self, rows, context):
        categories = names_in(AwardCategory, {row.category.translation_key for row in rows}, context.locale)
        faculties = names_in(Faculty, {row.faculty.translation_key for row in rows}, context.locale)
        base_url = context.page_url(context.gala_archive)
        url = f"{base_url}#winners-heading" if base_url else ""
        results = []
        for row in rows:
            category = categories.get(row.category.translation_key, row.category.name)
            faculty = faculties.get(row.faculty.translation_key, row.faculty.name)
            summary = f"{category} · {row.edition.starts_at.year} · {faculty}"
            results.append(Result(self.key, row.nominee_name, url, summary))
        return results


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.key in KINDS:
        raise ValueError(f"A search kind {kind.key!r} is already registered.")
    KINDS[kind.key] = kind
    return kind


def page_kind(key: str, label, *page_types: type[Page]) -> PageKind:
    """A kind of the pages of these types."""
    attributes = {"key": key, "label": label, "page_types": page_types, "model": page_types[0]}
    return type(f"{key.title()}PageKind", (PageKind,), attributes)()


register(page_kind("articles", _("Articles"), ArticlePage))
register(page_kind("events", _("Events"), EventPage))
register(page_kind("faculties", _("Faculties"), FacultyPage))
register(page_kind("newsletters", _("Newsletters"), NewsletterPage))
register(CommunityKind())
register(AlumniKind())
register(ProtocolKind())
register(GalaWinnerKind())
register(OtherPagesKind())
