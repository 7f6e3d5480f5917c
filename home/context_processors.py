"""Context shared by every template."""

from home.layout_cache import FRAGMENT_TIMEOUT, layout_version


def layout(request):
    return {"layout_version": layout_version(), "layout_cache_timeout": FRAGMENT_TIMEOUT}
