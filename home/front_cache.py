"""The front cache (Varnish, deploy/varnish/default.vcl) kept in step with the page cache (home/page_cache.py).

With FRONTEND_CACHE_URL set, Wagtail's frontend cache app purges a page's addresses when it is published or
unpublished, through `VarnishBackend` below: Wagtail's HTTP backend with a timeout (upstream's `urlopen` has none,
so a front cache that hangs would hang the worker). Most of what makes a page stale is no publish, though: a
snippet, a registration, the layout, a person joining the directory. So every response the page cache stores
reaches the front cache tagged like in the page cache (`X-Cache-Tags`: the digests of its tags, `tag_digest`),
and every invalidation of the page cache (after its transaction commits, once per transaction) also sends one
`BAN` per batch of tags, `X-Ban-Tags: <regex>`, which the VCL turns into `ban(obj.http.X-Cache-Tags ~ <regex>)`.
A moved page needs no purge of its old address: what was stored there carries the page's tag.

A front cache that cannot be reached, refuses or times out is logged, never raised: the change is saved, and the
front cache's copies expire by their `s-maxage` at the latest.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend

logger = logging.getLogger(__name__)

TAGS_HEADER = "X-Cache-Tags"
BAN_HEADER = "X-Ban-Tags"
DEFAULT_TIMEOUT = 2.0
# A larger batch (a transaction that made thousands of pages) bans every tagged response at once: one request,
# and a short regex for Varnish's ban lurker, rather than thousands of alternatives.
MAX_TAGS_PER_BAN = 100
EVERY_TAGGED_RESPONSE = "."


def tag_digest(tag: str) -> str:
    """A tag as the page cache and the front cache both name it: 32 hex digits, nothing to escape in a regex."""
    return hashlib.sha256(tag.encode()).hexdigest()[:32]


def configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def tags_header(digests: Iterable[str]) -> str:
    return " ".join(sorted(digests))


def ban_pattern(tags: Iterable[str]) -> str:
    """The regex that matches a stored response's `X-Cache-Tags` when it carries any of these tags."""
    digests = sorted({tag_digest(tag) for tag in tags})
    if len(digests) > MAX_TAGS_PER_BAN:
        return EVERY_TAGGED_RESPONSE
    return r"(^|\s)(" + "|".join(digests) + r")(\s|$)"


def ban_tags(tags: Iterable[str]) -> None:
    """Ban, in every configured front cache, each response stored under one of these tags."""
    tags = set(tags)
    if not tags or not configured():
        return
    from wagtail.contrib.frontend_cache.utils import get_backends

    pattern = ban_pattern(tags)
    for name, backend in get_backends().items():
        if hasattr(backend, "ban"):
            logger.info("[%s] Banning %d tags", name, len(tags))
            backend.ban(pattern)


class VarnishBackend(HTTPBackend):
    """Wagtail's HTTP (PURGE) backend with a timeout (`TIMEOUT`, seconds), and bans by tag."""

    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", DEFAULT_TIMEOUT))
        super().__init__(params)

    def purge(self, url) -> None:
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        # The VCL keys stored pages by scheme too, as the TLS terminator's X-Forwarded-Proto names it.
        headers = {"Host": host, "X-Forwarded-Proto": parts.scheme}
        self._send("PURGE", parts.path, parts.query, headers, what=url)

    def ban(self, pattern: str) -> None:
        self._send("BAN", "/", "", {BAN_HEADER: pattern}, what=f"tags {pattern[:80]}")

    def _send(self, method: str, path: str, query: str, headers: dict[str, str], what: str) -> bool:
        address = urlunsplit([self.cache_scheme, self.cache_netloc, path or "/", query, ""])
        request = Request(  # noqa: S310 - the scheme is the configured LOCATION's
            address, method=method, headers={"User-Agent": f"Wagtail-frontendcache/{wagtail_version}", **headers}
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - as above
                response.read()
        except HTTPError as error:
            logger.error("The front cache refused %s %s: %d %s", method, what, error.code, error.reason)
        except (URLError, OSError) as error:  # refused, unreachable, timed out
            logger.error("The front cache could not be reached for %s %s: %s", method, what, error)
        else:
            return True
        return False
