"""RSS 2.0 and Atom feeds of articles, for the whole portal or one faculty, in the language of the URL.

`/fluxuri/articole.rss|atom` (English `/en/feeds/articles.rss|atom`) lists every article;
`/fluxuri/<faculty short name>/articole.rss|atom` the articles below that faculty's section. Both list the newest
live, public articles of the active language (the URL prefix: `/` Romanian, `/en/` English). `feed_scope` also
resolves a faculty for the events' calendar feeds.
"""

import datetime
import uuid
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from wagtail.models import Locale

from home.models import ArticlePage, Faculty, FacultyPage
from home.page_cache import is_shared_visitor, mark_shared

# How long a browser or a cache beyond ours may keep a feed: our own caches (the page cache, the front cache) drop it
# the moment an article or event changes or is restricted, one further on would not hear of it. Short, so a
# restricted article leaves every feed reader's copy within a minute; the page cache answers a poll for little.
FEED_CACHE_SECONDS = 60
FEED_LENGTH = 30


@dataclass
class FeedScope:
    """What a feed covers: the active locale and, for a faculty's feed, that faculty and its section pages."""

    request: HttpRequest
    locale: Locale
    faculty: Faculty | None = None
    sections: list[FacultyPage] = field(default_factory=list)

    @property
    def faculty_title(self) -> str:
        """The faculty's name in the feed's language: its section's title, else the faculty's own name."""
        if self.sections:
            return self.sections[0].title
        return self.faculty.name if self.faculty else ""

    def below_sections(self) -> Q:
        """Pages inside one of the faculty's sections (never matches when it has none)."""
        if not self.sections:
            return Q(pk__in=[])
        return reduce(or_, (Q(path__startswith=section.path) & ~Q(pk=section.pk) for section in self.sections))


def feed_scope(request: HttpRequest, short_name: str | None = None) -> FeedScope:
    """The active locale and, given a short name (case-insensitive, as in the URL), its faculty; 404 if unknown.

    Three queries at most: the locale, the faculties, the faculty's section pages in the active locale.
    """
    locale = Locale.get_active()
    if short_name is None:
        return FeedScope(request=request, locale=locale)
    wanted = short_name.casefold()
    # Compared in Python: SQLite's case-insensitive match ignores non-ASCII letters (Ș, Ț...). Faculties are few.
    matches = [f for f in Faculty.objects.order_by("pk") if f.short_name.casefold() == wanted]
    if not matches:
        raise Http404("No faculty has this short name.")
    translation_key = matches[0].translation_key
    translations = [f for f in matches if f.translation_key == translation_key]
    faculty = next((f for f in translations if f.locale_id == locale.pk), translations[0])
    sections = list(
        FacultyPage.objects.filter(locale=locale, faculty__translation_key=translation_key)
        .only("pk", "path", "url_path", "title", "locale_id")
        .order_by("path")
    )
    return FeedScope(request=request, locale=locale, faculty=faculty, sections=sections)


def stable_guid(page) -> str:
    """A URN that stays the same for a page in one language whatever its slug or URL becomes."""
    return f"urn:uuid:{uuid.uuid5(page.translation_key, page.locale.language_code)}"


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        if is_shared_visitor(request):
            mark_shared(request, ArticlePage)  # the same feed for everyone, stored until an article changes
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=FEED_CACHE_SECONDS)
        return response

    def get_object(self, request, faculty=None):
        return feed_scope(request, faculty)

    def title(self, scope: FeedScope) -> str:
        if scope.faculty:
            return _("%(faculty)s – alumni news") % {"faculty": scope.faculty_title}
        return _("Alumni news")

    def description(self, scope: FeedScope) -> str:
        if scope.faculty:
            return _("The latest articles from %(faculty)s on the alumni portal.") % {"faculty": scope.faculty_title}
        return _("The latest articles from the alumni portal.")

    def link(self, scope: FeedScope) -> str:
        if scope.sections:
            return scope.sections[0].get_full_url(scope.request)
        # The home page of the active language: "/" or "/en/".
        return scope.request.build_absolute_uri(reverse("wagtail_serve", args=[""]))

    def author_name(self, scope: FeedScope) -> str:
        return _("Alumni portal")

    def items(self, scope: FeedScope) -> list[ArticlePage]:
        articles = ArticlePage.objects.live().public().filter(locale=scope.locale)
        if scope.faculty:
            articles = articles.filter(scope.below_sections())
        articles = list(
            articles.defer_streamfields()
            .select_related("locale")
            .order_by("-date", "-first_published_at", "-pk")[:FEED_LENGTH]
        )
        for article in articles:
            # Resolved here, where the request is known (the feed instance is shared between requests).
            article.feed_link = article.get_full_url(scope.request)
        return articles

    def item_title(self, article: ArticlePage) -> str:
        return article.title

    def item_description(self, article: ArticlePage) -> str:
        # RSS descriptions and Django's Atom summaries are HTML: the plain-text introduction is escaped.
        return linebreaks(article.introduction, autoescape=True)

    def item_link(self, article: ArticlePage) -> str:
        return article.feed_link

    def item_guid(self, article: ArticlePage) -> str:
        return stable_guid(article)

    def item_guid_is_permalink(self, article: ArticlePage) -> bool:
        return False

    def item_author_name(self, article: ArticlePage) -> str | None:
        return article.author_name or None

    def item_pubdate(self, article: ArticlePage) -> datetime.datetime:
        """The article's date; at the time it was first published when that was on the same day (keeps order)."""
        zone = timezone.get_default_timezone()
        published = article.first_published_at
        if published and timezone.localtime(published, zone).date() == article.date:
            return published
        return datetime.datetime.combine(article.date, datetime.time.min, tzinfo=zone)

    def item_updateddate(self, article: ArticlePage) -> datetime.datetime:
        return max(filter(None, [article.last_published_at, self.item_pubdate(article)]))


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed

    def subtitle(self, scope: FeedScope) -> str:
        return self.description(scope)


articles_rss = ArticleFeed()
articles_atom = ArticleAtomFeed()


def faculty_feed_path(url_name: str, section: FacultyPage) -> str | None:
    """A faculty section's feed address (`url_name` takes the short name), or None when the short name cannot
    stand in a URL (a slash)."""
    try:
        return reverse(url_name, kwargs={"faculty": section.faculty.short_name.lower()})
    except NoReverseMatch:
        return None
