"""The benchmark's WSGI application: the site as gunicorn serves it, and the baseline `/bench/bare/` served by a
Django handler with no middleware at all (none of MIDDLEWARE runs for it), in the same processes.

So the ratio of a page to the baseline is what the page costs against Django's own floor on this machine (WSGI
request, URL resolving, a view, a response), measured side by side in one server under the same load.
"""

import os

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

from benchmarks.scenarios import BARE_PATH  # noqa: E402
from config.wsgi import application as site  # noqa: E402


class NoMiddlewareHandler(WSGIHandler):
    """Django's WSGI handler as it is with MIDDLEWARE = []."""

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


bare = NoMiddlewareHandler()


def application(environ, start_response):
    if environ.get("PATH_INFO") == BARE_PATH:
        return bare(environ, start_response)
    return site(environ, start_response)
