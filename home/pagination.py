"""One pagination rule for every public listing."""

from django.core.paginator import Page, Paginator


def paginate(request, queryset, per_page: int, count: int | None = None) -> Page:
    """A missing, malformed or out-of-range page number shows the nearest real page instead of an error.

    `count`, when the caller already knows it (from a cache), saves the paginator's COUNT query.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    return paginator.get_page(request.GET.get("page"))
