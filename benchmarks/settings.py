"""Settings for benchmark runs: production settings against the throwaway benchmark database, over plain HTTP.

`benchmarks/run.py` sets the environment before gunicorn (or its own in-process client) imports this module.
Whatever DATABASE_URL the shell has, the benchmark only ever uses BENCH_DATABASE_URL (default: the SQLite file
under benchmarks/.work/), so a run can never write into a real database.
"""

import os
from pathlib import Path

WORK_DIR = Path(__file__).resolve().parent / ".work"

os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{WORK_DIR / 'bench.sqlite3'}")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("MEDIA_ROOT", str(WORK_DIR / "media"))
os.environ["SECURE_SSL_REDIRECT"] = "false"

from config.settings.production import *  # noqa: E402, F403
from config.settings.production import STORAGES  # noqa: E402

DEBUG = False
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.urls"

# No manifest needed: pages render static URLs as-is; the benchmark only fetches HTML.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", WORK_DIR / "static"))
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
