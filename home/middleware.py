"""Site-wide middleware: abuse limits answered with 429, the Permissions-Policy header, and the API's guard."""

import json

from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from home.api import MAX_OFFSET
from home.integers import INT64_MAX, INT64_MIN, out_of_range
from home.problems import is_api_request, problem_response
from home.ratelimit import RateLimited, check_request
from home.text import search_terms

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def too_many_requests(request, error: RateLimited) -> HttpResponse:
    headers = {"Retry-After": str(error.retry_after), "Cache-Control": "no-store"}
    if is_api_request(request):
        return problem_response(
            429, _("Too many requests: try again in %(seconds)s s.") % {"seconds": error.retry_after}, headers=headers
        )
    context = {"retry_after": error.retry_after, "minutes": -(-error.retry_after // 60), "scope": error.scope}
    body = loader.get_template("429.html").render(context)
    return HttpResponse(body, status=429, headers=headers)


def _password_views() -> dict:
    """Wagtail's own views that take a password a visitor types (a private page's, a private collection's): the
    project does not route them, so they are limited by the view they resolve to."""
    from wagtail.documents.views import serve as documents
    from wagtail.views import authenticate_with_password

    return {authenticate_with_password: "page_password", documents.authenticate_with_password: "page_password"}


class RateLimitMiddleware:
    """Answers a `RateLimited` raised anywhere below it (a view, a page's serve(), an API route, a sign-in), and
    limits the password forms of Wagtail's that no view of ours wraps."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.limited_views = _password_views()

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        scope = self.limited_views.get(view_func)
        if scope is not None and request.method == "POST":
            try:
                check_request(request, scope)
            except RateLimited as error:
                return too_many_requests(request, error)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        return None


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


MAX_API_OFFSET = MAX_OFFSET
_NUMBER_PARAMETERS = ("offset", "limit", "page")
_TEXT_PARAMETERS = ("search", "q")  # free text: a long number in it is words to look for


def out_of_range_problem(name: str, value: str):
    return problem_response(
        422,
        _("%(name)s must be a whole number from %(min)s to %(max)s.")
        % {"name": name, "min": INT64_MIN, "max": INT64_MAX},
        errors=[{"parameter": name, "value": value[:100]}],
    )


def json_number_out_of_range(body: bytes) -> str | None:
    """The first whole number in a JSON body that no column can hold, as written; None for any other body (a body
    that is not JSON is left to the route to refuse)."""
    found = []

    def parse_int(text: str) -> int:
        if not found and out_of_range(text):
            found.append(text)
        return 0  # the value is not used: only the numbers are looked at

    try:
        json.loads(body, parse_int=parse_int)
    except (ValueError, RecursionError):
        return None
    return found[0] if found else None


class ApiGuardMiddleware:
    """In front of every API route, Wagtail's own included: the "api" rate limit, a full-text `search` reduced to
    safe words, NUL bytes turned into spaces, and offsets, limits and page numbers that are whole numbers up to
    MAX_API_OFFSET, else a 422 problem, as Ninja answers any other parameter out of its range. A whole number in
    any parameter that no column can hold (past 64 bits, home/integers.py) is a 422 problem too, whatever the
    route declares it as: Wagtail's own filters (`?site=`, `?owner=`) take any model field by name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_request(request):
            try:
                check_request(request, "api")
            except RateLimited as error:
                return too_many_requests(request, error)
            problem = self.guard(request)
            if problem is not None:
                return problem
        return self.get_response(request)

    def guard(self, request):
        for name in _NUMBER_PARAMETERS:
            value = request.GET.get(name)
            if value is None:
                continue
            if not value.isascii() or not value.isdigit() or int(value) > MAX_API_OFFSET:
                return problem_response(
                    422,
                    _("%(name)s must be a whole number from 0 to %(max)s.") % {"name": name, "max": MAX_API_OFFSET},
                    errors=[{"parameter": name, "value": value[:100]}],
                )
        for name, values in request.GET.lists():
            if name in _TEXT_PARAMETERS:
                continue
            for value in values:
                if out_of_range(value):
                    return out_of_range_problem(name, value)
        if request.method in ("POST", "PUT", "PATCH") and request.content_type == "application/json":
            number = json_number_out_of_range(request.body)
            if number is not None:
                return out_of_range_problem("body", number)
        if "search" in request.GET or any("\x00" in value for value in request.GET.values()):
            params = request.GET.copy()
            # A space, not nothing: the value keeps its length and shape, so that a value over its maximum length or
            # outside its choices (with NUL bytes in it) is still refused by validation, not silently accepted.
            for name, values in params.lists():
                params.setlist(name, [value.replace("\x00", " ") for value in values])
            if "search" in params:
                params["search"] = search_terms(params["search"])
            request.GET = params
        return None
