"""The request's Wagtail Site from a cache, not from a query on every request.

Upstream gap: `Site.find_for_request` (wagtail/models/sites.py) runs `get_site_for_hostname`, an annotated query
with its root page, for each request; it keeps the answer on the request only (`request._wagtail_site`, which
Wagtail documents as its cache). `CachedSiteMiddleware` fills that attribute from the default cache, keyed on the
host, the port and a version that every process shares (in the page cache's store: a file folder, or Redis),
moved when a site, or a page that is a site's root (or its translation), is saved, moved or deleted. The root
page is kept in its specific form, as routing (and the home page's own answer) starts from it.
tests/home/test_sites.py checks both. Drop it if Wagtail ever caches the lookup itself.
"""

import logging
import secrets

from django.core.cache import cache, caches
from django.db import transaction
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from home.page_cache import PAGE_CACHE_ALIAS

SITES_VERSION_KEY = "home:sites-version"
SITE_TIMEOUT = 60 * 60
_NO_SITE = "none"


HEALTH_PREFIX = "/health/"
logger = logging.getLogger(__name__)


def sites_version() -> str:
    versions = caches[PAGE_CACHE_ALIAS]
    version = versions.get(SITES_VERSION_KEY)
    if version is None:
        version = secrets.token_hex(8)
        if not versions.add(SITES_VERSION_KEY, version, None):
            version = versions.get(SITES_VERSION_KEY) or version
    return version


def bump_sites_version(**kwargs) -> None:
    """Now, and again once the transaction commits: a process that read the old rows in between cached them under
    the version of now, which the second move leaves behind."""

    def bump():
        caches[PAGE_CACHE_ALIAS].set(SITES_VERSION_KEY, secrets.token_hex(8), None)

    bump()
    transaction.on_commit(bump)


def site_for_request(request) -> Site | None:
    """What `Site.find_for_request` answers for this request, from the cache when it can."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    key = f"home:site:{sites_version()}:{hostname}:{port}"
    site = cache.get(key)
    if site is None:
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            site = None
        else:
            site.root_page = site.root_page.specific  # routing starts from it: no query for it either
        cache.set(key, site if site is not None else _NO_SITE, SITE_TIMEOUT)
    return None if site == _NO_SITE else site


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The health endpoints answer without the database, and say so when a cache is down (config/health.py).
        if not hasattr(request, "_wagtail_site") and not request.path_info.startswith(HEALTH_PREFIX):
            try:
                request._wagtail_site = site_for_request(request)
            except Exception:  # a cache that is down: Wagtail looks the Site up itself
                logger.warning("The Site cache could not be read", exc_info=True)
        return self.get_response(request)


def _page_changed(sender, instance, **kwargs):
    from wagtail.models import Page

    if kwargs.get("raw") or not isinstance(instance, Page):
        return
    if instance.depth <= 2 or instance.is_site_root():
        bump_sites_version()


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import post_page_move

    post_save.connect(bump_sites_version, sender=Site, dispatch_uid="home-sites-saved")
    post_delete.connect(bump_sites_version, sender=Site, dispatch_uid="home-sites-deleted")
    post_save.connect(_page_changed, dispatch_uid="home-sites-page-saved")
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="home-sites-page-deleted")
    post_page_move.connect(_page_changed, dispatch_uid="home-sites-page-moved")
