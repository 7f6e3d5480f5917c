"""The public site search: live, public pages of the visitor's language only."""

from django.template.response import TemplateResponse
from wagtail.models import Locale, Page

from home.pagination import paginate
from home.ratelimit import rate_limited
from search.filters import SiteSearchFilterSet

RESULTS_PER_PAGE = 10


@rate_limited("search", methods=("GET",))
def search(request):
    pages = Page.objects.live().public().filter(locale=Locale.get_active())
    filterset = SiteSearchFilterSet(request.GET or None, queryset=pages)
    is_valid = filterset.is_valid()
    results = None
    if filterset.is_bound and is_valid and filterset.form.cleaned_data.get("q"):
        results = paginate(request, filterset.search(), RESULTS_PER_PAGE)
        # One query per page type on this results page, not per result, for the summaries.
        specific = Page.objects.filter(pk__in=[page.pk for page in results.object_list]).specific().in_bulk()
        results.object_list = [specific.get(page.pk, page) for page in results.object_list]
    return TemplateResponse(
        request,
        "search/search.html",
        {"filterset": filterset, "search_query": filterset.form.data.get("q", ""), "results": results},
        status=400 if filterset.is_bound and not is_valid else 200,
    )
