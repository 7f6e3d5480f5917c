"""The directory page's two views: the searchable, filtered list of people and a community's members.

Who appears and which of their fields show is decided by `alumni.privacy` for the person looking; filters and
facet counts never look at a field the viewer may not see (`alumni.filters.field_visible_q`).

Facet counts are disjunctive: the count beside a value is the number of results the directory would show if
that value were chosen, with the other active filters kept. So with no filter of a facet active, the counts of a
single-valued facet add up to the result count (exactly for faculties; for guarded fields, to the results whose
field the viewer may see and is filled in), and the chosen value's count is the result count. Each facet costs
one aggregate query, whatever the number of people: the page costs the same for 20 matches and for 2,000.
"""

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.db.models.query import prefetch_related_objects
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from alumni.filters import (
    ANY_HELP,
    FACET_FILTERS,
    DirectoryFilterSet,
    FacultyNames,
    decade_of,
    field_visible_q,
)
from alumni.models import HELP_OFFER_FIELDS, Alumnus, Community, HelpOffer, Sector, StudyCycle, willing_to_help_q
from alumni.privacy import PUBLIC, Profile, Viewer, profiles_for, viewer_for, visible_alumni, with_profile_relations
from home.pagination import paginate

if TYPE_CHECKING:
    from django.http import HttpRequest

    from alumni.models import DirectoryPage

ITEMS_PER_PAGE = 20
FACET_CACHE_SECONDS = 300
COMMUNITY_ROUTE = "community"
PHOTO_SPEC = "fill-160x160|format-webp"


@dataclass
class PersonCard:
    """One person as a card shows them: their profile for this viewer, with names in the page's language."""

    profile: Profile
    faculty_name: str
    faculty_short_name: str
    study_cycle: str = ""
    sector: str = ""
    help_offers: list[str] = field(default_factory=list)
    communities: list[dict[str, str]] = field(default_factory=list)


# Scope ---------------------------------------------------------------------------------------------------------


def section_faculty_key(page: "DirectoryPage"):
    """The faculty a directory under a faculty section covers (its translation key), or None under the home page."""
    from home.models import FacultyPage

    parent_path = page.path[: -page.steplen]
    return FacultyPage.objects.filter(path=parent_path).values_list("faculty__translation_key", flat=True).first()


def people(viewer: Viewer, faculty_key=None):
    """Everyone this viewer may see in the directory (of one faculty, when given), through the privacy function."""
    queryset = visible_alumni(viewer, Alumnus.objects.all())
    if faculty_key is not None:
        queryset = queryset.filter(faculty__translation_key=faculty_key)
    return queryset


def directory_filterset(data, viewer: Viewer, locale_id: int, faculty_key=None) -> DirectoryFilterSet:
    return DirectoryFilterSet(
        data, queryset=people(viewer, faculty_key), viewer=viewer, locale_id=locale_id, faculty_key=faculty_key
    )


def sorted_results(filterset: DirectoryFilterSet):
    """The filtered people in Romanian alphabetical order (last name, then first name), or none if invalid."""
    if not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs.order_by("sort_key", "pk")


# Facets --------------------------------------------------------------------------------------------------------


def _grouped(queryset, column: str) -> list[tuple[Any, int]]:
    return list(queryset.order_by().values_list(column).annotate(count=Count("pk")).values_list(column, "count"))


def facet_counts(filterset: DirectoryFilterSet) -> dict[str, dict[str, int]]:
    """For each facet, {value: count} as described in the module's docstring: one aggregate query per facet."""
    viewer = filterset.viewer
    counts: dict[str, dict[str, int]] = {}

    def base(facet: str, guard: str | None = None):
        queryset = filterset.filtered(ignore=FACET_FILTERS[facet])
        return queryset.filter(field_visible_q(viewer, guard)) if guard else queryset

    if "faculty" in filterset.filters:
        faculty_counts: dict[str, int] = {}
        for faculty_id, count in _grouped(base("faculty"), "faculty_id"):
            short_name = filterset.faculties.short_name_for_key(filterset.faculties.key_for_pk.get(faculty_id))
            if short_name:
                faculty_counts[short_name] = faculty_counts.get(short_name, 0) + count
        counts["faculty"] = faculty_counts
    counts["cycle"] = dict(_grouped(base("cycle", "study_cycle").exclude(study_cycle=""), "study_cycle"))
    decades: dict[str, int] = {}
    for year, count in _grouped(
        base("decade", "graduation_year").filter(graduation_year__isnull=False), "graduation_year"
    ):
        decades[decade_of(year)] = decades.get(decade_of(year), 0) + count
    counts["decade"] = decades
    counts["sector"] = dict(_grouped(base("sector", "sector").exclude(sector=""), "sector"))
    # Spellings that differ only by case are one country, shown as its most common spelling.
    countries: dict[str, list] = {}
    for spelling, count in _grouped(base("country", "country").exclude(country=""), "country"):
        entry = countries.setdefault(spelling.casefold(), [spelling, 0, 0])
        if count > entry[1]:
            entry[0], entry[1] = spelling, count
        entry[2] += count
    counts["country"] = {spelling: total for spelling, _most, total in countries.values()}
    helpers = base("help", "help_offers").aggregate(
        **{ANY_HELP: Count("pk", filter=willing_to_help_q())},
        **{offer: Count("pk", filter=Q(**{HELP_OFFER_FIELDS[offer]: True})) for offer in HelpOffer.values},
    )
    counts["help"] = {value: count or 0 for value, count in helpers.items()}
    return counts


def directory_state() -> str:
    """Changes when anyone is added or saved (two index probes); deletions show within FACET_CACHE_SECONDS."""
    state = Alumnus.objects.aggregate(updated=Max("updated_at"), last=Max("pk"))
    return f"{state['last']}:{state['updated'].timestamp() if state['updated'] else 0}"


def counts_for(filterset: DirectoryFilterSet, faculty_key) -> tuple[dict[str, dict[str, int]], int | None]:
    """The facet counts and the result count. For the public, whose view of everyone is the same, both are
    cached per filter combination until someone's data changes; a signed-in alumnus also sees themselves and
    the alumni-level fields, so theirs are counted afresh."""
    if filterset.viewer.audience != PUBLIC.audience:
        return facet_counts(filterset), None
    data = sorted((name, str(value)) for name, value in filterset.form.cleaned_data.items() if value not in ("", None))
    fingerprint = hashlib.sha256(repr((faculty_key, filterset.locale_id, data)).encode()).hexdigest()[:32]
    key = f"alumni:directory-counts:{directory_state()}:{fingerprint}"
    cached = cache.get(key)
    if cached is None:
        cached = (facet_counts(filterset), sorted_results(filterset).count())
        cache.set(key, cached, FACET_CACHE_SECONDS)
    return cached


def label_choices(filterset: DirectoryFilterSet, counts: dict[str, dict[str, int]]) -> None:
    """Write each facet value's count into its option, and offer the countries found as a list."""
    form = filterset.form
    for name in ("faculty", "cycle", "decade", "sector", "help"):
        if name not in form.fields:
            continue
        facet = counts.get(name, {})
        choices = []
        for value, label in form.fields[name].choices:
            if value in ("", None):
                choices.append((value, label))
                continue
            count = facet.get(value, 0)
            if count or value == form.data.get(name) or name == "faculty":
                choices.append((value, f"{label} ({count})"))
        form.fields[name].choices = choices
    if "country" in form.fields:
        from django import forms

        chosen = (form.data.get("country") or "").strip()
        countries = sorted(counts.get("country", {}).items(), key=lambda item: item[0].casefold())
        choices = [("", _("Any country"))] + [(name, f"{name} ({count})") for name, count in countries]
        if chosen and chosen.casefold() not in {name.casefold() for name, _count in countries}:
            choices.append((chosen, f"{chosen} (0)"))
        elif chosen:
            # Keep the option selected whatever case the address used.
            choices = [(chosen if name.casefold() == chosen.casefold() else name, label) for name, label in choices]
        field_ = form.fields["country"]
        field_.widget = forms.Select(choices=choices, attrs=field_.widget.attrs)


# Cards ---------------------------------------------------------------------------------------------------------


def community_names(keys, locale_id: int) -> dict[Any, tuple[str, str]]:
    """{translation key: (name, slug)} of communities in one language: one query."""
    if not keys:
        return {}
    rows = Community.objects.filter(translation_key__in=keys, locale_id=locale_id)
    return {key: (name, slug) for key, name, slug in rows.values_list("translation_key", "name", "slug")}


def person_cards(
    alumni, viewer: Viewer, faculties: FacultyNames, locale_id: int, community_url=None
) -> list[PersonCard]:
    """Cards for a page of people (loaded with `with_profile_relations`): a fixed number of queries."""
    profiles = profiles_for(alumni, viewer)
    photos = [profile.photo for profile in profiles if "photo" in profile.fields]
    if photos:
        prefetch_related_objects(photos, "renditions")
    keys = {community.translation_key for profile in profiles for community in profile.fields.get("communities", [])}
    localized = community_names(keys, locale_id)
    cycles, sectors, offers = dict(StudyCycle.choices), dict(Sector.choices), dict(HelpOffer.choices)
    cards = []
    for profile in profiles:
        key = faculties.key_for_pk.get(profile.faculty.pk)
        short_and_name = faculties.by_key.get(key)
        communities = []
        for community in profile.fields.get("communities", []):
            name, slug = localized.get(community.translation_key, (community.name, community.slug))
            communities.append({"name": name, "slug": slug, "url": community_url(slug) if community_url else ""})
        cards.append(
            PersonCard(
                profile=profile,
                faculty_name=short_and_name[1] if short_and_name else profile.faculty.name,
                faculty_short_name=short_and_name[0] if short_and_name else profile.faculty.short_name,
                study_cycle=cycles.get(profile.fields.get("study_cycle", ""), ""),
                sector=sectors.get(profile.fields.get("sector", ""), ""),
                help_offers=[offers[offer] for offer in profile.fields.get("help_offers", [])],
                communities=communities,
            )
        )
    return cards


def load_page_of_cards(page_obj, viewer: Viewer, faculties: FacultyNames, locale_id: int, community_url) -> None:
    """Replace a page of people by their cards: the page's ids first (sorted over every match), then those rows
    with what the cards show."""
    paginator = page_obj.paginator
    start = (page_obj.number - 1) * paginator.per_page
    ids = list(paginator.object_list.values_list("pk", flat=True)[start : start + paginator.per_page])
    rows = {row.pk: row for row in with_profile_relations(Alumnus.objects.filter(pk__in=ids))} if ids else {}
    page_obj.object_list = person_cards(
        [rows[pk] for pk in ids if pk in rows], viewer, faculties, locale_id, community_url
    )


# Views ---------------------------------------------------------------------------------------------------------


def community_url_builder(page: "DirectoryPage", request: "HttpRequest"):
    base_url = page.get_url(request) or ""

    def community_url(slug: str) -> str:
        return base_url + page.reverse_subpage(COMMUNITY_ROUTE, kwargs={"slug": slug})

    return community_url


def directory_context(page: "DirectoryPage", request: "HttpRequest") -> dict[str, Any]:
    """Everything the directory template shows: the filter form with counts, a page of cards, the communities."""
    viewer = viewer_for(request)
    faculty_key = section_faculty_key(page)
    filterset = directory_filterset(request.GET, viewer, page.locale_id, faculty_key)
    results = sorted_results(filterset)
    counts, total = counts_for(filterset, faculty_key) if filterset.is_valid() else ({}, None)
    label_choices(filterset, counts)
    page_obj = paginate(request, results, ITEMS_PER_PAGE, count=total)
    community_url = community_url_builder(page, request)
    load_page_of_cards(page_obj, viewer, filterset.faculties, page.locale_id, community_url)
    communities = [
        {"name": name, "url": community_url(slug)}
        for name, slug in Community.objects.filter(locale_id=page.locale_id).values_list("name", "slug")
    ]
    return {
        "filterset": filterset,
        "people": page_obj,
        "facet_counts": counts,
        "result_count": page_obj.paginator.count,
        "communities": communities,
        "viewer": viewer,
        "is_faculty_directory": faculty_key is not None,
        "search_query": filterset.form.data.get("q", ""),
    }


def community_context(page: "DirectoryPage", request: "HttpRequest", slug: str) -> dict[str, Any]:
    """A community in the page's language and its members: listed people who show their communities to the
    viewer. Unknown slugs are a 404."""
    community = (
        Community.objects.filter(slug=slug, locale_id=page.locale_id).first()
        or Community.objects.filter(slug=slug).order_by("locale_id").first()
    )
    if community is None:
        raise Http404
    viewer = viewer_for(request)
    faculty_key = section_faculty_key(page)
    memberships = Alumnus.communities.through.objects.filter(community__translation_key=community.translation_key)
    members = (
        people(viewer, faculty_key)
        .filter(pk__in=memberships.values("alumnus_id"))
        .filter(field_visible_q(viewer, "communities"))
        .order_by("sort_key", "pk")
    )
    page_obj = paginate(request, members, ITEMS_PER_PAGE)
    faculties = FacultyNames.load(page.locale_id)
    load_page_of_cards(page_obj, viewer, faculties, page.locale_id, community_url_builder(page, request))
    return {
        "community": community,
        "people": page_obj,
        "result_count": page_obj.paginator.count,
        "directory_url": page.get_url(request),
        "viewer": viewer,
    }


def serve_directory(page: "DirectoryPage", request: "HttpRequest") -> TemplateResponse:
    """The directory; invalid filter values re-render the form with its errors and answer 400."""
    context = page.get_context(request)
    context.update(directory_context(page, request))
    status = 400 if context["filterset"].errors else 200
    return TemplateResponse(request, page.get_template(request), context, status=status)


def serve_community(page: "DirectoryPage", request: "HttpRequest", slug: str) -> TemplateResponse:
    context = page.get_context(request)
    context.update(community_context(page, request, slug))
    return TemplateResponse(request, "alumni/community_page.html", context)
