"""Abuse limits: one cache-backed rate limit that every public form and API route uses.

A limit is a number of requests in a window of seconds, per scope (what is limited: "join", "search", ...) and
per key (by default the client's address). Counters live in the default cache: per process in development, in
Redis (`REDIS_URL`) in production, so that every app server counts the same requests.

The limits are the `RATE_LIMITS` setting ({scope: "count/seconds"}); the `RATE_LIMITS` environment variable
overrides some of them ("search=600/60,api=6000/60"), and `RATE_LIMITS_ENABLED=0` turns them off (a load test).
Going over a limit raises `RateLimited`; `home.middleware.RateLimitMiddleware` answers it with a 429 page in the
visitor's language (problem+json under /api/) and a `Retry-After` header.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Limit:
        count, _slash, seconds = text.partition("/")
        return cls(int(count), int(seconds or 60))


class RateLimited(Exception):  # noqa: N818 - raised to say what happened, like Http404
    def __init__(self, scope: str, retry_after: int):
        super().__init__(f"rate limit {scope!r} reached; retry after {retry_after} s")
        self.scope = scope
        self.retry_after = retry_after


def limit_for(scope: str) -> Limit | None:
    if not getattr(settings, "RATE_LIMITS_ENABLED", True):
        return None
    text = settings.RATE_LIMITS.get(scope)
    return Limit.parse(text) if text else None


def client_address(request: HttpRequest) -> str:
    """The client's address; behind `RATE_LIMIT_TRUSTED_PROXIES` proxies, the address they were given."""
    proxies = getattr(settings, "RATE_LIMIT_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _cache_key(scope: str, key: str, window: int) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # any key (an e-mail address) makes a valid cache key
    return f"ratelimit:{scope}:{digest}:{window}"


def _window(limit: Limit) -> tuple[float, int]:
    now = time.time()
    return now, int(now // limit.seconds)


def _retry_after(limit: Limit, now: float, window: int) -> int:
    return max(1, int((window + 1) * limit.seconds - now) + 1)


def _count(scope: str, key: str, limit: Limit) -> int:
    now, window = _window(limit)
    cache_key = _cache_key(scope, key, window)
    # add() then incr(): atomic on Redis and on the per-process cache alike.
    if cache.add(cache_key, 1, timeout=limit.seconds + 1):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=limit.seconds + 1)
        return 1


def check(scope: str, key: str) -> None:
    """Count one request for (scope, key); raise RateLimited when it goes over the scope's limit."""
    limit = limit_for(scope)
    if limit is None:
        return
    if _count(scope, key, limit) > limit.count:
        now, window = _window(limit)
        raise RateLimited(scope, _retry_after(limit, now, window))


def count_failure(scope: str, key: str) -> None:
    """Count one failure for (scope, key), refusing nothing yet: `refuse_if_spent` refuses the next request."""
    limit = limit_for(scope)
    if limit is not None:
        _count(scope, key, limit)


def refuse_if_spent(scope: str, key: str) -> None:
    """Raise RateLimited when (scope, key) has used up its limit in this window; counts nothing."""
    limit = limit_for(scope)
    if limit is None:
        return
    now, window = _window(limit)
    if (cache.get(_cache_key(scope, key, window)) or 0) >= limit.count:
        raise RateLimited(scope, _retry_after(limit, now, window))


def check_request(request: HttpRequest, scope: str, key: str | None = None) -> None:
    """Count a request against a scope, per client address, and also per `key` (an e-mail address) when given."""
    check(scope, client_address(request))
    if key:
        check(f"{scope}:key", key.strip().casefold())


class AddressFailuresBackend:
    """First of AUTHENTICATION_BACKENDS: refuses every admin sign-in from an address that has failed
    `RATE_LIMITS["admin_sign_in"]` times in its window (RateLimited, answered with a 429 page), before django-axes
    or the password is looked at. django-axes locks one user name after a few failures; this limit is per address
    and generous, so that a university network behind one address keeps working while one address trying many
    names is stopped. Failures are counted by `count_admin_sign_in_failure` (connected in HomeConfig.ready)."""

    def authenticate(self, request, **credentials):
        if request is not None:
            refuse_if_spent("admin_sign_in", client_address(request))
        return None

    def get_user(self, user_id):
        # It signs nobody in, but tools take the first backend to name in a session (Wagtail's page tests, the test
        # client's force_login()): load the user as Django's own backend does, active users only.
        from django.contrib.auth.backends import ModelBackend

        return ModelBackend().get_user(user_id)


def count_admin_sign_in_failure(sender, credentials=None, request=None, **kwargs) -> None:
    """A `user_login_failed` receiver: a failure of Django's own sign-in (the admin's) counts against the address;
    the alumni's sign-in reports its failures from its own module and has its own limit."""
    if sender == "django.contrib.auth" and request is not None:
        count_failure("admin_sign_in", client_address(request))


def rate_limited(scope: str, methods: tuple[str, ...] = ("POST",)):
    """A view decorator: count the view's `methods` requests against `scope`, per client address."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                check_request(request, scope)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
