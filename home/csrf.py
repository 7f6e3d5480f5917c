"""CSRF protection for forms on shared (cached) pages, which cannot carry a per-visitor token.

A visitor without a session sees the page everyone sees (home.page_cache), so its forms render no token
(`{% form_token %}`). Their POST is accepted when the browser says it comes from this site: an `Origin` header
that Django's own check verifies (the host, or CSRF_TRUSTED_ORIGINS), or, where a browser sends none, the Fetch
Metadata header `Sec-Fetch-Site: same-origin`. Anything else, and every request that carries a session (signed-in
alumni, editors), goes through Django's CsrfViewMiddleware and its token check as before. This middleware sits
just before Django's, which stays in MIDDLEWARE and skips a request marked done here.
"""

from django.middleware.csrf import CsrfViewMiddleware

from home.page_cache import is_shared_visitor

_SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class SharedPageOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._django_check = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if (
            request.method not in _SAFE_METHODS
            and not getattr(callback, "csrf_exempt", False)
            and is_shared_visitor(request)
            and self._from_this_site(request)
        ):
            request.csrf_processing_done = True  # Django's CsrfViewMiddleware accepts it without a token
        return None

    def _from_this_site(self, request) -> bool:
        if "HTTP_ORIGIN" in request.META:
            return self._django_check._origin_verified(request)
        return request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
