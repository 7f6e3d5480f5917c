"""The directory's facet counts: beside each filter value, how many people choosing it would show.

Counts are disjunctive: the count beside a value is the number of results the directory would show if that value
were chosen, with the other active filters kept. So with no filter of a facet active, the counts of a
single-valued facet add up to the result count (exactly for faculties; for guarded fields, to the results whose
field the viewer may see and is filled in), and the chosen value's count is the result count.

Where they come from, whatever the number of people:
- with no filter but the faculty, from the stored counters (`alumni.directory.counts`): one query;
- otherwise one aggregate query per facet, on the stored column with what the viewer sees
  (`privacy.directory_column_for`) and its index, except for a facet whose own filter is the only one active
  besides the faculty: its base is again what the stored counters count. The public's are cached per filter
  combination.
A signed-in alumnus always sees their own row whole: one more query by id per facet moves their row from what the
column holds to their real value.
"""

import hashlib
from collections import Counter
from typing import Any

from django import forms
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from alumni.directory import counts as stored
from alumni.directory.listing import people, sorted_results
from alumni.filters import (
    ANY_HELP,
    FACET_FILTERS,
    GUARDED_BY,
    DirectoryFilterSet,
    decade_of,
    search_terms,
    value_test,
)
from alumni.models import HELP_OFFER_FIELDS, Alumnus, HelpOffer, willing_to_help_q
from alumni.models.people import DIRECTORY_AUDIENCES, HELP_OFFER_BITS, help_offers_mask
from alumni.privacy import PUBLIC, directory_column_for, field_visible_q

FACET_CACHE_SECONDS = 300
_INTEGER_FIELDS = {"graduation_year", "help_offers"}  # stored counters keep every value as text


def _grouped(queryset, column: str) -> list[tuple[Any, int]]:
    return list(queryset.order_by().values_list(column).annotate(count=Count("*")).values_list(column, "count"))


def _own_value(row: dict, field_name: str):
    """A signed-in alumnus's own value of a guarded field, as its stored column would hold it."""
    if field_name == "help_offers":
        mask = sum(bit for offer, bit in HELP_OFFER_BITS.items() if row[HELP_OFFER_FIELDS[offer]])
        return mask or None
    return row[field_name] if row[field_name] not in ("", None) else None


def _count_own_row(filterset: DirectoryFilterSet, facet: str, field_name: str, counts: Counter) -> None:
    """Count a signed-in alumnus's own row with their real value instead of what the column shows others."""
    viewer = filterset.viewer
    column = directory_column_for(viewer, field_name)
    if viewer.alumnus_id is None or column is None:
        return
    raw = [HELP_OFFER_FIELDS[offer] for offer in HELP_OFFER_BITS] if field_name == "help_offers" else [field_name]
    own = filterset.filtered(ignore=FACET_FILTERS[facet]).filter(pk=viewer.alumnus_id).values(column, *raw).first()
    if own is None:
        return
    if own[column] is not None:
        counts[own[column]] -= 1
    real = _own_value(own, field_name)
    if real is not None:
        counts[real] += 1


class StoredCounts:
    """The stored counters for a filterset with no filter but the faculty (else `for_filterset` gives None)."""

    def __init__(self, filterset: DirectoryFilterSet, faculty_ids: list[int] | None, rows=None):
        self.filterset = filterset
        self.faculty_ids = faculty_ids
        self.rows = stored.stored_rows(filterset.viewer.audience) if rows is None else rows
        self.counters = stored.stored_counts(filterset.viewer.audience, faculty_ids, self.rows)

    @classmethod
    def for_filterset(cls, filterset: DirectoryFilterSet, ignore=()) -> "StoredCounts | None":
        """The counters of the filterset's people with the filters in `ignore` left out, or None when another
        filter but the faculty is active."""
        applies, faculty_ids = cls.scope(filterset, ignore)
        return cls(filterset, faculty_ids) if applies else None

    @staticmethod
    def scope(filterset: DirectoryFilterSet, ignore=()) -> tuple[bool, list[int] | None]:
        """(whether the stored counters can answer for the filterset without `ignore`, the faculty rows they are
        summed over: None for all)."""
        if filterset.viewer.is_office or filterset.viewer.audience not in DIRECTORY_AUDIENCES:
            return False, None
        active = {
            name
            for name, value in filterset.form.cleaned_data.items()
            if name in filterset.filters and value not in ("", None) and (name != "q" or search_terms(value))
        }
        active -= set(ignore)
        if active - {"faculty"}:
            return False, None
        faculties = filterset.faculties
        if filterset.faculty_key is not None:
            return True, faculties.pks_for_key(filterset.faculty_key)
        if "faculty" in active:
            chosen = faculties.key_for_short_name[filterset.form.cleaned_data["faculty"]]
            return True, faculties.pks_for_key(chosen)
        return True, None

    def listed_by_faculty(self) -> Counter:
        return self.counters[stored.LISTED]

    def total(self) -> int:
        listed = self.listed_by_faculty()
        if self.faculty_ids is None:
            return sum(listed.values())
        return sum(listed[faculty_id] for faculty_id in self.faculty_ids)

    def faculties_where(self, field_name: str, test) -> Counter:
        """{faculty id: people whose stored `field_name` passes `test`} (`alumni.filters.value_test`), every
        faculty's."""
        by_faculty: Counter = Counter()
        for faculty_id, name, value, count in self.rows:
            if name == field_name and test(int(value) if field_name in _INTEGER_FIELDS else value):
                by_faculty[faculty_id] += count
        return by_faculty

    def field(self, field_name: str) -> Counter:
        values = self.counters[field_name]
        if field_name in _INTEGER_FIELDS:
            return Counter({int(value): count for value, count in values.items()})
        return Counter(values)


def _field_counts(filterset: DirectoryFilterSet, facet: str, field_name: str, counters: StoredCounts | None):
    """[(value, count)] of one guarded field over the facet's base (every filter but its own), counting only
    people whose field the viewer may see."""
    viewer = filterset.viewer
    column = directory_column_for(viewer, field_name)
    if column is None:  # the office sees every field itself
        base = filterset.filtered(ignore=FACET_FILTERS[facet])
        if field_name == "help_offers":
            base = base.filter(willing_to_help_q(), field_visible_q(viewer, field_name))
            return _grouped(base.annotate(mask=help_offers_mask()), "mask")
        empty = Q(**{f"{field_name}__isnull": True}) if field_name == "graduation_year" else Q(**{field_name: ""})
        return _grouped(base.filter(field_visible_q(viewer, field_name)).exclude(empty), field_name)
    if counters is not None:
        counts = counters.field(field_name)
    else:
        showing = people(viewer, filterset.faculty_key, showing=field_name)
        counts = Counter(dict(_grouped(filterset.filtered(showing, ignore=FACET_FILTERS[facet]), column)))
    _count_own_row(filterset, facet, field_name, counts)
    return [(value, count) for value, count in counts.items() if count > 0]


# The guarded filters, likeliest to be narrow first (few offer help; a country is often nearly everyone's).
_NARROWEST_FIRST = ("help", "year", "decade", "sector", "cycle", "country")


def _filtered_column(filterset: DirectoryFilterSet) -> str | None:
    """The stored column of one active guarded filter (the likeliest to be narrow), or None."""
    data = filterset.form.cleaned_data
    for name in _NARROWEST_FIRST:
        if name in filterset.filters and data.get(name) not in ("", None):
            return directory_column_for(filterset.viewer, GUARDED_BY[name])
    return None


class QueriedCounts:
    """Counts by one aggregate query per facet, except where the stored counters answer: for every facet when given
    `counters`, else for a facet whose base (every filter but its own) has no filter but the faculty (unless
    `stored` is False: queries only)."""

    def __init__(self, filterset: DirectoryFilterSet, counters: StoredCounts | None = None, *, stored: bool = True):
        self.filterset, self.counters, self.use_stored = filterset, counters, stored
        self._stored: dict[tuple[int, ...] | None, StoredCounts] = {}

    def _stored_for(self, facet: str) -> StoredCounts | None:
        if self.counters is not None or not self.use_stored:
            return self.counters
        applies, faculty_ids = StoredCounts.scope(self.filterset, ignore=FACET_FILTERS[facet])
        if not applies:
            return None
        return self._stored_over(faculty_ids)

    def _stored_over(self, faculty_ids: list[int] | None) -> StoredCounts:
        """The stored counters summed over these faculty rows (all when None): one query for every facet."""
        key = None if faculty_ids is None else tuple(faculty_ids)
        if key not in self._stored:
            rows = next(iter(self._stored.values())).rows if self._stored else None
            self._stored[key] = StoredCounts(self.filterset, faculty_ids, rows)
        return self._stored[key]

    def _only_guarded_filter(self) -> tuple[str, Any] | None:
        """(name, value) of the one filter active besides the faculty when it is a guarded field's, for a viewer
        who sees what the stored columns hold (not the office, not a signed-in alumnus and their own row)."""
        filterset, viewer = self.filterset, self.filterset.viewer
        if not self.use_stored or viewer.alumnus_id is not None:
            return None
        applies, _faculty_ids = StoredCounts.scope(filterset, ignore=FACET_FILTERS["faculty"] + tuple(GUARDED_BY))
        active = [
            (name, value)
            for name, value in filterset.form.cleaned_data.items()
            if name in GUARDED_BY and name in filterset.filters and value not in ("", None)
        ]
        return active[0] if applies and len(active) == 1 else None

    def faculties(self) -> list[tuple[int, int]]:
        stored_counts = self._stored_for("faculty")
        if stored_counts is not None:
            return list(stored_counts.listed_by_faculty().items())
        only = self._only_guarded_filter()
        if only is not None:  # its counters by faculty, in the stored counters
            name, value = only
            return list(self._stored_over(None).faculties_where(GUARDED_BY[name], value_test(name, value)).items())
        base = self.filterset.filtered(ignore=FACET_FILTERS["faculty"])
        column = _filtered_column(self.filterset)
        if column is None:
            return _grouped(base, "faculty_id")
        # Grouped by the filtered column first, then the faculty: the order of that column's index, which holds the
        # faculty, so the count reads the index alone. Grouped by the faculty alone, SQLite walks the faculties'
        # index instead and reads every listed person's row (0.3 s at 200,000 people, against 10 ms).
        counts: Counter = Counter()
        grouped = base.order_by().values_list(column, "faculty_id").annotate(count=Count("*"))
        for _value, faculty_id, count in grouped.values_list(column, "faculty_id", "count"):
            counts[faculty_id] += count
        return list(counts.items())

    def field(self, facet: str, field_name: str) -> list[tuple[Any, int]]:
        return _field_counts(self.filterset, facet, field_name, self._stored_for(facet))


def facet_counts(filterset: DirectoryFilterSet, counters: StoredCounts | None = None, source=None):
    """For each facet, {value: count} as described in the module's docstring. `source` answers
    `faculties()` ([(faculty id, count)]) and `field(facet, field name)` ([(stored value, count)]): by default
    queries (`QueriedCounts`); `alumni.directory.matches.NameMatches` counts a name search's matches in memory."""
    source = QueriedCounts(filterset, counters) if source is None else source  # NameMatches has a len()
    counts: dict[str, dict[str, int]] = {}
    if "faculty" in filterset.filters:
        faculty_counts: dict[str, int] = {}
        for faculty_id, count in source.faculties():
            short_name = filterset.faculties.short_name_for_key(filterset.faculties.key_for_pk.get(faculty_id))
            if short_name and count:
                faculty_counts[short_name] = faculty_counts.get(short_name, 0) + count
        counts["faculty"] = faculty_counts
    counts["cycle"] = dict(source.field("cycle", GUARDED_BY["cycle"]))
    decades: dict[str, int] = {}
    for year, count in source.field("decade", GUARDED_BY["decade"]):
        decades[decade_of(year)] = decades.get(decade_of(year), 0) + count
    counts["decade"] = decades
    counts["sector"] = dict(source.field("sector", GUARDED_BY["sector"]))
    # Spellings that differ only by case are one country, shown as its most common spelling.
    countries: dict[str, list] = {}
    for spelling, count in sorted(source.field("country", GUARDED_BY["country"])):  # ties: the first spelling
        entry = countries.setdefault(spelling.casefold(), [spelling, 0, 0])
        if count > entry[1]:
            entry[0], entry[1] = spelling, count
        entry[2] += count
    counts["country"] = {spelling: total for spelling, _most, total in countries.values()}
    helpers = dict.fromkeys([ANY_HELP, *HelpOffer.values], 0)
    for mask, count in source.field("help", GUARDED_BY["help"]):
        helpers[ANY_HELP] += count
        for offer, bit in HELP_OFFER_BITS.items():
            if mask & bit:
                helpers[offer] += count
    counts["help"] = helpers
    return counts


def directory_state() -> str:
    """Changes when anyone is added or saved (two index probes: one MAX each, which SQLite answers from the
    index, where a query with both would scan the table); deletions show within FACET_CACHE_SECONDS."""
    updated = Alumnus.objects.aggregate(updated=Max("updated_at"))["updated"]
    last = Alumnus.objects.aggregate(last=Max("pk"))["last"]
    return f"{last}:{updated.timestamp() if updated else 0}"


def counts_for(filterset: DirectoryFilterSet, faculty_key) -> tuple[dict[str, dict[str, int]], int | None]:
    """The facet counts and the result count. With no filter but the faculty, from the stored counters. Else,
    for the public, whose view of everyone is the same, both are cached per filter combination until someone's
    data changes; a signed-in alumnus also sees themselves and the alumni-level fields, so theirs are counted
    afresh (and the result count left to the paginator)."""
    counters = StoredCounts.for_filterset(filterset)
    if counters is not None:
        return facet_counts(filterset, counters), counters.total()
    if filterset.viewer.audience != PUBLIC.audience:
        return facet_counts(filterset), None
    data = sorted((name, str(value)) for name, value in filterset.form.cleaned_data.items() if value not in ("", None))
    fingerprint = hashlib.sha256(repr((faculty_key, filterset.locale_id, data)).encode()).hexdigest()[:32]
    key = f"alumni:directory-counts:{directory_state()}:{fingerprint}"
    cached = cache.get(key)
    if cached is None:
        cached = (facet_counts(filterset), sorted_results(filterset).count())
        cache.set(key, cached, FACET_CACHE_SECONDS)
    return cached


def label_choices(filterset: DirectoryFilterSet, counts: dict[str, dict[str, int]]) -> None:
    """Write each facet value's count into its option, and offer the countries found as a list."""
    form = filterset.form
    for name in ("faculty", "cycle", "decade", "sector", "help"):
        if name not in form.fields:
            continue
        facet = counts.get(name, {})
        choices = []
        for value, label in form.fields[name].choices:
            if value in ("", None):
                choices.append((value, label))
                continue
            count = facet.get(value, 0)
            if count or value == form.data.get(name) or name == "faculty":
                choices.append((value, f"{label} ({count})"))
        form.fields[name].choices = choices
    if "country" in form.fields:
        chosen = (form.data.get("country") or "").strip()
        countries = sorted(counts.get("country", {}).items(), key=lambda item: item[0].casefold())
        choices = [("", _("Any country"))] + [(name, f"{name} ({count})") for name, count in countries]
        if chosen and chosen.casefold() not in {name.casefold() for name, _count in countries}:
            choices.append((chosen, f"{chosen} (0)"))
        elif chosen:
            # Keep the option selected whatever case the address used.
            choices = [(chosen if name.casefold() == chosen.casefold() else name, label) for name, label in choices]
        field_ = form.fields["country"]
        field_.widget = forms.Select(choices=choices, attrs=field_.widget.attrs)
