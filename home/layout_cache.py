"""A version stamp for cached layout fragments (navigation, language links, footer).

The fragments are cached with Wagtail's preview-aware `{% wagtailpagecache %}` tag, keyed by the page, the
language and this version. Publishing, unpublishing, moving or deleting any page, adding, changing or removing a
page's view restriction (menus and language links show public pages only), and saving the site settings or a
faculty, moves the version on, so no fragment outlives the content it shows. The version is kept where the
page cache keeps its tags (a folder of files every process reads, or Redis), not in the per-process default
cache: another process would go on serving its old fragments, and storing them in the shared page cache. It
moves at once and again when the transaction commits, so a process that read the old rows in between does not
keep them under the new version.
"""

import secrets

from django.core.cache import caches
from django.db import transaction

from home.page_cache import PAGE_CACHE_ALIAS

LAYOUT_VERSION_KEY = "home:layout-version"
FRAGMENT_TIMEOUT = 300


def layout_version() -> str:
    version = caches[PAGE_CACHE_ALIAS].get(LAYOUT_VERSION_KEY)
    if version is None:
        version = _new_version()
    return version


def _new_version() -> str:
    # Random, not the time: two changes within one clock tick (or under a frozen clock) still differ.
    version = secrets.token_hex(8)
    caches[PAGE_CACHE_ALIAS].set(LAYOUT_VERSION_KEY, version, None)
    return version


def bump_layout_version(**kwargs) -> str:
    transaction.on_commit(_new_version)
    return _new_version()


def _settings_saved(sender, created=False, **kwargs) -> None:
    if not created:  # a site's settings are made with their defaults on its first request: nothing shown changes
        bump_layout_version()


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from home.models import Faculty, SiteSettings

    page_published.connect(bump_layout_version, dispatch_uid="layout-version-published")
    page_unpublished.connect(bump_layout_version, dispatch_uid="layout-version-unpublished")
    post_page_move.connect(bump_layout_version, dispatch_uid="layout-version-moved")
    post_delete.connect(bump_layout_version, sender=Page, dispatch_uid="layout-version-deleted")
    post_save.connect(bump_layout_version, sender=PageViewRestriction, dispatch_uid="layout-version-restricted")
    post_delete.connect(bump_layout_version, sender=PageViewRestriction, dispatch_uid="layout-version-unrestricted")
    post_save.connect(_settings_saved, sender=SiteSettings, dispatch_uid="layout-version-SiteSettings")
    post_save.connect(bump_layout_version, sender=Faculty, dispatch_uid="layout-version-Faculty")
