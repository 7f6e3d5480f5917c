"""A name search's matches, read once and counted in memory.

A name search narrows the directory to the people whose name matches, often thousands of them ("pop" matches 1 in
14 of 200,000). Counting each facet with its own query reads those rows once per facet; here one query reads
them once, narrow (faculty, what the viewer sees of each filterable field, the sort key), from the name words'
copies of their people's rows (`NameWord`: one index range, no lookup per person), and the facet counts,
the result count and the page's ids all come from that list. Filters are applied to it in Python exactly as
`alumni.filters.DirectoryFilterSet.value_q` applies them in SQL (a test compares both on every filter).

Used for the public and signed-in alumni when a name search is active and matches at most MAX_MATCHES name words
(a person with two words matching one typed prefix counts twice); otherwise the directory counts with queries
(`alumni.directory.facets`). The page's people are loaded afterwards through `privacy.visible_alumni` like an
external search's (`cards.profile_rows_in_order`).
"""

import heapq
from collections import Counter
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections

from alumni.filters import FACET_FILTERS, GUARDED_BY, DirectoryFilterSet, search_terms, value_test
from alumni.models import HELP_OFFER_FIELDS
from alumni.models.people import DIRECTORY_AUDIENCES, DIRECTORY_FIELDS, HELP_OFFER_BITS
from alumni.name_search import matching_words
from alumni.privacy import directory_column_for, visible_name_words

MAX_MATCHES = 50_000
_FACET_OF = {name: facet for facet, names in FACET_FILTERS.items() for name in names}
# Positions in a row: id, faculty id, sort key, then the viewer's value of each field in DIRECTORY_FIELDS.
_ID, _FACULTY, _SORT = 0, 1, 2
_AT = {field_name: 3 + n for n, field_name in enumerate(DIRECTORY_FIELDS)}
_WIDTH = 3 + len(DIRECTORY_FIELDS)
FIRST_ROWS = 200  # pages up to the tenth come from a partial sort


def fetch_all(queryset) -> list[tuple]:
    """The rows of a `values_list` queryset in one fetch, as the database driver gives them (Django reads them
    100 at a time); through Django's own iteration when a column needs converting."""
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a filter no row can pass (`pk__in=[]`)
        return []
    converters = compiler.get_converters([expression for expression, _sql, _alias in compiler.select])
    if converters or compiler.has_extra_select:
        return list(queryset)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _test(filterset: DirectoryFilterSet, name: str, value) -> Callable[[tuple], bool]:
    """The filter `name` = `value` on a row, as `DirectoryFilterSet.value_q` on the viewer's stored column
    (`alumni.filters.value_test`)."""
    if name == "faculty":
        pks = set(filterset.faculties.pks_for_key(filterset.faculties.key_for_short_name[value]))
        return lambda row: row[_FACULTY] in pks
    at, test = _AT[GUARDED_BY[name]], value_test(name, value)
    return lambda row: test(row[at])


class NameMatches:
    """The matches of a valid filterset's name search, with everything the directory page shows of them: the
    search-service interface of `alumni.directory.listing` (count, facet counts, slices of ids in order)."""

    def __init__(self, filterset: DirectoryFilterSet, rows: list[tuple]):
        self.filterset = filterset
        tests = [
            (_FACET_OF[name], _test(filterset, name, value))
            for name, value in filterset.form.cleaned_data.items()
            if name in filterset.filters and name != "q" and value not in ("", None)
        ]
        self.results: list[tuple] = []
        # The rows that pass every filter but one facet's: with `results`, that facet's base.
        self.extra: dict[str, list[tuple]] = {facet: [] for facet in FACET_FILTERS}
        if not tests:
            self.results = rows
        for row in rows if tests else ():
            failed = [facet for facet, passes in tests if not passes(row)]
            if not failed:
                self.results.append(row)
            elif len(failed) == 1 or all(facet == failed[0] for facet in failed):
                self.extra[failed[0]].append(row)
        self._columns: list[tuple] | None = None
        self._ordered: list[int] | None = None
        self._counted_results: dict[int, Counter] = {}
        self._first: list[int] = []
        self.facet_counts = self._facet_counts()

    @classmethod
    def for_filterset(cls, filterset: DirectoryFilterSet) -> "NameMatches | None":
        viewer = filterset.viewer
        terms = search_terms(filterset.form.cleaned_data.get("q") or "")
        if not terms or viewer.is_office or viewer.audience not in DIRECTORY_AUDIENCES:
            return None
        columns = [directory_column_for(viewer, field_name) for field_name in DIRECTORY_FIELDS]
        # The matches' rows as their name words carry them: one range of one index, no lookup per person.
        words = visible_name_words(viewer, matching_words(terms.split()))
        if filterset.faculty_key is not None:
            words = words.filter(faculty_id__in=filterset.faculties.pks_for_key(filterset.faculty_key))
        found = fetch_all(
            words.order_by().values_list("alumnus_id", "faculty_id", "sort_key", *columns)[: MAX_MATCHES + 1]
        )
        if len(found) > MAX_MATCHES:
            return None
        rows = list({row[_ID]: row for row in found}.values())  # a person with two matching words is there twice
        if viewer.alumnus_id is not None:
            rows = cls._own_row_whole(rows, viewer.alumnus_id)
        return cls(filterset, rows)

    @staticmethod
    def _own_row_whole(rows: list[tuple], alumnus_id: int) -> list[tuple]:
        """A signed-in alumnus sees their own row whole: their real values replace what the columns show others."""
        from alumni.models import Alumnus

        for n, row in enumerate(rows):
            if row[_ID] != alumnus_id:
                continue
            raw = [field_name for field_name in DIRECTORY_FIELDS if field_name != "help_offers"]
            own = Alumnus.objects.filter(pk=alumnus_id).values(*raw, *HELP_OFFER_FIELDS.values()).first()
            values = [own[field_name] if own[field_name] not in ("", None) else None for field_name in raw]
            mask = sum(bit for offer, bit in HELP_OFFER_BITS.items() if own[HELP_OFFER_FIELDS[offer]]) or None
            rows[n] = (*row[:3], *values, mask)
        return rows

    # The search-service interface ------------------------------------------------------------------------------

    def count(self) -> int:
        return len(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def _column(self, at: int) -> tuple:
        """One value of every result (the results read column-wise once, so counting runs at C speed)."""
        if self._columns is None:
            self._columns = list(zip(*self.results, strict=True)) or [() for _ in range(_WIDTH)]
        return self._columns[at]

    def _in_order(self, stop: int | None) -> list[int]:
        """The results' ids in the directory's order (sort key, then id), at least up to `stop`: the first pages
        need only the smallest (a partial sort), a deep page sorts them all once."""
        if self._ordered is not None:
            return self._ordered
        keys = zip(self._column(_SORT), self._column(_ID), strict=True)
        if stop is not None and stop <= FIRST_ROWS:
            if len(self._first) < stop:
                self._first = [pk for _sort, pk in heapq.nsmallest(FIRST_ROWS, keys)]
            return self._first
        self._ordered = [pk for _sort, pk in sorted(keys)]
        return self._ordered

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._in_order(index.stop)[index]
        return self._in_order(index + 1)[index]

    # Counting (the source `facets.facet_counts` reads) -----------------------------------------------------------

    def _counted(self, facet: str, at: int) -> list[tuple[Any, int]]:
        if at not in self._counted_results:
            self._counted_results[at] = Counter(self._column(at))
        counts = self._counted_results[at]
        if self.extra[facet]:
            counts = Counter(counts)
            counts.update(map(itemgetter(at), self.extra[facet]))
        return [(value, count) for value, count in counts.items() if value is not None]

    def faculties(self) -> list[tuple[int, int]]:
        return self._counted("faculty", _FACULTY)

    def field(self, facet: str, field_name: str) -> list[tuple[Any, int]]:
        return self._counted(facet, _AT[field_name])

    def _facet_counts(self) -> dict[str, dict[str, int]]:
        from alumni.directory.facets import facet_counts

        return facet_counts(self.filterset, source=self)
