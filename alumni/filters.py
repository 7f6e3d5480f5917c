"""The directory's filters (django-filter): name search, faculty, study cycle, graduation year or decade, sector,
country and willingness to help, shared by the directory page and the API.

Filters never reveal a field the viewer may not see. A filter on sector, country, cycle, year or help offers
matches only people whose field is visible to the viewer (`privacy.seen_q`): a visitor who picks "Software and
IT" does not learn that someone who shows their sector to signed-in alumni only works in IT. Name and faculty
are what a listing is, so they filter everyone the viewer may see.

Faculties are translatable and a person's FK points at the default-language (Romanian) row: choices are the
faculties of the page's language, by short name, matched on `translation_key`.
"""

import re
from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from alumni.models import (
    FIRST_GRADUATION_YEAR,
    Alumnus,
    HelpOffer,
    Sector,
    StudyCycle,
    last_graduation_year,
    willing_to_help_q,
)
from alumni.models.people import HELP_OFFER_BITS
from alumni.privacy import PUBLIC, Viewer, own_hidden_values, seen_q
from home.models import Faculty
from home.text import fold_diacritics

FIRST_DECADE = 1950  # earlier graduates share the first bucket
ANY_HELP = "any"

# The filter each facet belongs to; a facet's counts ignore its own filters (see alumni.directory.facets).
FACET_FILTERS: dict[str, tuple[str, ...]] = {
    "faculty": ("faculty",),
    "cycle": ("cycle",),
    "decade": ("decade", "year"),
    "sector": ("sector",),
    "country": ("country",),
    "help": ("help",),
}

# The visibility setting that guards each filter: filtering on it must not reveal a hidden value.
GUARDED_BY = {"cycle": "study_cycle", "decade": "graduation_year", "year": "graduation_year"}
GUARDED_BY |= {"sector": "sector", "country": "country", "help": "help_offers"}


def search_terms(text: str) -> str:
    """The words of a name search, folded ("Ștefan", "Ştefan" and "stefan" are the same), punctuation dropped."""
    return " ".join(re.findall(r"\w+", fold_diacritics(text)))[:100]


def matching_ids(text: str):
    """A subquery of the ids of listed people whose name has a word starting with each word of `text` (folded:
    "Ștefan", "Ştefan" and "stefan" are the same), through the index of name words (`alumni.name_search`)."""
    from alumni import name_search

    return name_search.matching_ids(search_terms(text).split())


def country_spellings(value: str, audience: str) -> list[str]:
    """The spellings of a country that a filter on it matches: every spelling that differs from `value` only by
    case, whatever the database's own idea of case is (SQLite's only knows ASCII), as the facet counts merge them.
    Taken from the directory's stored counters of this audience (one query on a small table); the value as typed
    always matches."""
    from alumni.models import DirectoryCount

    wanted = value.strip()
    known = DirectoryCount.objects.filter(audience=audience, field_name="country", count__gt=0)
    spellings = {
        spelling for spelling in known.values_list("value", flat=True) if spelling.casefold() == wanted.casefold()
    }
    return sorted(spellings | {wanted})


def decade_choices() -> list[tuple[str, str]]:
    choices = [(str(FIRST_DECADE), _("Before %(year)s") % {"year": FIRST_DECADE + 10})]
    for start in range(FIRST_DECADE + 10, last_graduation_year() + 1, 10):
        choices.append((str(start), f"{start}–{start + 9}"))
    return choices


def decade_of(year: int) -> str:
    return str(max(FIRST_DECADE, year // 10 * 10))


class DirectoryFilterSet(django_filters.FilterSet):
    """Filters for the directory's people. `viewer` decides what the guarded filters may look at; `locale_id`
    the language of the faculty choices; `faculty_key` (a faculty section's directory) drops the faculty filter."""

    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_name",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    faculty = django_filters.ChoiceFilter(label=_("Faculty"), empty_label=_("All faculties"), method="filter_faculty")
    cycle = django_filters.ChoiceFilter(
        label=_("Study cycle"), choices=StudyCycle.choices, empty_label=_("Any cycle"), method="filter_guarded"
    )
    decade = django_filters.ChoiceFilter(label=_("Graduated"), empty_label=_("Any year"), method="filter_guarded")
    year = django_filters.NumberFilter(
        label=_("Graduation year"),
        method="filter_guarded",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Sector.choices, empty_label=_("Any sector"), method="filter_guarded"
    )
    country = django_filters.CharFilter(label=_("Country"), max_length=100, method="filter_guarded")
    help = django_filters.ChoiceFilter(
        label=_("Willing to help students"),
        choices=[(ANY_HELP, _("With any kind of help")), *HelpOffer.choices],
        empty_label=_("Not required"),
        method="filter_guarded",
    )

    class Meta:
        model = Alumnus
        fields: list[str] = []

    def __init__(
        self,
        data=None,
        *args,
        viewer: Viewer = PUBLIC,
        locale_id: int | None = None,
        faculty_key=None,
        faculties=None,
        **kwargs,
    ):
        super().__init__(data, *args, **kwargs)
        self.viewer = viewer
        self.locale_id = locale_id or Locale.get_active().pk
        self.faculty_key = faculty_key
        self.faculties = faculties if faculties is not None else FacultyNames.load(self.locale_id)
        if faculty_key is None:
            self.filters["faculty"].extra["choices"] = self.faculties.choices
        else:
            del self.filters["faculty"]
        self.filters["decade"].extra["choices"] = decade_choices()
        year_field = self.filters["year"].extra
        year_field.update(min_value=FIRST_GRADUATION_YEAR, max_value=last_graduation_year())

    # Applying filters -------------------------------------------------------------------------------------

    def filter_queryset(self, queryset):
        return self.filtered(queryset)

    def filtered(self, queryset=None, *, ignore=()):
        """The queryset with every valid filter applied except those named in `ignore` (for facet counts)."""
        queryset = self.queryset if queryset is None else queryset
        for name, value in self.form.cleaned_data.items():
            if name in ignore or name not in self.filters:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_name(self, queryset, name, value):
        if not search_terms(value):
            return queryset
        return queryset.filter(pk__in=matching_ids(value))

    def filter_faculty(self, queryset, name, value):
        return queryset.filter(faculty_id__in=self.faculties.pks_for_key(self.faculties.key_for_short_name[value]))

    def filter_guarded(self, queryset, name, value):
        if value in (None, ""):
            return queryset
        field_name = GUARDED_BY[name]
        condition = lambda column: self.value_q(name, value, column)  # noqa: E731
        seen = seen_q(self.viewer, field_name, condition, own_hidden=())
        # A signed-in alumnus's own value of a field they hide from other alumni: tested here, in Python, the way
        # the facets count it (a country in any case), and their row added by id when it passes.
        own = self.own_hidden.get(field_name)
        if own is not None and value_test(name, value)(own):
            seen |= Q(pk=self.viewer.alumnus_id)
        return queryset.filter(seen)

    @cached_property
    def own_hidden(self) -> dict:
        """What a signed-in alumnus hides of their own row from other alumni (`privacy.own_hidden_values`)."""
        return own_hidden_values(self.viewer)

    @staticmethod
    def value_q(name: str, value, column: str | None = None) -> Q:
        """The filter `name` = `value` on `column`: the guarded field itself (the default) or the stored column
        with what a viewer sees of it (`privacy.seen_q` chooses)."""
        column = column or GUARDED_BY[name]
        if name == "cycle":
            return Q(**{column: value})
        if name == "year":
            return Q(**{column: int(value)})
        if name == "decade":
            start = int(value)
            first = FIRST_GRADUATION_YEAR if start == FIRST_DECADE else start
            return Q(**{f"{column}__gte": first, f"{column}__lte": start + 9})
        if name == "sector":
            return Q(**{column: value})
        if name == "country":
            if column == GUARDED_BY[name]:  # the office's filter, on the field itself
                return Q(country__iexact=value.strip())
            return Q(**{f"{column}__in": country_spellings(value, column.removesuffix("_country"))})
        if name == "help":
            offer = None if value == ANY_HELP else value
            if column == GUARDED_BY[name]:
                return willing_to_help_q(offer)
            # The stored column holds the offers' bits: any offer is any row in it, one offer the masks with its bit.
            if offer is None:
                return Q(**{f"{column}__isnull": False})
            return Q(
                **{
                    f"{column}__in": [
                        mask for mask in range(1, 2 ** len(HELP_OFFER_BITS)) if mask & HELP_OFFER_BITS[offer]
                    ]
                }
            )
        raise ValueError(name)


def value_test(name: str, value) -> Callable[[Any], bool]:
    """The filter `name` = `value` on one value of a stored directory column (None where the viewer may not see
    the field or it is empty; help offers as their bits): what `DirectoryFilterSet.value_q` tests in SQL on that
    column, for what is counted in memory (`alumni.directory.matches`, the stored counters)."""
    if name in ("cycle", "sector"):
        return lambda stored: stored == value
    if name == "year":
        year = int(value)
        return lambda stored: stored == year
    if name == "decade":
        start = int(value)
        first, last = (FIRST_GRADUATION_YEAR if start == FIRST_DECADE else start), start + 9
        return lambda stored: stored is not None and first <= stored <= last
    if name == "country":
        wanted = value.strip().casefold()
        return lambda stored: stored is not None and stored.casefold() == wanted
    if name == "help":
        if value == ANY_HELP:
            return lambda stored: stored is not None
        bit = HELP_OFFER_BITS[value]
        return lambda stored: stored is not None and bool(stored & bit)
    raise ValueError(name)


class FacultyNames:
    """Every faculty row in one query: the choices and names in one language, and each row's translation key."""

    def __init__(self, rows, locale_id: int):
        self.key_for_pk = {pk: key for pk, key, *_rest in rows}
        localized = sorted((row for row in rows if row[2] == locale_id), key=lambda row: row[5])
        fallback = {row[1]: row for row in rows if row[1] not in {r[1] for r in localized}}
        self.by_key = {key: (short, name) for _pk, key, _locale, short, name, _sort in [*localized, *fallback.values()]}
        self.choices = [(short, name) for _pk, _key, _locale, short, name, _sort in localized]
        self.key_for_short_name = {short: key for _pk, key, _locale, short, _name, _sort in localized}

    @classmethod
    def load(cls, locale_id: int) -> "FacultyNames":
        rows = list(Faculty.objects.values_list("pk", "translation_key", "locale_id", "short_name", "name", "sort_key"))
        return cls(rows, locale_id)

    def pks_for_key(self, key) -> list[int]:
        """The ids of a faculty's rows in every language (a person's points at one of them)."""
        return [pk for pk, row_key in self.key_for_pk.items() if row_key == key]

    def short_name_for_key(self, key) -> str | None:
        short_and_name = self.by_key.get(key)
        return short_and_name[0] if short_and_name else None
