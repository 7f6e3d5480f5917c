"""What the directory page and a community page show; `DirectoryPage`'s routes render it."""

from typing import TYPE_CHECKING, Any

from django.http import Http404

from alumni.directory.cards import load_page_of_cards, person_cards, profile_rows_in_order
from alumni.directory.facets import counts_for, label_choices
from alumni.directory.listing import directory_filterset, external_search, people, sorted_results
from alumni.directory.matches import NameMatches
from alumni.filters import FacultyNames
from alumni.models import Community
from alumni.models.pages import COMMUNITY_ROUTE
from alumni.privacy import field_visible_q, viewer_for
from home.pagination import paginate

if TYPE_CHECKING:
    from django.http import HttpRequest

    from alumni.models import DirectoryPage


def community_url_builder(page: "DirectoryPage", request: "HttpRequest"):
    """A function from a community's slug to its page's address under this directory (the page's URL read once)."""
    base_url = page.get_url(request) or ""

    def community_url(slug: str) -> str:
        return base_url + page.reverse_subpage(COMMUNITY_ROUTE, kwargs={"slug": slug})

    return community_url


def directory_context(page: "DirectoryPage", request: "HttpRequest") -> dict[str, Any]:
    """Everything the directory template shows: the filter form with counts, a page of cards, the communities."""
    viewer = viewer_for(request)
    faculty_key = page.section_faculty_key()
    filterset = directory_filterset(request.GET, viewer, page.locale_id, faculty_key)
    community_url = community_url_builder(page, request)
    searched = external_search(filterset)
    if searched is None and filterset.is_valid():
        searched = NameMatches.for_filterset(filterset)  # a name search's matches, counted in memory
    if searched is not None:
        counts = searched.facet_counts
        label_choices(filterset, counts)
        page_obj = paginate(request, searched, page.items_per_page, count=searched.count())
        people_ = profile_rows_in_order(list(page_obj.object_list), viewer)
        page_obj.object_list = person_cards(people_, viewer, filterset.faculties, page.locale_id, community_url)
    else:
        results = sorted_results(filterset)
        counts, total = counts_for(filterset, faculty_key) if filterset.is_valid() else ({}, None)
        label_choices(filterset, counts)
        page_obj = paginate(request, results, page.items_per_page, count=total)
        load_page_of_cards(page_obj, viewer, filterset.faculties, page.locale_id, community_url, request)
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
    community = Community.objects.with_slug(slug, page.locale_id)
    if community is None:
        raise Http404
    viewer = viewer_for(request)
    members = (
        people(viewer, page.section_faculty_key())
        .in_community(community)
        .filter(field_visible_q(viewer, "communities"))
        .order_by("sort_key", "pk")
    )
    page_obj = paginate(request, members, page.items_per_page)
    faculties = FacultyNames.load(page.locale_id)
    load_page_of_cards(page_obj, viewer, faculties, page.locale_id, community_url_builder(page, request), request)
    return {
        "community": community,
        "people": page_obj,
        "result_count": page_obj.paginator.count,
        "directory_url": page.get_url(request),
        "viewer": viewer,
    }
