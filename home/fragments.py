"""Cached fragments of public pages: the HTML that a page's content, a listing or a panel renders to, kept in the
default cache and keyed on the versions of the page cache's tags (home/page_cache.py).

Why the page cache's tags: they are the one place that maps a changed record to the pages that show it, moved on
commit and shared by every process (a file folder, or Redis). A fragment of a page is keyed on the same tags as the
page's whole answer (the layout, the page and its ancestors, each model it lists) and on whatever else it shows, so
the changes that make a stored page stale make its fragments stale too, on every app server; a fragment itself may
sit in a per-process cache, since a stale key is simply never asked for again. A fragment can also carry a moment
after which it changes by itself (an event starts): it is not served after it, and a page that serves it from here
is given that moment too (`page_cache.valid_until`).

Who gets fragments: every visitor, signed in or not, except previews (`request.is_preview`), and only for GET.
So a fragment must hold only what every visitor of the page sees: never a form's CSRF token, a person's own
details or anything that depends on the session. Django's `{% cache %}` is never used for page content: it
knows neither previews nor these tags.

A fragment can instead be keyed on its content (`content_fragment`, `{% contentfragment %}`): the HTML a card or a
form renders to from values the view has already worked out (what privacy lets through, the facet counts), so
it never goes stale and needs no tags; only rendering is saved.

Every key also holds the code's version (`code_version`: the project's code, templates, settings and translation
catalogues), so a deploy that changes markup or wording never serves the old one.

Off in tests (FRAGMENT_CACHE_ENABLED): a TestCase never commits, so tags never move; tests/home/test_fragments.py
turns it on and commits.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import importlib.metadata
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from home.page_cache import LAYOUT, depends_on, page_tags, shown_by, tag_versions, valid_until

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.models import Page

# A safety net only: fragments go stale by their tags; one is kept at most this long.
FRAGMENT_TIMEOUT = 60 * 60
# A fragment keyed on its content is never stale, but a card holds what a person showed: once they change or erase
# it, the old card is never asked for again, and is gone from the cache within this time.
CONTENT_FRAGMENT_TIMEOUT = 15 * 60
_KEY_PREFIX = "fragment:"


def fragments_enabled(request: HttpRequest | None) -> bool:
    return (
        settings.FRAGMENT_CACHE_ENABLED
        and request is not None
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
    )


class Fragment:
    """One cached fragment for one request: `get()` answers the stored HTML (or None), `store(html)` keeps it.

    `until` is the moment the fragment changes by itself, or a function that returns it (called only when the
    fragment is stored, since computing it may cost a query)."""

    def __init__(self, request: HttpRequest, key: str, shown: tuple = ()):
        self.request = request
        self.key = key
        self.shown = shown
        self.until: datetime.datetime | Callable[[], datetime.datetime | None] | None = None
        self.storable = True
        self.timeout = FRAGMENT_TIMEOUT
        self._looked_up = False
        self._html: str | None = None

    def get(self) -> str | None:
        if not self._looked_up:
            self._looked_up = True
            entry = cache.get(self.key)
            if entry is not None and (entry["until"] is None or entry["until"] > timezone.now()):
                self._html = entry["html"]
                # What a page learns while rendering the fragment, it learns from the stored one too.
                depends_on(self.request, *self.shown)
                valid_until(self.request, entry["until"])
        return self._html

    def store(self, html: str) -> None:
        if not self.storable:
            return
        until = self.until() if callable(self.until) else self.until
        timeout = self.timeout
        if until is not None:
            timeout = min(timeout, int((until - timezone.now()).total_seconds()))
            valid_until(self.request, until)
        if timeout > 0:
            cache.set(self.key, {"html": str(html), "until": until}, timeout)
        self._looked_up, self._html = True, html


def page_dependencies(request: HttpRequest, page: Page) -> set:
    """What a page's own answer shows, as the page cache tags it: the layout, the page and its ancestors, and the
    models it lists (`page_cache_shows`). Once per request and page."""
    memo = request.__dict__.setdefault("_fragment_page_tags", {})
    if page.pk not in memo:
        memo[page.pk] = {LAYOUT, *_page_and_ancestor_tags(page), *shown_by(page)}
    return memo[page.pk]


def _page_and_ancestor_tags(page: Page) -> set[str]:
    # The ancestors' translation keys never change, and a move changes the page's path (and its descendants'):
    # kept by path, they cost the ancestors' query once per page and place.
    key = f"{_KEY_PREFIX}tags:{page.pk}:{page.path}"
    tags = cache.get(key)
    if tags is None:
        tags = page_tags(page)
        cache.set(key, tags, FRAGMENT_TIMEOUT)
    return tags


def _versions(request: HttpRequest, shown: Iterable) -> dict[str, str | None]:
    """The current versions of the tags of `shown`, by tag key, read once per request for each set of them."""
    memo = request.__dict__.setdefault("_fragment_tag_versions", {})
    shown = frozenset(shown)
    if shown not in memo:
        memo[shown] = tag_versions(*shown)
    return memo[shown]


def page_fragment(
    request: HttpRequest | None, name: str, page: Page, *shown: Any, vary: Iterable = ()
) -> Fragment | None:
    """The fragment `name` of `page` for this request, or None when fragments are not used for it (previews, POST,
    tests). It goes stale with the page's own answer and with `shown` (more models, pages or tags), and differs
    by language, host and each value of `vary` (a query string, say)."""
    if not fragments_enabled(request) or page is None or not page.pk:
        return None
    dependencies = (*page_dependencies(request, page), *shown)
    versions = _versions(request, dependencies)
    if any(version is None for version in versions.values()):
        return None
    parts = [
        name,
        page.pk,
        page.cache_key,
        translation.get_language(),
        request.get_host(),
        *sorted(versions.items()),
        *(str(value) for value in vary),
    ]
    digest = hashlib.sha256(repr((code_version(), parts)).encode()).hexdigest()
    return Fragment(request, f"{_KEY_PREFIX}{name}:{digest}", tuple(dependencies))


@functools.cache
def code_version() -> str:
    """A digest of the project's own code, templates, settings and compiled translations (read once per process):
    what a rendered fragment depends on besides its data, so a deploy that changes any of them never meets the old
    fragments, and the name and version of every installed distribution (Django's, Wagtail's markup)."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR).resolve()
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [Path(config.path) for config in apps.get_app_configs()]
    folders += [Path(folder) for folder in settings.LOCALE_PATHS]
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "")  # overridden settings have no SETTINGS_MODULE
    folders.append(Path(settings_module.split(".")[0]) if settings_module else base)
    for folder in sorted({(base / folder).resolve() for folder in folders}):
        if not folder.is_relative_to(base) or folder == base or not folder.is_dir():
            continue
        inside = folder.relative_to(base).parts
        if "site-packages" in inside or "node_modules" in inside:  # a virtualenv in the checkout: counted below
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in _CODE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    # The libraries' own markup and messages (widgets, renditions, form errors) change with their versions.
    installed = sorted({(dist.metadata["Name"] or "", dist.version) for dist in importlib.metadata.distributions()})
    digest.update(repr(installed).encode())
    return digest.hexdigest()[:16]


_CODE_SUFFIXES = (".py", ".html", ".txt", ".xml", ".mo")


def form_content(form, *extra: Any) -> tuple:
    """Everything a bound form renders from, as a content fragment's key: for each field its name, label, help,
    widget (class, attributes, choices as text) and value as bound, its errors, and the form's own errors. Widgets
    whose markup depends on more than their attributes and choices (a MultiWidget's subwidgets) are not covered."""
    if form is None:
        return None
    fields = []
    for bound in form:
        widget = bound.field.widget
        choices = getattr(widget, "choices", None)
        fields.append(
            (
                bound.html_name,
                bound.auto_id,
                str(bound.label),
                str(bound.help_text),
                bound.field.required,
                bound.field.disabled,
                type(widget).__module__,
                type(widget).__qualname__,
                sorted((str(key), str(value)) for key, value in widget.attrs.items()),
                None if choices is None else [(str(value), str(label)) for value, label in choices],
                repr(bound.value()),
                [str(error) for error in bound.errors],
            )
        )
    non_field = [str(error) for error in form.non_field_errors()]
    return (type(form).__module__, type(form).__qualname__, form.prefix, tuple(fields), non_field, extra)


def content_fragment(request: HttpRequest | None, name: str, content: Any) -> Fragment | None:
    """A fragment keyed on its content: `content` (a value whose `repr` names everything the fragment shows) in
    this language. It needs no invalidation: other content is another key. None when fragments are not used for
    the request (previews, POST, tests)."""
    if not fragments_enabled(request):
        return None
    parts = (code_version(), name, translation.get_language(), content)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    fragment = Fragment(request, f"{_KEY_PREFIX}content:{name}:{digest}")
    fragment.timeout = CONTENT_FRAGMENT_TIMEOUT
    return fragment


def cached_html(fragment: Fragment | None, render: Callable[[], str]) -> str:
    """The fragment's stored HTML, else `render()`, stored."""
    if fragment is None:
        return render()
    html = fragment.get()
    if html is None:
        html = render()
        fragment.store(html)
    return html
