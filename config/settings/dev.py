"""Local development: debug on, a throwaway secret key, mail printed to the console."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Pages rendered afresh while templates change; PAGE_CACHE_ENABLED=1 tries the page cache locally (and
# FRAGMENT_CACHE_ENABLED=1 the cached page fragments).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE_ENABLED", False)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
