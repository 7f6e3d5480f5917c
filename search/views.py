"""The public site search and its suggestions: what a visitor may see, in their language, grouped by kind
(search.kinds), with the editors' promoted results first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page
from wagtail.search.utils import normalise_query_string

from alumni.privacy import viewer_for
from home.page_cache import ANY_CHANGE, is_shared_visitor, mark_shared
from home.pagination import paginate
from home.ratelimit import rate_limited
from home.text import fold_diacritics
from search.filters import SiteSearchFilterSet
from search.kinds import KINDS, Kind, Result, SearchContext

if TYPE_CHECKING:
    from django.http import HttpRequest

RESULTS_PER_PAGE = 10
GROUP_SIZE = 5  # results of each kind on the overview; "more" shows that kind alone, paginated
MAX_SUGGESTIONS = 8
MIN_SUGGESTION_LENGTH = 2
SUGGESTIONS_MAX_AGE = 60
PROMOTED = "promoted"  # the kind of a promoted result


@dataclass
class Group:
    kind: Kind
    count: int
    results: list[Result]


def search_context(request: HttpRequest, query: str, locale: Locale | None = None) -> SearchContext:
    return SearchContext(request, locale or Locale.get_active(), viewer_for(request), query)


def grouped_results(context: SearchContext, group_size: int = GROUP_SIZE) -> list[Group]:
    """Every kind that has matches, with its count and its first results: a fixed number of queries per kind."""
    groups = []
    for kind in KINDS.values():
        matches = kind.matching(context)
        count = matches.count()
        if count:
            groups.append(Group(kind, count, kind.render(list(matches[:group_size]), context)))
    return groups


def promoted_results(context: SearchContext, as_you_type: bool = False, limit: int | None = None) -> list[Result]:
    """The editors' promoted results for this query (Settings › Promoted search results): external links, and
    pages only when live, public and in the request's language. Looked up, never recorded (no write per search).

    `as_you_type` (the suggestions): the promotions of every query that starts with what was typed so far, so
    that "adm" already offers what the editors pinned for "admitere"."""
    if not context.words:
        return []
    typed = {normalise_query_string(context.query), normalise_query_string(fold_diacritics(context.query))}
    typed.discard("")
    if not typed:
        return []
    if as_you_type:
        matching_query = Q()
        for text in typed:
            matching_query |= Q(query__query_string__startswith=text)
        ordering = ("query__query_string", "sort_order", "pk")  # the shortest query that fits first
    else:
        matching_query = Q(query__query_string__in=typed)
        ordering = ("sort_order", "pk")
    visible_pages = Page.objects.live().public().filter(locale=context.locale)
    shown = Q(page__isnull=True, external_link_url__gt="") | Q(page__in=visible_pages)
    promotions = SearchPromotion.objects.filter(shown, matching_query).order_by(*ordering)
    promotions = list(promotions[: limit * 4] if limit is not None else promotions)
    pages = Page.objects.filter(pk__in=[p.page_id for p in promotions if p.page_id]).specific().in_bulk()
    results, seen = [], set()
    for promotion in promotions:
        page = pages.get(promotion.page_id)
        url = context.page_url(page) if page is not None else promotion.external_link_url
        title = page.title if page is not None else (promotion.external_link_text or promotion.external_link_url)
        if url and url not in seen:
            seen.add(url)
            results.append(Result(PROMOTED, title, url, promotion.description))
    return results[:limit] if limit is not None else results


@rate_limited("search", methods=("GET",))
def search(request):
    if is_shared_visitor(request):
        mark_shared(request, ANY_CHANGE)  # results may show any page or record: stale after any change
    filterset = SiteSearchFilterSet(request.GET or None, queryset=Page.objects.none())
    is_valid = filterset.is_valid()
    query, kind = filterset.query, filterset.chosen_kind
    context = {"filterset": filterset, "search_query": filterset.form.data.get("q", ""), "kind": kind}
    context |= {"groups": None, "results": None, "promoted": [], "total": 0}
    if query.strip():
        search = search_context(request, query)
        if not search.words:  # only punctuation or operators: nothing to look for
            context |= {"groups": []}
        elif kind is not None:
            results = paginate(request, kind.matching(search), RESULTS_PER_PAGE)
            results.object_list = kind.render(list(results.object_list), search)
            context |= {"results": results, "total": results.paginator.count}
        else:
            groups = grouped_results(search)
            context |= {"groups": groups, "total": sum(group.count for group in groups)}
            context["promoted"] = promoted_results(search)
    return TemplateResponse(
        request, "search/search.html", context, status=400 if filterset.is_bound and not is_valid else 200
    )


def suggestions_for(context: SearchContext, limit: int = MAX_SUGGESTIONS) -> list[Result]:
    """At most `limit` titles and names that match what was typed so far, kind after kind."""
    if len(context.terms) < MIN_SUGGESTION_LENGTH:
        return []
    # What the editors pinned first, then each kind's titles, leaving out what a promotion already links to.
    found: list[Result] = promoted_results(context, as_you_type=True, limit=limit)
    promoted_urls = {result.url for result in found}
    for kind in KINDS.values():
        remaining = limit - len(found)
        if remaining <= 0:
            break
        rendered = kind.render(list(kind.suggestions(context)[: remaining + len(promoted_urls)]), context)
        found += [result for result in rendered if result.url not in promoted_urls][:remaining]
    return found[:limit]


@rate_limited("search", methods=("GET",))
def suggest(request):
    """Suggestions for the header's search box, as JSON: {"query", "suggestions": [{"kind", "kind_label",
    "title", "url"}]}. The same visibility rules as the search; browsers may keep an answer for a minute."""
    filterset = SiteSearchFilterSet(request.GET or None, queryset=Page.objects.none())
    if filterset.is_bound and not filterset.is_valid():
        errors = {name: [str(error) for error in errors] for name, errors in filterset.errors.items()}
        response = JsonResponse(
            {
                "type": "about:blank",
                "title": "Bad Request",
                "status": 400,
                "detail": _("Invalid search."),
                "errors": errors,
            },
            status=400,
            content_type="application/problem+json",
        )
    else:
        suggestions = suggestions_for(search_context(request, filterset.query)) if filterset.is_bound else []
        labels = {key: str(kind.label) for key, kind in KINDS.items()} | {PROMOTED: _("Recommended")}
        response = JsonResponse(
            {
                "query": filterset.query,
                "suggestions": [
                    {"kind": item.kind, "kind_label": labels[item.kind], "title": item.title, "url": item.url}
                    for item in suggestions
                ],
            }
        )
    # Per visitor (a signed-in alumnus is a different viewer), and short: a record that leaves goes quickly.
    patch_cache_control(response, private=True, max_age=SUGGESTIONS_MAX_AGE)
    response.headers["Vary"] = "Cookie"
    return response
