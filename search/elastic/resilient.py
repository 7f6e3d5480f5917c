"""The site with Elasticsearch unreachable: the search answers from the database, saves never wait on the cluster.

With ELASTICSEARCH_URL set, Wagtail's search backend is `SearchBackend` here (config/settings/base.py): Wagtail's
Elasticsearch 8 backend whose results, when the cluster cannot be reached (a refused or timed-out connection, an
error answer, a missing index), come from Wagtail's database fallback backend instead: the same query over the
same queryset, matched by substring on the indexed fields, without ranking. It needs no index of its own, so it
answers whatever the cluster's state. The directory's Elasticsearch answer (search.elastic.directory) falls back to
the database the same way (`searched_directory`), and the index updates after a save skip the cluster.

One circuit breaker per process (home.circuits) covers every use of the cluster: after a failure, this process
leaves Elasticsearch alone for ELASTICSEARCH_RETRY_AFTER seconds, so a visitor's search or an editor's save does
not wait for a connection timeout each time. Updates skipped meanwhile are logged; `manage.py search_rebuild`
(and Wagtail's `update_index`) bring the indexes back in step after an outage.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.conf import settings
from elasticsearch import ApiError, TransportError
from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend, Elasticsearch8SearchResults

from home.circuits import DEFAULT_RETRY_AFTER, Circuit, circuit_for

logger = logging.getLogger(__name__)

UNAVAILABLE = (TransportError, ApiError)


def circuit() -> Circuit:
    retry_after = float(getattr(settings, "ELASTICSEARCH_RETRY_AFTER", DEFAULT_RETRY_AFTER))
    return circuit_for("Elasticsearch", retry_after)


def failed(error: Exception) -> None:
    """Open the breaker when the cluster itself is at fault (unreachable, timed out, overloaded, failing): not for
    an answer about one request (a missing index, a document it refuses), which the next request may not meet."""
    status = getattr(getattr(error, "meta", None), "status", None)
    if isinstance(error, TransportError) or status is None or status >= 500 or status == 429:
        circuit().trip(error)


@functools.cache
def _database_backend():
    from modelsearch.backends.database.fallback import DatabaseSearchBackend

    return DatabaseSearchBackend({})


def ping() -> None:
    """Reach the cluster now, whatever the breaker says; raise what reaching it raised."""
    from search.elastic.indexing import get_client

    try:
        get_client().options(request_timeout=2, max_retries=0).info()
    except UNAVAILABLE as error:
        circuit().trip(error)
        raise
    circuit().close()


class ResilientSearchResults(Elasticsearch8SearchResults):
    """Elasticsearch's results, or the database fallback backend's for the same query when the cluster fails."""

    def _fallback(self):
        compiler = self.query_compiler
        results = _database_backend().search(
            compiler.query, compiler.queryset, fields=compiler.fields, order_by_relevance=compiler.order_by_relevance
        )
        return results[self.start : self.stop] if self.stop is not None else results[self.start :]

    def _do_search(self):
        if circuit().is_open():
            return list(self._fallback())
        try:
            return super()._do_search()
        except UNAVAILABLE as error:
            failed(error)
            return list(self._fallback())

    def _do_count(self):
        if circuit().is_open():
            return self._fallback().count()
        try:
            return super()._do_count()
        except UNAVAILABLE as error:
            failed(error)
            return self._fallback().count()


class SearchBackend(Elasticsearch8SearchBackend):
    """Wagtail's Elasticsearch 8 backend, falling back to the database for searches and skipping index updates
    while the cluster is unreachable (Wagtail logs an update that fails; it never fails the save)."""

    results_class = ResilientSearchResults

    def _update(self, method, *args) -> Any:
        if circuit().is_open():
            logger.warning("Elasticsearch is unreachable: index update skipped (run search_rebuild when it is back)")
            return None
        try:
            return method(*args)
        except UNAVAILABLE as error:
            failed(error)
            raise

    def add(self, obj):
        return self._update(super().add, obj)

    def add_bulk(self, model, obj_list):
        return self._update(super().add_bulk, model, obj_list)

    def delete(self, obj):
        return self._update(super().delete, obj)


def searched_directory(filterset):
    """The directory's answer from Elasticsearch, or None (the database answers) while the cluster is unreachable."""
    from search.elastic.directory import SearchedDirectory

    if circuit().is_open():
        return None
    try:
        return SearchedDirectory(filterset)
    except UNAVAILABLE as error:
        failed(error)
        return None
