"""Wagtail's database search backend, with relevance ordering on SQLite that costs one full-text query per page of
results instead of one per match.

Upstream gap: django-modelsearch (Wagtail's search backends) orders SQLite results by relevance with a scalar
subquery per candidate row (`Subquery(index_query.filter(index_entry__object_id=OuterRef("pk")))`, from
wagtail/django-modelsearch#85), so SQLite runs the FTS5 MATCH once for every matching row: a common word over
10,000 pages took 3 to 5 seconds. Here the ranked page of ids comes from one FTS5 query (bm25 computed once per
match, sorted, sliced), then its rows are fetched by id. Counting, filtering, facets and every other database
stay upstream's. Imported on SQLite only: search/backend.py chooses it (the FTS5 models exist only there).
Remove both modules, and the backend's line in config/settings/base.py, once the upstream compiler no longer
correlates the score; `tests/search/test_sqlite_ranking.py` says whether it still pays.
"""

from django.db.models import BigIntegerField
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class RankedIdsMixin:
    def ranked_ids(self, config, start: int, stop: int | None) -> list | None:
        """The primary keys of results start..stop by relevance (best first, as upstream: bm25 ascending, then
        newest pk), or None where upstream's own path applies (match-all and negated queries)."""
        query = normalize(self.query)
        if isinstance(query, MatchAll | Not):
            return None
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))
        ranked = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model))
            .annotate(
                score=self._build_rank_expression(self.get_search_vectors(), config),
                object_pk=Cast("index_entry__object_id", BigIntegerField()),
            )
            .filter(object_pk__in=self.queryset.order_by().values("pk"))
            .order_by("score", "-object_pk")
            .values_list("object_pk", flat=True)
        )
        return list(ranked[start:stop])


class RankedSQLiteSearchQueryCompiler(RankedIdsMixin, SQLiteSearchQueryCompiler):
    pass


class RankedSQLiteAutocompleteQueryCompiler(RankedIdsMixin, SQLiteAutocompleteQueryCompiler):
    pass


class RankedSQLiteSearchResults(SQLiteSearchResults):
    def _do_search(self):
        compiler = self.query_compiler
        if not compiler.order_by_relevance or self._score_field is not None:
            return super()._do_search()
        ids = compiler.ranked_ids(compiler.get_config(self.backend), self.start, self.stop)
        if ids is None:
            return super()._do_search()
        rows = {row.pk: row for row in compiler.queryset.filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = RankedSQLiteAutocompleteQueryCompiler
    results_class = RankedSQLiteSearchResults
