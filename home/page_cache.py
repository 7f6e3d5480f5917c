"""The anonymous page cache: whole responses to visitors who carry no session, shared by every process through the
"pages" cache (a folder of files by default, Redis with REDIS_URL), and invalidated by tags.

What is cached: a GET that a view marked shared (`mark_shared`: every public page Wagtail serves, the feeds, the
calendars) from a visitor with no session or messages cookie, answered 200 with no cookie set and no
`private`/`no-store`/`no-cache` in its Cache-Control. Previews and the admin never pass through here (their views
never mark a request), and neither do signed-in alumni or editors (they carry a session). A form on a shared page
renders no per-visitor token (`{% form_token %}`): its POST is checked by origin instead (home.csrf).

Tags say what a response shows: `layout` (navigation, footer, faculty names), `page:<translation key>` for the
page (and its links between languages), `ancestor:<translation key>` for each page above it (titles in its
breadcrumbs), and `model:<app.model>` for each
kind of record a page lists (`depends_on(request, ArticlePage)`). A change moves its tags' versions on after the
transaction commits; a cached response whose stored versions differ from the current ones is not served. This is
the one place that maps a changed record to the pages that show it: pages and the watched models move their own
tags (`watch(Model, tags=...)` for records that only some pages show).

With a front cache (FRONTEND_CACHE_URL, home/front_cache.py), a stored response also tells it how long it may keep
the page (`Cache-Control: public, s-maxage=<what is left of the entry's lifetime>`) and under which tags
(`X-Cache-Tags`), and each invalidation bans those tags there too; every other answer says `Cache-Control: private`
unless its view said otherwise.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.utils.cache import get_max_age, patch_cache_control

from home import front_cache

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet
    from django.http import HttpRequest

PAGE_CACHE_ALIAS = "pages"
LAYOUT = "layout"
# Moved by every change: for answers that may show any page or record (the site search).
ANY_CHANGE = "any-change"
# A safety net only: invalidation is by tags; a response is kept at most this long.
PAGE_TIMEOUT = 60 * 60
TAG_TIMEOUT = None  # a tag's version outlives every response stored under it
_NOT_SHARED_CACHE_CONTROL = ("private", "no-store", "no-cache")
_EXTRA_TAGS: dict[str, Callable[[Any], Iterable[str]]] = {}
_WATCHED: set[str] = set()  # model tags of the watched models


def page_cache():
    return caches[PAGE_CACHE_ALIAS]


class FileCache(FileBasedCache):
    """Django's file cache, culling on one write in CULL_ONE_IN rather than on each: its cull lists the whole
    folder, and tags are small, frequent writes (a folder of 20,000 entries cost 60 ms a write)."""

    CULL_ONE_IN = 200

    def _cull(self):
        if random.randrange(self.CULL_ONE_IN) == 0:  # noqa: S311 - not for security
            super()._cull()


def model_tag(model) -> str:
    return f"model:{model._meta.label_lower}"


def page_tag(page) -> str:
    return f"page:{page.translation_key}"


_TAG_KEY_PREFIX = "tag:"


def _tag_key(tag: str) -> str:
    return _TAG_KEY_PREFIX + front_cache.tag_digest(tag)


# --- who gets shared pages ---------------------------------------------------------------------------------------


def is_shared_visitor(request: HttpRequest) -> bool:
    """Whether this visitor sees the pages everyone sees: no session (no signed-in alumnus or editor, no
    password-protected page opened) and no flash messages waiting."""
    messages_cookie = getattr(settings, "MESSAGE_COOKIE_NAME", "messages")
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and messages_cookie not in request.COOKIES


def mark_shared(request: HttpRequest, *shown) -> None:
    """This request's answer is the same for every shared visitor (a public page, a feed): cache it, tagged with
    the layout and `shown` (pages, models or tag strings)."""
    if not settings.PAGE_CACHE_ENABLED:
        return
    if getattr(request, "_page_cache_tags", None) is None:
        request._page_cache_tags = {}
        depends_on(request, LAYOUT)
    depends_on(request, *shown)


def depends_on(request: HttpRequest | None, *shown) -> None:
    """What this response shows, as tags: a page (its translation key), a model class (any row of it), or a tag.
    A no-op for requests that are not cached.

    Each tag's version is read now, before the rows it stands for are read, so that a change committed while the
    page renders leaves the stored response already stale rather than fresh with old rows."""
    versions = getattr(request, "_page_cache_tags", None) if request is not None else None
    if versions is None:
        return
    keys = _tag_keys(shown) - versions.keys()
    if keys:
        versions.update(_current_versions(keys))


def tag_versions(*shown) -> dict[str, str | None]:
    """The current version of each tag that `shown` stands for (pages, models or tag strings, as in `depends_on`),
    by tag key: for caches kept beside this one that go stale with the same changes (home/fragments.py)."""
    return _current_versions(_tag_keys(shown))


def _tag_keys(shown) -> set[str]:
    keys = set()
    for thing in shown:
        if isinstance(thing, str):
            tag = thing
        elif isinstance(thing, type):
            tag = model_tag(thing)
        else:
            tag = page_tag(thing)
        keys.add(_tag_key(tag))
    return keys


def _current_versions(keys: set[str]) -> dict[str, str | None]:
    cache = page_cache()
    versions = cache.get_many(list(keys))
    for key in keys - versions.keys():
        version = secrets.token_hex(8)
        # Another process may have set it meanwhile: keep theirs.
        versions[key] = version if cache.add(key, version, TAG_TIMEOUT) else cache.get(key)
    return versions


def recording(request: HttpRequest | None) -> bool:
    """Whether this request's answer is being stored: what `depends_on` and `valid_until` say matters (skip the
    queries that compute their arguments otherwise)."""
    return request is not None and getattr(request, "_page_cache_tags", None) is not None


def valid_until(request: HttpRequest | None, *moments) -> None:
    """The response changes by itself at the earliest of these moments still to come (an event starts, ends or
    closes its registration): it is not served from the cache after it."""
    if not recording(request):
        return
    from django.utils import timezone

    now = timezone.now()
    upcoming = [moment for moment in moments if moment is not None and moment > now]
    if upcoming:
        current = getattr(request, "_page_cache_until", None)
        request._page_cache_until = min([*upcoming, current] if current is not None else upcoming)


def ancestor_tag(translation_key) -> str:
    return f"ancestor:{translation_key}"


def page_tags(page) -> set[str]:
    """The tags of a page's own response: the page (a translation shares the page's key, so the language links
    follow too) and, apart, each of its ancestors, whose titles and links its breadcrumbs show."""
    tags = {page_tag(page)}
    ancestors = page.get_ancestors().filter(depth__gt=1).values_list("translation_key", flat=True)
    tags.update(ancestor_tag(key) for key in ancestors)
    return tags


# --- invalidation ------------------------------------------------------------------------------------------------


def invalidate(tags: Iterable[str]) -> None:
    """Move these tags' versions on now: every response stored under one of them is stale."""
    tags = set(tags)
    if tags:
        tags.add(ANY_CHANGE)
        cache = page_cache()
        cache.set_many({_tag_key(tag): secrets.token_hex(8) for tag in tags}, TAG_TIMEOUT)
        # After the tags: an entry found under the new generation was checked against the new tags (the middleware).
        cache.set(GENERATION_KEY, secrets.token_hex(8), TAG_TIMEOUT)
        front_cache.ban_tags(tags)


def invalidate_on_commit(tags: Iterable[str]) -> None:
    """Invalidate once the current transaction commits (at once outside one), so no process caches the old rows
    again in between. The tags of one transaction are moved together: the first of its callbacks moves every tag
    gathered so far, the others find nothing left, so a transaction that creates 10,000 pages writes each tag
    once, not 10,000 times. (Tags of a transaction that rolled back go with the next commit: a page rendered
    again for nothing, never a stale one.)"""
    tags = set(tags)
    if not tags:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        invalidate(tags)
        return
    pending = connection.__dict__.setdefault("_page_cache_pending", set())
    pending.update(tags)
    transaction.on_commit(lambda: _flush_pending(connection))


def forget_pending() -> None:
    """Drop the tags waiting for a commit (a test's class-wide data, which is never committed)."""
    transaction.get_connection().__dict__.pop("_page_cache_pending", None)


def _flush_pending(connection) -> None:
    pending = connection.__dict__.get("_page_cache_pending")
    if pending:
        tags = set(pending)
        pending.clear()
        invalidate(tags)


def watch(model: type[Model], tags: Callable[[Any], Iterable[str]] | None = None) -> None:
    """Saving or deleting a row of `model` invalidates `model:<label>` and `tags(row)` (say, the page of the event
    a registration belongs to)."""
    from django.db.models.signals import post_delete, post_save

    if tags is not None:
        _EXTRA_TAGS[model._meta.label_lower] = tags
    _WATCHED.add(model_tag(model))
    uid = f"page-cache-{model._meta.label_lower}"
    post_save.connect(_row_changed, sender=model, dispatch_uid=uid + "-saved", weak=False)
    post_delete.connect(_row_changed, sender=model, dispatch_uid=uid + "-deleted", weak=False)


def tags_for_row(instance) -> set[str]:
    tags = {model_tag(type(instance))}
    extra = _EXTRA_TAGS.get(instance._meta.label_lower)
    if extra is not None:
        tags.update(extra(instance))
    return tags


def _row_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    invalidate_on_commit(tags_for_row(instance))


def tags_for_page(page, layout: bool = True) -> set[str]:
    """What a change of this page makes stale: the page, what sits below it (its breadcrumbs show the page), its
    parent (which may list its children), every listing of its type; with `layout`, every page's header and
    footer."""
    tags = {page_tag(page), ancestor_tag(page.translation_key), model_tag(page.specific_class or type(page))}
    parent = page.get_parent() if page.depth > 1 else None
    if parent is not None:
        tags.add(page_tag(parent))
    if layout:
        tags.add(LAYOUT)
    return tags


def _in_navigation(page) -> bool:
    from wagtail.models import ReferenceIndex

    from home.models import SiteSettings

    references = ReferenceIndex.get_references_to(page)
    return references.filter(base_content_type__model=SiteSettings._meta.model_name).exists()


def _published(sender, instance, **kwargs):
    # A new title reaches the layout only where the navigation links to the page.
    invalidate_on_commit(tags_for_page(instance, layout=_in_navigation(instance)))


def _created_live(sender, instance, created=False, raw=False, **kwargs):
    # A page made live without a published revision (in code: demo data, imports, `add_child(live=True)`).
    from wagtail.models import Page

    if created and not raw and isinstance(instance, Page) and instance.live and instance.depth > 1:
        invalidate_on_commit(tags_for_page(instance, layout=False))


def _unpublished_or_deleted(sender, instance, **kwargs):
    invalidate_on_commit(tags_for_page(instance))


def _moved(sender, instance, parent_page_before=None, **kwargs):
    tags = tags_for_page(instance)
    if parent_page_before is not None:
        tags.add(page_tag(parent_page_before))
    invalidate_on_commit(tags)


def _layout_changed(sender=None, created=False, **kwargs):
    from home.models import SiteSettings

    if created and sender is SiteSettings:
        return  # made with its defaults on a site's first request (`for_request`): nothing shown changes
    invalidate_on_commit({LAYOUT})


def _person_erased(sender=None, **kwargs):
    # Erasure blanks rows in bulk, without their signals (people, nominations, protocols): every kind of record
    # a page lists goes stale. Erasures are rare; a name must not stay on any stored page.
    invalidate_on_commit(set(_WATCHED))


# --- view restrictions -------------------------------------------------------------------------------------------
# A restriction added, changed or removed changes what anonymous visitors may see of the page and everything below
# it (Wagtail applies a page's restriction to its descendants), so it makes stale: those pages (their own tags and
# the ancestor tag every page below carries), every listing of their types and the parent's, the layout (menus and
# language links only show public pages), and the pages and records that link to any of them. Translations follow:
# page tags are translation keys, and home.restrictions mirrors the row onto each translation, which comes here too.
# Connected to the models (PageViewRestriction, CollectionViewRestriction and their groups), not to the admin's
# view, so a restriction set from code, a shell or an import goes the same way.


def tags_for_restricted_page(page) -> set[str]:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    tags = tags_for_page(page)
    subtree = Page.objects.descendant_of(page, inclusive=True)
    content_types = ContentType.objects.filter(pk__in=subtree.values("content_type_id").distinct())
    for content_type in content_types:
        model = content_type.model_class()
        if model is not None:
            tags.add(model_tag(model))
    tags |= tags_for_referrers(Page, subtree)
    return tags


def tags_for_referrers(model, rows: QuerySet) -> set[str]:
    """What shows a link to these rows of `model` (a page's rich text or blocks, a setting, a snippet), by
    Wagtail's reference index: the referring page's tag, or the referring model's tag (the layout for settings).
    One query for the references, whatever the number of rows (a section of thousands of pages)."""
    from django.db.models import CharField
    from django.db.models.functions import Cast
    from wagtail.models import Page, ReferenceIndex

    from home.models import SiteSettings

    ids = rows.annotate(reference_id=Cast("pk", CharField())).values("reference_id")
    rows = ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(model), to_object_id__in=ids
    ).select_related("base_content_type")
    page_ids, tags = set(), set()
    for row in rows.only("base_content_type", "object_id").distinct():
        source = row.base_content_type.model_class()
        if source is None:
            continue
        if issubclass(source, Page):
            page_ids.add(row.object_id)
        elif issubclass(source, SiteSettings):
            tags.add(LAYOUT)
        else:
            tags.add(model_tag(source))
    if page_ids:
        keys = Page.objects.filter(pk__in=page_ids).values_list("translation_key", flat=True)
        tags.update(f"page:{key}" for key in keys)
    return tags


def _page_restriction_changed(sender, instance, raw=False, **kwargs) -> None:
    from wagtail.models import Page

    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # else the page itself is being deleted, which invalidates on its own
        invalidate_on_commit(tags_for_restricted_page(page))


def _collection_restriction_changed(sender, instance, raw=False, **kwargs) -> None:
    """A collection made private (or public again): its documents and those of the collections below it change
    for visitors, so the pages and records that link them are stale."""
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    if raw:
        return
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is None:
        return
    collections = Collection.objects.descendant_of(collection, inclusive=True)
    document_model = get_document_model()
    documents = document_model.objects.filter(collection__in=collections)
    invalidate_on_commit(tags_for_referrers(document_model, documents) | {model_tag(document_model)})


def _restriction_groups_changed(sender, instance, action, reverse=False, pk_set=None, **kwargs) -> None:
    from wagtail.models import CollectionViewRestriction, PageViewRestriction

    if action not in ("post_add", "post_remove", "post_clear"):
        return
    page_restrictions = sender is PageViewRestriction.groups.through
    if not reverse:
        restrictions = [instance]
    elif pk_set:  # from the group's side (group.pageviewrestriction_set.add(...))
        restriction_model = PageViewRestriction if page_restrictions else CollectionViewRestriction
        restrictions = list(restriction_model.objects.filter(pk__in=pk_set))
    else:
        return
    changed = _page_restriction_changed if page_restrictions else _collection_restriction_changed
    for restriction in restrictions:
        changed(type(restriction), restriction)


def shown_by(page) -> list:
    """What a page type lists besides itself (`page_cache_shows`: model labels), as models."""
    from django.apps import apps

    return [apps.get_model(label) for label in getattr(page, "page_cache_shows", ())]


def share_page(page, request) -> None:
    """Mark a page's answer shared when anyone may see it (no view restriction on it or above it)."""
    if not settings.PAGE_CACHE_ENABLED or request.method != "GET" or not is_shared_visitor(request):
        return
    if page.get_view_restrictions().exists():
        return
    mark_shared(request, *page_tags(page), *shown_by(page))


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, get_page_models
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from home.extensions import person_erased
    from home.models import Faculty, SiteSettings

    person_erased.connect(_person_erased, dispatch_uid="page-cache-person-erased")
    # Records that page types list move their tag when saved or deleted; pages move theirs when published.
    for page_model in get_page_models():
        for model in shown_by(page_model):
            if not issubclass(model, Page):
                watch(model)

    page_published.connect(_published, dispatch_uid="page-cache-published")
    page_unpublished.connect(_unpublished_or_deleted, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_moved, dispatch_uid="page-cache-moved")
    post_delete.connect(_unpublished_or_deleted, sender=Page, dispatch_uid="page-cache-deleted")
    post_save.connect(_created_live, dispatch_uid="page-cache-created-live")
    for model in (SiteSettings, Faculty):
        post_save.connect(_layout_changed, sender=model, dispatch_uid=f"page-cache-{model.__name__}")
        post_delete.connect(_layout_changed, sender=model, dispatch_uid=f"page-cache-{model.__name__}-deleted")
    for restriction_model, changed in (
        (PageViewRestriction, _page_restriction_changed),
        (CollectionViewRestriction, _collection_restriction_changed),
    ):
        uid = f"page-cache-{restriction_model.__name__}"
        post_save.connect(changed, sender=restriction_model, dispatch_uid=uid + "-saved")
        post_delete.connect(changed, sender=restriction_model, dispatch_uid=uid + "-deleted")
        m2m_changed.connect(
            _restriction_groups_changed, sender=restriction_model.groups.through, dispatch_uid=uid + "-groups"
        )


# --- the middleware ----------------------------------------------------------------------------------------------
# Keys. A stored answer is keyed on the scheme, host and path, and on the query parameters that the view read by name
# (request.GET.get("page"), a filter form's fields), never on the others: ten thousand `?utm=<random>` store nothing
# new. Known tracking parameters (TRACKING_PARAMETERS, `utm_*`) are taken out of the request itself before anything
# sees it (the view, its links, the key; the browser's address bar keeps them for the page's analytics). Which
# parameters a path's views read is learnt while they render (`_RecordingQuery`) and kept beside the answers (a
# record per path, `_reads_key`). A view that looks at the whole query (copies it into its pagination links, asks
# whether it is empty, or uses the full path) could show any parameter: a request carrying one it did not read by
# name is then not stored. A stored answer is served only to a request whose values of the parameters it read are
# the ones it was rendered with, so a stale record can cost a miss, never a wrong page. Answers stored under an
# address with fewer parameters than the request's are not handed to the front cache, which keys on the full URL
# (deploy/varnish/default.vcl takes the tracking parameters out the same way).
#
# Speed. This middleware is the first in MIDDLEWARE: a stored answer is found before the security, session, locale,
# authentication and CSRF middleware run, and is sent with the headers the full path gave it when it was stored
# (SecurityMiddleware's, the Permissions-Policy, the Content-Security-Policy... all set once the answer had passed
# through them on its way out), which depend only on what the key holds (scheme, host, path). With
# SECURE_SSL_REDIRECT, a plain-HTTP request is never answered from here (SecurityMiddleware redirects it).
# Every invalidation also moves one `generation` key; an entry stored under the current generation has seen no
# invalidation since, so its tags need not be read: a hit costs one read (`get_many` of the entry and the
# generation: one round trip to Redis) instead of one per tag. An entry from an older generation has its tags
# checked once and, when they are all current, is stamped with the new generation.

TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")  # Google Analytics' campaigns, Matomo's (Piwik's) campaigns
GENERATION_KEY = "generation"
ENTRY_FORMAT = 2
_READS_TIMEOUT = 24 * 60 * 60


def is_tracking_parameter(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def _without_tracking(query_string: str) -> tuple[str, list[tuple[str, str]]]:
    """The query string without tracking parameters (as sent, when there were none), and its pairs."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not is_tracking_parameter(name)]
    if len(kept) == len(pairs):
        return query_string, kept
    return urlencode(kept), kept


class _Reads:
    """What a view read of the query: parameters by name, and whether it looked at the whole of it."""

    __slots__ = ("names", "whole")

    def __init__(self):
        self.names: set[str] = set()
        self.whole = False


class _RecordingQuery(QueryDict):
    """request.GET that notes what the view reads (the names it asks for, or the whole query)."""

    _reads: _Reads

    def __getitem__(self, key):
        self._reads.names.add(key)
        return super().__getitem__(key)

    def _getlist(self, key, *args, **kwargs):
        self._reads.names.add(key)
        return super()._getlist(key, *args, **kwargs)

    def __contains__(self, key):
        self._reads.names.add(key)
        return super().__contains__(key)

    def _whole(self):
        self._reads.whole = True

    def __iter__(self):
        self._whole()
        return super().__iter__()

    def __len__(self):
        self._whole()
        return super().__len__()

    def keys(self):
        self._whole()
        return super().keys()

    def lists(self):
        self._whole()
        return super().lists()

    def __copy__(self):
        # A copy (a filter set's, to add its defaults) reads nothing yet; what is read of it counts.
        copied = QueryDict(mutable=True, encoding=self.encoding)
        for key, values in dict.items(self):
            copied.setlist(key, list(values))
        copied.__class__ = _RecordingQuery
        copied._reads = self._reads
        return copied

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __reduce__(self):
        self._whole()
        return QueryDict(self.urlencode(), encoding=self.encoding).__reduce__()


def _record_reads(request: HttpRequest, query_string: str) -> _Reads:
    reads = _Reads()
    query = QueryDict(query_string, encoding=request.encoding)
    query.__class__ = _RecordingQuery  # after it is built: building it reads nothing the view asked for
    query._reads = reads
    request.GET = query
    get_full_path, get_full_path_info = request.get_full_path, request.get_full_path_info

    def full_path(*args, **kwargs):
        reads.whole = True
        return get_full_path(*args, **kwargs)

    def full_path_info(*args, **kwargs):
        reads.whole = True
        return get_full_path_info(*args, **kwargs)

    request.get_full_path, request.get_full_path_info = full_path, full_path_info
    return reads


# What each path's views read, as this process last saw it (addresses with a record in the shared cache only). A record
# only grows, and an entry is served only for the values it was rendered with, so one that is behind costs a miss,
# never a wrong page; kept here, a request with a query costs one round trip like one without.
_KNOWN_READS: dict[str, list[str]] = {}
_KNOWN_READS_MAX = 10_000


def _remember_reads(address: str, names: list[str]) -> None:
    if len(_KNOWN_READS) >= _KNOWN_READS_MAX:
        _KNOWN_READS.clear()
    _KNOWN_READS[address] = names


def _canonical(pairs: list[tuple[str, str]], names) -> str:
    """The pairs whose name is in `names` (every pair with None), in a stable order: the query part of a key."""
    chosen = [(name, value) for name, value in pairs if names is None or name in names]
    chosen.sort(key=lambda pair: pair[0])  # stable: the values of one name keep their order
    return urlencode(chosen)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _address(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}{request.path}"


def _reads_key(address: str) -> str:
    return "reads:" + _digest(address)


def _entry_key(address: str, query: str) -> str:
    return "response:" + _digest(f"{address}?{query}" if query else address)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if getattr(request, "_page_cache_tags", None) is None or response.status_code != 200:
        return False
    if response.streaming or response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in _NOT_SHARED_CACHE_CONTROL)


class PageCacheMiddleware:
    """Serves shared visitors' GETs from the page cache when nothing they show changed since they were stored, and
    stores what `mark_shared` requests answer. First in MIDDLEWARE: a hit costs no database query and none of the
    other middleware's work."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = settings.STATIC_URL if settings.STATIC_URL and settings.STATIC_URL != "/" else None

    def __call__(self, request):
        if (
            request.method != "GET"
            or not settings.PAGE_CACHE_ENABLED
            or not is_shared_visitor(request)
            or (self.static_prefix and request.path.startswith(self.static_prefix))
            or (settings.SECURE_SSL_REDIRECT and not request.is_secure())
        ):
            return _private(self.get_response(request))
        try:
            address = _address(request)
        except DisallowedHost:  # answered below, with the security headers every answer carries
            return _private(self.get_response(request))
        query_string, pairs = _without_tracking(request.META.get("QUERY_STRING", ""))
        request.META["QUERY_STRING"] = query_string
        cache = page_cache()
        if pairs:
            record = _KNOWN_READS.get(address)
            if record is None:  # not known in this process yet: one more round trip
                record = cache.get(_reads_key(address))
                if record is not None:
                    _remember_reads(address, record)
            key = _entry_key(address, _canonical(pairs, record or ()))
            found = cache.get_many([key, GENERATION_KEY])
            entry = found.get(key)
        else:
            record, key = None, _entry_key(address, "")
            found = cache.get_many([key, GENERATION_KEY])
            entry = found.get(key)
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = _new_generation(cache)
        hit = self._fresh(cache, key, entry, pairs, generation)
        if hit is not None:
            return hit
        reads = _record_reads(request, query_string)
        response = self.get_response(request)
        if _storable(request, response):
            names = {name for name, _value in pairs}
            if reads.whole and not names <= reads.names:
                # It looked at the whole query, which holds a parameter it did not ask for: it may show it.
                response["X-Page-Cache"] = "miss"
                return _private(response)
            timeout = PAGE_TIMEOUT
            until = getattr(request, "_page_cache_until", None)
            if until is not None:
                from django.utils import timezone

                timeout = min(timeout, int((until - timezone.now()).total_seconds()))
            stored = False
            if timeout > 0:
                known = set(record or ())
                if not reads.names <= known:  # the path's views read more than was known: kept for the next requests
                    known |= set(cache.get(_reads_key(address)) or ()) | reads.names
                    cache.set(_reads_key(address), sorted(known), _READS_TIMEOUT)
                    _remember_reads(address, sorted(known))
                key = _entry_key(address, _canonical(pairs, known))
                stored = self._store(cache, key, request, reads, pairs, response, timeout, generation)
            # Not when a change committed while it rendered: the front cache would keep it after the ban. Nor when
            # the request carries a parameter the key leaves out: the front cache would keep one copy per value.
            if (
                stored
                and front_cache.configured()
                and names <= reads.names
                and _current(cache, request._page_cache_tags)
            ):
                _shared(response, request._page_cache_tags, timeout)
            response["X-Page-Cache"] = "miss"
        return _private(response)

    @staticmethod
    def _fresh(cache, key: str, entry, pairs, generation) -> HttpResponse | None:
        if not entry or entry.get("format") != ENTRY_FORMAT:
            return None
        if entry["query"] != _canonical(pairs, entry["reads"]):
            return None  # rendered for other values of what it read
        names = {name for name, _value in pairs}
        if entry["whole"] and not names <= set(entry["reads"]):
            return None
        versions = entry["tags"]
        if entry["generation"] != generation:
            if not _current(cache, versions):
                return None
            left = int(entry["expires"] - time.time())
            if left > 0:
                cache.set(key, {**entry, "generation": generation}, left)
        response = HttpResponse(entry["content"], status=entry["status"], headers=entry["headers"])
        response["X-Page-Cache"] = "hit"
        if front_cache.configured() and names <= set(entry["reads"]):
            left = int(entry["expires"] - time.time())
            if left > 0:
                _shared(response, versions, left)
        return _private(response)

    @staticmethod
    def _store(cache, key: str, request, reads: _Reads, pairs, response, timeout: int, generation) -> bool:
        versions = request._page_cache_tags
        if not versions or any(version is None for version in versions.values()):
            return False
        headers = {name: value for name, value in response.items() if name.lower() != "x-page-cache"}
        entry = {
            "format": ENTRY_FORMAT,
            "tags": versions,
            "generation": generation,
            "reads": sorted(reads.names),
            "whole": reads.whole,
            "query": _canonical(pairs, reads.names),
            "status": response.status_code,
            "headers": headers,
            "content": response.content,
            "expires": time.time() + timeout,
        }
        cache.set(key, entry, timeout)
        return True


def _new_generation(cache) -> str:
    generation = secrets.token_hex(8)
    return generation if cache.add(GENERATION_KEY, generation, TAG_TIMEOUT) else cache.get(GENERATION_KEY)


def _current(cache, versions: dict[str, str | None]) -> bool:
    current = cache.get_many(list(versions))
    return all(current.get(key) == version for key, version in versions.items())


def _shared(response: HttpResponse, versions: dict[str, str | None], seconds: int) -> None:
    """Tell the front cache it may keep this answer for `seconds`, under these tags (browsers: not at all, unless
    the view gave them a max-age, as the feeds do)."""
    response[front_cache.TAGS_HEADER] = front_cache.tags_header(key.removeprefix(_TAG_KEY_PREFIX) for key in versions)
    patch_cache_control(response, public=True, s_maxage=seconds)
    if get_max_age(response) is None:
        patch_cache_control(response, max_age=0)


def _private(response: HttpResponse) -> HttpResponse:
    """With a front cache, an answer not shared through the page cache says so, unless its view chose a policy."""
    if front_cache.configured() and not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True)
    return response
