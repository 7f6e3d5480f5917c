"""One pagination rule for every public listing."""

from django.core.paginator import Page, Paginator


def paginate(request, queryset, per_page: int) -> Page:
    """A missing, malformed or out-of-range page number shows the nearest real page instead of an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
