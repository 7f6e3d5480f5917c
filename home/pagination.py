"""One pagination rule for every public listing, and one way to load a page of wide rows."""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

# The query-string names of a page's cursor: the id of the row a next page starts after, or a previous page ends
# before (`fill_page`).
AFTER, BEFORE = "after", "before"


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


def _cursor(request, name: str) -> int | None:
    value = request.GET.get(name, "") if request is not None else ""
    return int(value) if value.isdigit() and len(value) < 19 else None


def keyset_ids(queryset: QuerySet, cursor: int, size: int, backwards: bool = False) -> list | None:
    """The ids of the `size` rows right after (or before) the row with id `cursor`, in the queryset's order, which
    must be one field then the primary key ("sort_key", "pk"): an index range instead of skipping every row of
    the pages before. None when the cursor's row is not among the queryset's own rows (gone, filtered out, or
    someone the viewer may not see: a cursor never reveals where a row it cannot list would sort)."""
    ordering = list(queryset.query.order_by)
    if len(ordering) != 2 or ordering[1] not in ("pk", "id") or ordering[0].startswith("-"):
        raise ValueError(f"keyset pagination needs an order by one field and the primary key, not {ordering}")
    field = ordering[0]
    key = queryset.filter(pk=cursor).values_list(field, flat=True).first()
    if key is None:
        return None
    if backwards:
        before = Q(**{f"{field}__lt": key}) | Q(**{field: key, "pk__lt": cursor})
        ids = list(queryset.filter(before).order_by(f"-{field}", "-pk").values_list("pk", flat=True)[:size])
        return ids[::-1]
    after = Q(**{f"{field}__gt": key}) | Q(**{field: key, "pk__gt": cursor})
    return list(queryset.filter(after).values_list("pk", flat=True)[:size])


def fill_page(page: Page, load: Callable[[list], Iterable[Any]], request=None) -> Page:
    """Fill a page of `paginate` (over a queryset) with `rows_for_ids`: its `object_list` becomes the list of
    loaded rows, in order.

    With `request`, deep pages cost what the first does: the page's links carry a cursor (`next_after`,
    `previous_before`: the ids of its last and first rows, which components/pagination.html adds as `after` and
    `before`), and a request that brings one reads the rows next to it on the index instead of counting past
    every earlier page. A cursor that no longer fits (its row gone or filtered out) falls back to the page
    number."""
    paginator = page.paginator
    ids = None
    if request is not None:
        after, before = _cursor(request, AFTER), _cursor(request, BEFORE)
        if after is not None and page.number > 1:
            ids = keyset_ids(paginator.object_list, after, paginator.per_page)
        elif before is not None and page.number < paginator.num_pages:
            ids = keyset_ids(paginator.object_list, before, paginator.per_page, backwards=True)
    if ids is None or not ids:
        start = (page.number - 1) * paginator.per_page
        page.object_list = rows_for_ids(paginator.object_list, start, paginator.per_page, load)
    else:
        rows = {row.pk: row for row in load(ids)}
        page.object_list = [rows[pk] for pk in ids if pk in rows]
    if request is not None and page.object_list:
        page.next_after = page.object_list[-1].pk
        page.previous_before = page.object_list[0].pk
    return page
