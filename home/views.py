"""Site-wide views: robots.txt and the error pages, each in the visitor's language."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from home.problems import is_api_request, problem_response


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    search_paths = []
    for code, _name in settings.LANGUAGES:  # the search page's address is translated (config/urls.py)
        with translation.override(code):
            search_paths.append(reverse("search"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: {path}" for path in search_paths),
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def bad_request(request, exception=None):
    # Rendered without the request: a bad Host header makes everything that asks for the host fail again.
    if is_api_request(request):
        return problem_response(400, "The request could not be understood.")
    return HttpResponse(loader.get_template("400.html").render({}), status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors and no database: the page must render even when the database is what failed.
    if is_api_request(request):
        return problem_response(500, "An error on the server stopped this request.")
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
