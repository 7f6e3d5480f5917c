"""How an app server's process settles before its first request."""

import gc


def freeze_startup_objects() -> None:
    """Load the URL configuration (and with it every app's views) and move every object alive so far out of the
    garbage collector's reach.

    A process holds a few hundred thousand objects that live as long as it does (Django, Wagtail, the apps, their
    modules and registries). Python's full collection walks all of them, and it runs in the middle of whichever
    request happens to allocate past the threshold: 170 ms of one directory request in 60 on this project's
    2-core machine. Frozen, they are never walked again and a full collection takes 5-15 ms; cycles made by
    requests are still collected."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every URL module and the views they name
    gc.collect()
    gc.freeze()
