"""The site's own URLs plus one bare Django view, served the same way, as the throughput baseline."""

from django.http import HttpResponse
from django.urls import path

from config import urls as site_urls


def bare(request):
    """No database, no template, and no middleware (benchmarks/wsgi.py): what Django and gunicorn cost on their
    own."""
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *site_urls.urlpatterns]

handler400 = site_urls.handler400
handler404 = site_urls.handler404
handler500 = site_urls.handler500
