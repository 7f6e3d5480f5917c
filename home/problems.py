"""RFC 9457 problem details: how every API error answers (`application/problem+json`), never an HTML page."""

from http import HTTPStatus

from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"


def problem_response(status: int, detail: str = "", *, title: str = "", headers=None, **extra) -> JsonResponse:
    body = {"type": "about:blank", "title": title or HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE, headers=headers)


def is_api_request(request) -> bool:
    return request is not None and request.path.startswith(API_PREFIX)
