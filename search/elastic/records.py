"""The site search's protocols and gala winners on Elasticsearch (with ELASTICSEARCH_URL): the documents of
search.elastic.documents, searched with the database path's rules (search.kinds), answered in its shape.

- Matching: each folded word of the query is part of one of the record's fields, as `matching_every_word` asks of
  the database: a `*word*` wildcard on each field's folded keyword (`.folded`), every word required.
- Visibility: the index holds only what a visitor may see (active, approved protocols; winners), and each search
  filters again on what decides it in the database: a protocol's stage and approval are what put it in the index,
  and a winner is shown only for the gala editions live and public in the request's language (their translation
  keys, read from the database: a private or unpublished edition's winners are never asked for).
- Order: the database path's (protocols by title then id; winners newest edition first, then name, then id).

`SearchedRecords` counts and slices like a QuerySet; a slice is the records of those ids read through the kind's
own `visible()` query, so a record that left since its document was written is never shown. While the cluster is
unreachable (search.elastic.resilient's breaker), it answers from the database path's own query instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from elasticsearch.dsl import Q, Search

from search.elastic.documents import DOCUMENT_TYPES

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from search.kinds import SearchContext

MATCH_FIELDS = {
    "protocols": ("title.folded", "partner_name.folded", "target_programme.folded"),
    "winners": ("name.folded",),
}
ORDER = {
    "protocols": ["title.sort", "record_id"],
    "winners": [{"edition_starts_at": {"order": "desc"}}, "name.sort", "record_id"],
}


def _wildcard(word: str) -> str:
    # The word is folded letters and digits (home.text.search_terms): nothing in it is a wildcard character.
    return f"*{word}*"


def word_filters(kind: str, words: list[str]) -> list[Q]:
    """Every word a part of one of the kind's fields."""
    return [
        Q("bool", should=[Q("wildcard", **{field: {"value": _wildcard(word)}}) for field in MATCH_FIELDS[kind]])
        for word in words
    ]


def protocol_search(context: SearchContext) -> Search:
    return _search("protocols", Q("bool", filter=word_filters("protocols", context.words)))


def winner_search(context: SearchContext, edition_keys: list[str]) -> Search:
    """Winners of these editions (the translation keys of those shown in the request's language)."""
    filters = [*word_filters("winners", context.words), Q("terms", edition_key=edition_keys)]
    return _search("winners", Q("bool", filter=filters))


def _search(kind: str, query: Q) -> Search:
    search = Search(index=DOCUMENT_TYPES[kind].alias).query(query).sort(*ORDER[kind])
    return search.extra(track_total_hits=True).source(False)


class SearchedRecords:
    """A kind's matches from Elasticsearch: `count()`, and slices of the records (from `visible`) in its order."""

    def __init__(self, search: Search, visible: QuerySet, fallback: QuerySet, client=None):
        from search.elastic.indexing import get_client

        self.search = search
        self.visible = visible
        # The database path's matches, answered while the cluster is unreachable (and from then on, so that a
        # count and its slices agree).
        self.fallback = fallback
        self.falling_back = False
        self.client = client or get_client()
        self.total: int | None = None

    def _send(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """The cluster's answer, or None when it cannot be reached (the breaker opened)."""
        from search.elastic.resilient import UNAVAILABLE, circuit, failed

        if self.falling_back or circuit().is_open():
            self.falling_back = True
            return None
        try:
            response = self.client.search(index=self.search._index[0], body=body)
        except UNAVAILABLE as error:
            failed(error)
            self.falling_back = True
            return None
        return response.body if hasattr(response, "body") else response

    def count(self) -> int:
        if self.falling_back:
            return self.fallback.count()
        if self.total is None:
            from search.elastic.directory import total_from_response

            response = self._send(self.search.extra(size=0).to_dict())
            if response is None:
                return self.fallback.count()
            self.total = total_from_response(response)
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        from search.elastic.directory import ids_from_response

        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("Take a slice of the search's results.")
        if self.falling_back:
            return list(self.fallback[key])
        start = key.start or 0
        stop = key.stop if key.stop is not None else self.count()
        if stop <= start:
            return []
        response = self._send(self.search.extra(from_=start, size=stop - start).to_dict())
        if response is None:
            return list(self.fallback[key])
        ids = ids_from_response(response)
        rows = self.visible.in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]


class EmptyResults(list):
    """No matches, without asking anyone (no words, or no edition shown in this language)."""

    def count(self) -> int:
        return 0
