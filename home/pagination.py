"""One pagination rule for every public listing, and one way to load a page of wide rows."""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def paginate(request, queryset, per_page: int, count: int | None = None) -> Page:
    """A missing, malformed or out-of-range page number shows the nearest real page instead of an error.

    `count`, when the caller already knows it (from a cache), saves the paginator's COUNT query.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    return paginator.get_page(request.GET.get("page"))


def rows_for_ids(queryset: QuerySet, start: int, size: int, load: Callable[[list], Iterable[Any]]) -> list[Any]:
    """The rows `queryset[start:start + size]`, in the queryset's order, loaded in two steps: the slice's ids
    (sorting and filtering narrow rows over every match), then `load(ids)`, which fetches just those rows with
    everything they show (select_related, prefetches). Rows gone between the two steps are left out.

    Sorting thousands of ids instead of thousands of wide rows keeps a deep listing fast, and the queries cost
    the same for 20 matches as for 2,000.
    """
    ids = list(queryset.prefetch_related(None).values_list("pk", flat=True)[start : start + size])
    if not ids:
        return []
    rows = {row.pk: row for row in load(ids)}
    return [rows[pk] for pk in ids if pk in rows]


def fill_page(page: Page, load: Callable[[list], Iterable[Any]]) -> Page:
    """Fill a page of `paginate` (over a queryset) with `rows_for_ids`: its `object_list` becomes the list of
    loaded rows, in order."""
    paginator = page.paginator
    start = (page.number - 1) * paginator.per_page
    page.object_list = rows_for_ids(paginator.object_list, start, paginator.per_page, load)
    return page
