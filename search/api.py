"""The site search in the API v3, with the rules of the search page (search.kinds): what a visitor may see, in
`locale` only, grouped by kind with counts; people by name only; promoted results first.

    GET /api/v3/search/?q=stefan+timisoara&locale=en
    GET /api/v3/search/?q=timisoara&kind=articles&limit=20&offset=20
"""

from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from wagtail.models import Locale

from alumni.privacy import viewer_for
from home.api import MAX_OFFSET, PUBLIC_AUTH, LanguageCode
from search.filters import MAX_QUERY_LENGTH
from search.kinds import KINDS, Result, SearchContext
from search.views import grouped_results, promoted_results

router = Router(tags=["search"])

KindKey = Literal[tuple(KINDS)]
MAX_LIMIT = 50


class SiteSearchFilters(Schema):
    q: str = Field(
        ..., min_length=1, max_length=MAX_QUERY_LENGTH, description="Words; diacritics and case do not matter."
    )
    locale: LanguageCode = settings.LANGUAGE_CODE
    kind: KindKey | None = Field(None, description="Only this kind of result, paginated with limit and offset.")
    limit: int = Field(5, ge=1, le=MAX_LIMIT, description=f"Results per kind, at most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="With `kind`: how many results to skip.")


class SiteSearchItem(Schema):
    title: str
    url: str
    summary: str


class SiteSearchGroup(Schema):
    kind: str
    label: str
    count: int
    items: list[SiteSearchItem]


class SiteSearchOut(Schema):
    query: str
    count: int
    promoted: list[SiteSearchItem]
    groups: list[SiteSearchGroup]


def _item(request: HttpRequest, result: Result) -> dict:
    url = request.build_absolute_uri(result.url) if result.url.startswith("/") else result.url
    return {"title": result.title, "url": url, "summary": result.summary}


@router.get(
    "/",
    response=SiteSearchOut,
    summary="Search the site",
    operation_id="site_search",
    auth=PUBLIC_AUTH,
)
def site_search(request: HttpRequest, filters: Query[SiteSearchFilters]):
    """Pages, professional communities, listed alumni (by name), active protocols and gala winners that match
    every word of `q`, in `locale`, grouped by kind: each group's count and its first `limit` results (or, with
    `kind`, that kind alone from `offset`). Promoted results come first."""
    language = Locale.objects.filter(language_code=filters.locale).first() or Locale.get_default()
    context = SearchContext(request, language, viewer_for(request), filters.q)
    if filters.kind is not None:
        kind = KINDS[filters.kind]
        matches = kind.matching(context)
        count = matches.count()
        start = filters.offset
        rows = list(matches[start : start + filters.limit]) if count > start else []
        groups = [{"kind": kind, "count": count, "results": kind.render(rows, context)}] if count else []
        promoted = []
    else:
        found = grouped_results(context, group_size=filters.limit)
        groups = [{"kind": group.kind, "count": group.count, "results": group.results} for group in found]
        promoted = promoted_results(context)
    return {
        "query": filters.q,
        "count": sum(group["count"] for group in groups),
        "promoted": [_item(request, result) for result in promoted],
        "groups": [
            {
                "kind": group["kind"].key,
                "label": str(group["kind"].label),
                "count": group["count"],
                "items": [_item(request, result) for result in group["results"]],
            }
            for group in groups
        ],
    }
