"""The one headless API: Wagtail 8's API v3 (django-ninja), to which feature apps add their routers."""

from django.http import JsonResponse
from wagtail.api.v3.errors import ProblemDetail
from wagtail.api.v3.urls import api

from alumni.api import router as alumni_router
from events.api import router as events_router
from gala.api import router as gala_router
from home.api import SingleValueParser
from home.integers import INT64_MAX, INT64_MIN
from home.middleware import too_many_requests
from home.ratelimit import RateLimited
from protocols.api import router as protocols_router
from search.api import router as search_router
from surveys.api import router as surveys_router

__all__ = ["api", "api_not_found"]

api.parser = SingleValueParser()
api.add_router("/events/", events_router)
api.add_router("/alumni/", alumni_router)  # the alumni directory (alumni/api.py)
api.add_router("/gala/", gala_router)  # the gala's winners (gala/api.py)
api.add_router("/protocols/", protocols_router)  # active protocols (protocols/api.py)
api.add_router("/surveys/", surveys_router)  # survey figures for the office's tools (surveys/api.py)
api.add_router("/search/", search_router)  # the site search (search/api.py)


def api_not_found(request, *args, **kwargs):
    """Unknown API paths answer like the API's own errors: problem+json, never an HTML page."""
    return JsonResponse(
        {"type": "about:blank", "title": "Not Found", "status": 404, "detail": f"No API endpoint at {request.path}."},
        status=404,
        content_type="application/problem+json",
    )


@api.exception_handler(RateLimited)
def rate_limited(request, error: RateLimited):
    return too_many_requests(request, error)


# Every operation can answer with a problem: say so in the OpenAPI document, with the problem's schema.
DOCUMENTED_PROBLEMS = {
    "400": "Bad request (a request the server cannot read, such as an unknown host).",
    "401": "The Authorization header does not carry a valid token (a request without one reads as the public).",
    "404": "Not found.",
    "422": "A parameter is not of its type or range (offsets, limits, pages up to 10,000); `errors` says which.",
    "429": "Too many requests; the `Retry-After` header says when to try again.",
}
_openapi_schema = api.get_openapi_schema


def openapi_schema_with_problems(*, path_prefix=None, path_params=None):
    schema = _openapi_schema(path_prefix=path_prefix, path_params=path_params)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ProblemDetail", ProblemDetail.model_json_schema(ref_template="#/components/schemas/{model}"))
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in DOCUMENTED_PROBLEMS.items():
                responses.setdefault(status, {"description": description, "content": problem})
    _bound_integers(schema)
    return schema


def _bound_integers(node) -> None:
    """Every integer the document declares, bounded to 64 bits: a whole number past them is refused with a 422 in
    any parameter or body (home.middleware.ApiGuardMiddleware), so the document says so."""
    if isinstance(node, dict):
        if node.get("type") == "integer":
            node["minimum"] = max(node.get("minimum", INT64_MIN), INT64_MIN)
            node["maximum"] = min(node.get("maximum", INT64_MAX), INT64_MAX)
        for value in node.values():
            _bound_integers(value)
    elif isinstance(node, list):
        for value in node:
            _bound_integers(value)


api.get_openapi_schema = openapi_schema_with_problems
