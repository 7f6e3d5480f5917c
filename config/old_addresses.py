"""The Romanian site's addresses from before its paths were translated: /account/..., /search/, /feeds/... and
/events/registrations/cancel/<token>/ (printed in e-mails people still keep). Each answers 301 with the same
route's Romanian address (/cont/..., /cautare/, /fluxuri/..., /evenimente/inscrieri/anulare/<token>/), the
rest of the path and the query string kept.
"""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

# The first path segment of every public route whose Romanian address changed (config/urls.py mounts the view on
# them, after the translated routes, so the new Romanian and the English addresses are matched first).
OLD_PREFIXES = ("account", "search", "feeds", "events/registrations/cancel")


def moved_permanently(request):
    # With no language active the routes are the untranslated (English) strings at the root, without a language
    # prefix: exactly the old Romanian addresses.
    with translation.override(None):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            raise Http404 from None
    if match.func is moved_permanently or match.view_name == "wagtail_serve":
        raise Http404
    with translation.override(settings.LANGUAGE_CODE):
        url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    if url == request.path:
        raise Http404  # the route is not translated (no catalogue): nowhere else to go
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
