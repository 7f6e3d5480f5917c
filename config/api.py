"""The one headless API: Wagtail 8's API v3 (django-ninja), to which feature apps add their routers."""

from django.http import JsonResponse
from wagtail.api.v3.urls import api

from alumni.api import router as alumni_router
from events.api import router as events_router

__all__ = ["api", "api_not_found"]

api.add_router("/events/", events_router)
api.add_router("/alumni/", alumni_router)  # the alumni directory (alumni/api.py)


def api_not_found(request, *args, **kwargs):
    """Unknown API paths answer like the API's own errors: problem+json, never an HTML page."""
    return JsonResponse(
        {"type": "about:blank", "title": "Not Found", "status": 404, "detail": f"No API endpoint at {request.path}."},
        status=404,
        content_type="application/problem+json",
    )
