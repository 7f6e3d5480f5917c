"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "alumni",
    "events",
    "newsletters",
    "surveys",
    "gala",
    "protocols",
    "office",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v3",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
]

MIDDLEWARE = [
    # First: a stored page is answered before any other middleware's work, with the headers (security, CSP...) the
    # full path gave it when it was stored; no database query (home/page_cache.py).
    "home.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "home.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The request's Wagtail Site from a cache (home/sites.py), before anything looks it up.
    "home.sites.CachedSiteMiddleware",
    # An origin check for the forms of shared (cached) pages (home/csrf.py), then Django's token check.
    "home.csrf.SharedPageOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "home.middleware.RateLimitMiddleware",
    "home.middleware.ApiGuardMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.layout",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# The embedded default is a SQLite file beside the code; production sets DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite waits instead of failing when a second process (a worker, a test server) writes, and every
    # transaction takes the write lock when it begins, so a read-then-write (the last free place at an event)
    # cannot interleave with another one and deadlock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] in ("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis"):
    # PostgreSQL's default cost of a random page read (4) is a spinning disk's: with it the planner reads the
    # 200,000 people in full for a name search that matches 3,000 of them, where looking each up by id takes a
    # third of the time on the SSDs databases run on. Set per connection (PostgreSQL's "options" startup
    # parameter), so it holds on any server; DATABASE_SESSION_OPTIONS="" leaves the server's settings alone (a
    # pooler that refuses startup parameters).
    session_options = os.environ.get("DATABASE_SESSION_OPTIONS", "-c random_page_cost=1.1")
    if session_options:  # after any the address gives (?options=...)
        database_options = DATABASES["default"].setdefault("OPTIONS", {})
        database_options["options"] = f"{database_options.get('options', '')} {session_options}".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Every Redis-backed alias fails open (home/redis_cache.py): with Redis unreachable, pages are served uncached.
    # A connection gives up after REDIS_CONNECT_TIMEOUT seconds, a command after REDIS_TIMEOUT, and the process then
    # leaves Redis alone for REDIS_RETRY_AFTER seconds, so an outage costs one short wait per window, not per call.
    CACHES = {
        "default": {
            "BACKEND": "home.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "alumni"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "1")),
                "RETRY_AFTER": float(os.environ.get("REDIS_RETRY_AFTER", "10")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "alumni-portal",
            # Django's default of 300 entries is one or two directory pages' cards and forms (home/fragments.py):
            # culled at once, they would never be found again. 10,000 fragments of a few kB each per process.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
# Anonymous pages (home/page_cache.py), shared by every process that serves the site: Redis with REDIS_URL, else a
# folder of files that every worker on the machine reads (an in-process cache could not be invalidated across them).
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "1") != "0"
# Fragments of public pages (home/fragments.py), keyed on the page cache's tags, for every visitor but previews.
FRAGMENT_CACHE_ENABLED = os.environ.get("FRAGMENT_CACHE_ENABLED", "1") != "0"
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + ":pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "home.page_cache.FileCache",
        "LOCATION": os.environ.get("PAGE_CACHE_DIR", str(BASE_DIR / ".page-cache")),
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
# How far background jobs have got (alumni.importing.jobs): written by the task worker outside the job's database
# transaction and read by every app server, so Redis or a folder of files, never an in-process cache.
if REDIS_URL:
    CACHES["progress"] = {**CACHES["default"], "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + ":progress"}
else:
    CACHES["progress"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("PROGRESS_CACHE_DIR", str(BASE_DIR / ".progress-cache")),
        "TIMEOUT": 24 * 3600,
    }

AUTHENTICATION_BACKENDS = [
    "home.ratelimit.AddressFailuresBackend",  # first: refuses an address with too many failed admin sign-ins
    "axes.backends.AxesBackend",  # then: refuses a locked-out user name before checking the password
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Romanian first, English second, for the public site, the content and the admin.
LANGUAGE_CODE = "ro"
LANGUAGES = [("ro", "Română"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Bucharest"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible object storage (django-storages) once a bucket is named, so that every app server reads and
# writes the same files. Keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the machine's role). Image
# addresses are unsigned by default: stored pages (and the front cache) keep them for an hour, longer than a signed
# address lives; the bucket lets anyone read images/ and original_images/ only (README, "Production"), and documents are
# served through Wagtail's view, which checks their privacy.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_ORIGINS: list[str] = []  # where images are served from, for the Content-Security-Policy
if AWS_STORAGE_BUCKET_NAME:
    from urllib.parse import urlsplit

    _s3 = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        "url_protocol": os.environ.get("AWS_S3_URL_PROTOCOL", "https:"),
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        "location": os.environ.get("AWS_LOCATION", ""),
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
        "file_overwrite": False,  # Wagtail names uploads itself; one never replaces another
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3}
    if _s3["custom_domain"]:
        MEDIA_ORIGINS = [f"{_s3['url_protocol']}//{_s3['custom_domain'].split('/')[0]}"]
    elif _s3["endpoint_url"]:
        _endpoint = urlsplit(_s3["endpoint_url"])
        # Path-style addresses name the endpoint, virtual-hosted ones the bucket below it.
        MEDIA_ORIGINS = [
            f"{_endpoint.scheme}://{host}"
            for host in (_endpoint.netloc, f"{AWS_STORAGE_BUCKET_NAME}.{_endpoint.netloc}")
        ]
    else:
        _regional = f".s3.{_s3['region_name']}.amazonaws.com" if _s3["region_name"] else ".s3.amazonaws.com"
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}{_regional}"]

WAGTAIL_SITE_NAME = "Alumni"
# An approved workflow publishes its record even when the last approver holds no publish right (home.approvals).
WAGTAIL_FINISH_WORKFLOW_ACTION = "home.workflow_finish.publish_approved"
# An edit while a record is in approval sends it back to the first step: every step approves the same text.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Uploads: documents of these types only, always downloaded as attachments through Wagtail's view (which adds
# `Content-Security-Policy: default-src 'none'` and nosniff); images never SVG, which could carry script.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"gif": "webp", "bmp": "webp", "tiff": "webp"}
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILAPI_LIMIT_MAX = 50

# Search: Wagtail's database backend unless an Elasticsearch URL is given.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "alumni_")
# The directory's facets ask Elasticsearch for this many countries (spellings) at most; faculties, sectors,
# cycles and years are sized from the data (search/elastic/directory.py).
ELASTICSEARCH_COUNTRY_FACET_SIZE = int(os.environ.get("ELASTICSEARCH_COUNTRY_FACET_SIZE", "500"))
# After a failure to reach Elasticsearch, a process leaves it alone this many seconds (search/elastic/resilient.py).
ELASTICSEARCH_RETRY_AFTER = float(os.environ.get("ELASTICSEARCH_RETRY_AFTER", "10"))
if ELASTICSEARCH_URL:
    from search.elastic.analysis import wagtail_index_settings

    WAGTAILSEARCH_BACKENDS = {
        "default": {
            # Wagtail's Elasticsearch 8 backend, answering from the database while the cluster is unreachable.
            "BACKEND": "search.elastic.resilient",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX,
            "TIMEOUT": 10,
            "OPTIONS": {},
            # Folds Romanian diacritics and stems both languages (search/elastic/analysis.py says why both).
            "INDEX_SETTINGS": wagtail_index_settings(),
        }
    }
else:
    # Pages index text folded and stemmed in Python (home.text.search_text), the same on SQLite and PostgreSQL:
    # PostgreSQL's "simple" configuration adds no English stemming or stop words of its own to Romanian text.
    # On SQLite, relevance ordering without a query per match (search/backend.py, search/sqlite_ranking.py).
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend", "SEARCH_CONFIG": "simple"}}

# The front cache (Varnish, deploy/varnish/default.vcl): with FRONTEND_CACHE_URL (several, comma-separated), Wagtail's
# frontend cache app purges a page's addresses on publish and unpublish, and every page-cache invalidation bans the
# tags it moves there too (home/front_cache.py), each request giving up after FRONTEND_CACHE_TIMEOUT seconds.
FRONTEND_CACHE_URLS = env_list("FRONTEND_CACHE_URL")
if FRONTEND_CACHE_URLS:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.contrib.sitemaps"), "wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        f"front{number}": {
            "BACKEND": "home.front_cache.VarnishBackend",
            "LOCATION": location,
            "TIMEOUT": float(os.environ.get("FRONTEND_CACHE_TIMEOUT", "2")),
        }
        for number, location in enumerate(FRONTEND_CACHE_URLS, start=1)
    }

# Sessions in the database, which every app server shares; `django.contrib.sessions.backends.cached_db` reads them
# through the cache (Redis) first.
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.db")

# Background work: run at once in development and tests, queued for `manage.py db_worker` in production.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Mail: SMTP when EMAIL_HOST is set (port, user, password, TLS/SSL from the environment), else printed to the
# console. Newsletters go out over one connection per batch of messages (newsletters/sending.py).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587" if env_bool("EMAIL_USE_TLS", False) else "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "alumni@example.org")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Security ---------------------------------------------------------------------------------------------------

# Cookies: HttpOnly and SameSite everywhere; Secure in production (settings/production.py).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow their own origin themselves

# Content-Security-Policy (django-csp): no inline or foreign script on the public site. The admin (Wagtail's own
# scripts) and the API's interactive docs keep their own rules.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/api/v3/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Faculty accent colours are inline style attributes; styles cannot run code.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS, *env_list("CSP_IMG_SRC")],
        "media-src": ["'self'", *MEDIA_ORIGINS, *env_list("CSP_IMG_SRC")],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login lockout (django-axes) for the admin, and for alumni accounts (alumni.accounts reports their failures):
# five failures in a row for one name are answered as usual; the sixth locks the name (429) until
# AXES_COOLOFF_MINUTES have passed, even for the right password.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "6"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# Locking by address too would lock a whole university network out after one person's typos: addresses are
# limited by home/ratelimit.py instead (the generous "admin_sign_in" limit on failures per address, checked by
# AddressFailuresBackend), which is what axes.W006 asks for.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
AXES_VERBOSE = False

# Abuse limits (home/ratelimit.py): "requests/seconds" per client address, and per address typed where a form
# takes one. RATE_LIMITS="search=600/60,api=6000/60" raises some; RATE_LIMITS_ENABLED=0 turns them off.
RATE_LIMITS = {
    "join": "5/3600",
    "join:key": "3/3600",
    "sign_in_link": "5/900",
    "sign_in_link:key": "3/900",
    "password_sign_in": "10/300",
    # Failed admin sign-ins per address (every name together): one address trying many names is stopped, a
    # university network behind one address is not.
    "admin_sign_in": "30/900",
    # Attempts at a password-protected page's or collection's password (Wagtail's forms), per address.
    "page_password": "10/300",
    "event_registration": "10/3600",
    "event_registration:key": "5/3600",
    "newsletter_subscribe": "5/3600",
    "newsletter_subscribe:key": "3/3600",
    "gala_nomination": "10/3600",
    "gala_nomination:key": "5/3600",
    "search": "60/60",
    "directory": "120/60",
    "api": "300/60",
    "health": "120/60",
}
RATE_LIMITS.update(
    (scope.strip(), limit.strip())
    for scope, _equals, limit in (item.partition("=") for item in env_list("RATE_LIMITS"))
    if limit
)
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)
RATE_LIMIT_TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
