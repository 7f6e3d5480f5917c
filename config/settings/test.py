"""Tests: fast hashing, mail kept in memory, media in a temporary folder, tasks run at once."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="alumni-test-media-")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The page cache in memory, emptied before each test (tests/conftest.py), and off unless a test turns it on: a
# TestCase never commits, so the invalidation (on commit) would not run. tests/home/test_page_cache.py covers it.
PAGE_CACHE_ENABLED = False
FRAGMENT_CACHE_ENABLED = False  # keyed on the same tags; tests/home/test_fragments.py turns it on
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "alumni-test-pages"}  # noqa: F405
# Wagtail's frontend cache app, as production has it with FRONTEND_CACHE_URL, but no front cache to call: the tests
# that need one point WAGTAILFRONTENDCACHE at a fake server of their own (tests/home/test_front_cache.py).
if "wagtail.contrib.frontend_cache" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.contrib.sitemaps"), "wagtail.contrib.frontend_cache")  # noqa: F405
WAGTAILFRONTENDCACHE = {}
CACHES["progress"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "alumni-test-progress"}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: threads in the concurrency tests and the browser tests' live server need real locking.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"alumni-test-{os.getpid()}.sqlite3")}  # noqa: F405
