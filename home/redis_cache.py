"""Django's Redis cache, failing open: with Redis unreachable the site serves pages uncached instead of answering 500.

Every Redis-backed cache alias (config/settings/base.py: the default cache, the page cache, the progress of
background jobs, and sessions through `cached_db`) uses `ResilientRedisCache`. When Redis cannot be reached (a
refused or timed-out connection, a server still loading its data), an operation answers what an empty cache
answers: `get` its default, `get_many` nothing, `add`/`touch`/`delete`/`has_key` False, `set_many` every key as not
stored, and `incr` raises ValueError as for a missing key. The same holds for an answer that is an error of the
server's (out of memory, read-only replica, not Redis at all). What that means for each caller:
- page cache and fragments: a miss, and nothing is stored (a page's tag versions come back unknown, so
  `home.page_cache` stores nothing for it);
- rate limits (`home.ratelimit`): every counter starts again at one, so limits are not applied (fail open);
- sessions (`cached_db`): read from and written to the database, which holds them anyway;
- the Site lookup (`home.sites`): a database query per request;
- background job progress: not shown until Redis is back (the task queue itself is in the database).

A circuit breaker keeps an outage cheap: after a failure the process leaves that Redis alone for
`REDIS_RETRY_AFTER` seconds (every alias on the same server, every thread), then lets one operation try again.
Connections give up after `socket_connect_timeout` (set short in settings) and redis-py's own retries are off, so
a request waits at most one short timeout per window, not one per cache call.

A write, delete or clear dropped during an outage would leave stale entries behind once Redis is back (a page
whose invalidation was lost, a session signed out in the database but still cached). So the process remembers
that it dropped one, and its first successful contact afterwards deletes every key of that alias (by its key
prefix and version, never the whole Redis database) before going on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from home.circuits import DEFAULT_RETRY_AFTER, circuit_for

logger = logging.getLogger(__name__)

_MISSING = object()


def _glob_escape(text: str) -> str:
    return "".join(f"[{char}]" if char in "*?[]\\" else char for char in text)


def _public_name(servers: list[str]) -> str:
    """The servers' addresses without any password, for logs and the circuit's name."""
    names = []
    for server in servers:
        parts = urlsplit(server)
        names.append(f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}")
    return "Redis " + ",".join(names)


class RedisUnavailable(Exception):
    """Raised by `ResilientRedisCache.ping` for the readiness check."""


class ResilientRedisCache(RedisCache):
    """`RedisCache` that fails open behind a per-process circuit breaker (see the module's docstring).

    OPTIONS beside redis-py's: `RETRY_AFTER`, the seconds an outage keeps the breaker open."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        super().__init__(server, {**params, "OPTIONS": options})
        import redis

        # Any failure of the server or of the way to it (refused, timed out, out of memory, read-only, a reply that
        # is not Redis's); DataError is the caller's mistake (a value Redis cannot take), so it is raised.
        self._errors = redis.exceptions.RedisError
        self._callers_mistake = redis.exceptions.DataError
        self._refused = redis.exceptions.ResponseError
        self.circuit = circuit_for(_public_name(self._servers), retry_after)

    @property
    def _pattern(self) -> str:
        """Every key of this alias (its prefix and version), as a Redis glob."""
        marker = "\x00"
        return _glob_escape(self.make_key(marker)).replace(marker, "*")

    def _call(self, method: Callable[..., Any], *args: Any, fallback: Any, writes: bool) -> Any:
        """`RedisCache.method(self, *args)`, or `fallback` when Redis is unreachable or skipped."""
        circuit = self.circuit
        if circuit.is_open():
            if writes:
                circuit.stale_patterns.add(self._pattern)
            return fallback
        try:
            if circuit.stale_patterns:
                self._purge_stale()
            return method(self, *args)
        except self._errors as error:
            if isinstance(error, self._callers_mistake):
                raise
            if writes:
                circuit.stale_patterns.add(self._pattern)
            circuit.trip(error)
            return fallback

    def _purge_stale(self) -> None:
        """After an outage in which writes were dropped: delete the keys those writes would have changed."""
        circuit = self.circuit
        with circuit.lock:
            try:
                self._delete_matching(sorted(circuit.stale_patterns))
            except self._refused:  # SCAN or DEL refused (an ACL): nothing this process can do
                logger.exception("Stale keys could not be deleted after a Redis outage")
                circuit.stale_patterns.clear()

    def _delete_matching(self, patterns: list[str]) -> None:
        client = self._cache.get_client(None, write=True)
        for pattern in patterns:
            batch = []
            for key in client.scan_iter(match=pattern, count=1000):
                batch.append(key)
                if len(batch) >= 1000:
                    client.delete(*batch)
                    batch = []
            if batch:
                client.delete(*batch)
            self.circuit.stale_patterns.discard(pattern)
            logger.warning("Keys matching %r deleted after a Redis outage that dropped writes", pattern)

    # --- reads ---------------------------------------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._call(RedisCache.get, key, default, version, fallback=default, writes=False)

    def get_many(self, keys, version=None):
        return self._call(RedisCache.get_many, keys, version, fallback={}, writes=False)

    def has_key(self, key, version=None):
        return self._call(RedisCache.has_key, key, version, fallback=False, writes=False)

    # --- writes --------------------------------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(RedisCache.add, key, value, timeout, version, fallback=False, writes=True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(RedisCache.set, key, value, timeout, version, fallback=None, writes=True)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(RedisCache.touch, key, timeout, version, fallback=False, writes=True)

    def delete(self, key, version=None):
        return self._call(RedisCache.delete, key, version, fallback=False, writes=True)

    def incr(self, key, delta=1, version=None):
        result = self._call(RedisCache.incr, key, delta, version, fallback=_MISSING, writes=True)
        if result is _MISSING:  # as for a counter that is not there: callers start it again (home.ratelimit)
            raise ValueError(f"Key {key!r} not found (Redis unreachable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(RedisCache.set_many, data, timeout, version, fallback=list(data), writes=True)

    def delete_many(self, keys, version=None):
        self._call(RedisCache.delete_many, keys, version, fallback=None, writes=True)

    def clear(self):
        return self._call(RedisCache.clear, fallback=False, writes=True)

    # --- readiness -----------------------------------------------------------------------------------------------

    def ping(self) -> None:
        """Reach Redis now, whatever the breaker says; raise RedisUnavailable naming the error (not the address,
        which may hold a password)."""
        try:
            self._cache.get_client(None, write=True).ping()
        except self._errors as error:
            self.circuit.trip(error)
            raise RedisUnavailable(f"Redis unreachable ({type(error).__name__}); pages are served uncached") from error
        self.circuit.close()
