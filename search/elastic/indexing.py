"""Keeping the Elasticsearch documents up to date: one record at a time after a save, and whole rebuilds.

The site reads and writes each kind through an alias (`<prefix><kind>`). A rebuild fills a new index named with
a timestamp, then moves the alias to it and removes the old index in one `update_aliases` call, so searches
keep being answered from the old index until the new one is complete.
"""

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone
from elasticsearch import Elasticsearch, NotFoundError

from search.elastic.documents import DocumentType


@functools.cache
def _client(url: str, timeout: int) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=timeout)


def get_client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL, 10)


def sync_record(doc_type: DocumentType, pk: int, client: Elasticsearch | None = None) -> str:
    """Index the record as it is now in the database, or remove it when it is gone or must not be indexed.
    Returns "indexed" or "removed"."""
    client = client or get_client()
    record = doc_type.indexed().filter(pk=pk).first()
    source = doc_type.source(record) if record is not None else None
    if source is None:
        remove_record(doc_type, pk, client)
        return "removed"
    client.index(index=doc_type.alias, id=str(pk), document=source)
    return "indexed"


def remove_record(doc_type: DocumentType, pk: int, client: Elasticsearch | None = None) -> None:
    client = client or get_client()
    with contextlib.suppress(NotFoundError):  # never indexed, or already gone
        client.delete(index=doc_type.alias, id=str(pk))


def _chunks(doc_type: DocumentType, chunk_size: int) -> Iterator[list[dict[str, Any]]]:
    """Bulk actions for every indexed record, a chunk at a time (ids first, so memory stays flat)."""
    ids = list(doc_type.indexed().values_list("pk", flat=True))
    for start in range(0, len(ids), chunk_size):
        records = doc_type.indexed().filter(pk__in=ids[start : start + chunk_size])
        yield [{"_id": str(pk), "_source": source} for pk, source in doc_type.sources(records) if source is not None]


def progress_bar(total: int, description: str) -> Callable[[int], None]:
    """A function advancing a progress bar by n: tqdm's when installed, else a line on stderr."""
    try:
        from tqdm import tqdm
    except ImportError:
        done = [0]

        def advance(n: int) -> None:
            done[0] += n
            sys.stderr.write(f"\r{description}: {done[0]}/{total}")
            if done[0] >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()

        return advance
    bar = tqdm(total=total, desc=description, unit="doc")

    def advance_bar(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()

    return advance_bar


def rebuild(
    doc_type: DocumentType,
    *,
    chunk_size: int = 2000,
    client: Elasticsearch | None = None,
    progress: Callable[[int, str], Callable[[int], None]] = progress_bar,
) -> str:
    """Build a new index for this kind, load every record in chunks, then swap the alias to it atomically and
    delete the indexes it pointed to. Returns the new index's name."""
    client = client or get_client()
    alias = doc_type.alias
    new_index = f"{alias}_{timezone.now():%Y%m%d%H%M%S%f}"
    client.indices.create(index=new_index, **doc_type.body())
    total = doc_type.indexed().count()
    advance = progress(total, doc_type.kind)
    for actions in _chunks(doc_type, chunk_size):
        operations: list[dict[str, Any]] = []
        for action in actions:
            operations += [{"index": {"_index": new_index, "_id": action["_id"]}}, action["_source"]]
        if operations:
            response = client.bulk(operations=operations)
            if response.get("errors"):
                failed = [item for item in response["items"] if item["index"].get("error")]
                raise RuntimeError(f"{len(failed)} {doc_type.kind} documents were refused, first: {failed[0]}")
        advance(len(actions))
    if total == 0:
        advance(0)
    client.indices.refresh(index=new_index)

    old_indexes: list[str] = []
    if client.indices.exists_alias(name=alias):
        old_indexes = list(client.indices.get_alias(name=alias).keys())
    elif client.indices.exists(index=alias):
        # A concrete index left under the alias's name (by hand, or by an index update before the first
        # rebuild): the alias cannot be created beside it.
        old_indexes = [alias]
    actions: list[dict[str, Any]] = [
        {"remove": {"index": name, "alias": alias}} for name in old_indexes if name != alias
    ]
    actions.append({"add": {"index": new_index, "alias": alias}})
    if alias in old_indexes:
        actions.insert(0, {"remove_index": {"index": alias}})
    client.indices.update_aliases(actions=actions)
    for name in old_indexes:
        if name != alias:
            client.indices.delete(index=name, ignore_unavailable=True)
    return new_index
