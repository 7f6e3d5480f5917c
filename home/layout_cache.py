"""A version stamp for cached layout fragments (navigation, language links, footer).

The fragments are cached with Wagtail's preview-aware `{% wagtailpagecache %}` tag, keyed by the page, the
language and this version. Publishing, unpublishing, moving or deleting any page, and saving the site settings
or a faculty, moves the version on, so no fragment outlives the content it shows. With a per-process cache
(the embedded default) other processes see the change when their fragments expire.
"""

import secrets

from django.core.cache import cache

LAYOUT_VERSION_KEY = "home:layout-version"
FRAGMENT_TIMEOUT = 300


def layout_version() -> str:
    version = cache.get(LAYOUT_VERSION_KEY)
    if version is None:
        version = bump_layout_version()
    return version


def bump_layout_version(**kwargs) -> str:
    # Random, not the time: two changes within one clock tick (or under a frozen clock) still differ.
    version = secrets.token_hex(8)
    cache.set(LAYOUT_VERSION_KEY, version, None)
    return version


def _settings_saved(sender, created=False, **kwargs) -> None:
    if not created:  # a site's settings are made with their defaults on its first request: nothing shown changes
        bump_layout_version()


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from home.models import Faculty, SiteSettings

    page_published.connect(bump_layout_version, dispatch_uid="layout-version-published")
    page_unpublished.connect(bump_layout_version, dispatch_uid="layout-version-unpublished")
    post_page_move.connect(bump_layout_version, dispatch_uid="layout-version-moved")
    post_delete.connect(bump_layout_version, sender=Page, dispatch_uid="layout-version-deleted")
    post_save.connect(_settings_saved, sender=SiteSettings, dispatch_uid="layout-version-SiteSettings")
    post_save.connect(bump_layout_version, sender=Faculty, dispatch_uid="layout-version-Faculty")
