"""Out-of-range integers in queries: a value no column can hold matches nothing, for every lookup that takes one.

Django 5.0 made `exact`, `gt`, `gte`, `lt` and `lte` on an integer field answer an out-of-range value as an empty
(or full) result instead of sending it to the database (`IntegerFieldOverflow`, Django ticket #27397). Two lookups
were left out and still reach the driver, where SQLite raises OverflowError past 64 bits (a 500):
- `in` on an integer field (a ModelMultipleChoiceField's `pk__in`, django-filter's multiple choices);
- every lookup through a relation (`site=...` on a ForeignKey: the redirects API, a ModelChoiceFilter).
This module registers overflow-aware versions of those lookups, once for every model, so that every form, filter,
API parameter and admin view reading a number from a visitor answers "no such row" (a form error, a 404, an
empty list) rather than a server error. The range is the column's on the current database (`integer_field_range`:
2^31 on a PostgreSQL integer, 2^63 on bigint and on SQLite). The API also refuses such numbers up front with a
422 (home.middleware.ApiGuardMiddleware), so a client learns its parameter was wrong rather than seeing nothing.

Remove a lookup from here when Django handles it itself: `install()` checks that Django's lookups are still the
ones this module extends.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import models
from django.db.models.fields.related_lookups import (
    RelatedExact,
    RelatedGreaterThan,
    RelatedGreaterThanOrEqual,
    RelatedIn,
    RelatedLessThan,
    RelatedLessThanOrEqual,
)
from django.db.models.lookups import In

# The widest column any backend of ours has: a number outside it is refused before any field is known (the API).
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def _integer_field(field):
    """The integer column a lookup compares with, through any relation (a ForeignKey to a ForeignKey to an id)."""
    while field is not None and field.is_relation and hasattr(field, "path_infos"):
        field = field.path_infos[-1].target_fields[-1]
    if isinstance(field, models.IntegerField):  # AutoFields too
        return field
    return None


def _column_range(lookup, connection) -> tuple[int | None, int | None]:
    field = _integer_field(getattr(lookup.lhs, "output_field", None))
    if field is None:
        return None, None
    try:
        return connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:  # an integer field of a custom type the backend does not know: leave it to the database
        return None, None


def _in_range(value, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return True
    return (low is None or value >= low) and (high is None or value <= high)


class RangeCheckedInMixin:
    """`in` without the values no column can hold; with none left, no row matches (as `in []`)."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = _column_range(self, connection)
            if low is not None or high is not None:
                kept = [value for value in self.rhs if _in_range(value, low, high)]
                if not kept:
                    raise EmptyResultSet
                self.rhs = kept
        return super().process_rhs(compiler, connection)


class RangeCheckedIn(RangeCheckedInMixin, In):
    pass


class RelatedRangeCheckedIn(RangeCheckedInMixin, RelatedIn):
    pass


class RelatedOverflowMixin:
    """A relation's comparison that answers an out-of-range value as Django's IntegerFieldOverflow does."""

    underflow_exception = EmptyResultSet
    overflow_exception = EmptyResultSet

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and isinstance(self.rhs, int) and not isinstance(self.rhs, bool):
            low, high = _column_range(self, connection)
            if low is not None and self.rhs < low:
                raise self.underflow_exception
            if high is not None and self.rhs > high:
                raise self.overflow_exception
        return super().process_rhs(compiler, connection)


# Module-level classes, named: a queryset holding a lookup is pickled (Wagtail caches renditions with theirs).
class RangeCheckedRelatedExact(RelatedOverflowMixin, RelatedExact):
    pass


class RangeCheckedRelatedGreaterThan(RelatedOverflowMixin, RelatedGreaterThan):
    underflow_exception = FullResultSet


class RangeCheckedRelatedGreaterThanOrEqual(RelatedOverflowMixin, RelatedGreaterThanOrEqual):
    underflow_exception = FullResultSet


class RangeCheckedRelatedLessThan(RelatedOverflowMixin, RelatedLessThan):
    overflow_exception = FullResultSet


class RangeCheckedRelatedLessThanOrEqual(RelatedOverflowMixin, RelatedLessThanOrEqual):
    overflow_exception = FullResultSet


RELATED_LOOKUPS = [
    RangeCheckedRelatedExact,
    RangeCheckedRelatedGreaterThan,
    RangeCheckedRelatedGreaterThanOrEqual,
    RangeCheckedRelatedLessThan,
    RangeCheckedRelatedLessThanOrEqual,
    RelatedRangeCheckedIn,
]


def install() -> None:
    """Register the lookups on every integer field and every single-column relation (HomeConfig.ready)."""
    # Guard: extend Django's own lookups only while they are still the ones without the check.
    if models.IntegerField.get_lookups().get("in") is In:
        models.IntegerField.register_lookup(RangeCheckedIn)
    for lookup in RELATED_LOOKUPS:
        base = next(cls for cls in lookup.__mro__[1:] if cls.__module__.startswith("django."))
        if models.ForeignObject.get_lookups().get(base.lookup_name) in (base, lookup):
            models.ForeignObject.register_lookup(lookup)


def out_of_range(text: str) -> bool:
    """Whether a visitor's text is a whole number that no integer column of ours can hold (past 64 bits)."""
    text = text.strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isascii() or not digits.isdigit():
        return False
    value = int(text)
    return value < INT64_MIN or value > INT64_MAX
