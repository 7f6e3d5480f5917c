"""django-filter filter sets for event listings: they filter occurrences (one row per dated occurrence of an
event), so a monthly meeting appears on each of its dates.

Faculties and event types are translatable: an English event's FK may point to the Romanian row or the English
one. Choices are offered in the visitor's language and matched on `translation_key`, so either works.
"""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale

from events.dates import FIRST_YEAR, LAST_YEAR
from events.models import EventOccurrence, EventType
from home.models import Faculty

# Query string names that are Python keywords cannot be attribute names on the class: declared as
# `date_from`/`date_to`, exposed as `from`/`to` (`?from=2026-12-01&to=2026-12-31`).
RENAMED_FILTERS = {"date_from": "from", "date_to": "to"}


class MonthField(forms.DateField):
    """A month written as YYYY-MM (what `<input type="month">` submits); cleans to its first day."""

    input_formats = ["%Y-%m"]
    default_error_messages = {
        "invalid": _("Enter a month as YYYY-MM, for example 2026-12."),
        "out_of_range": _("Choose a month between %(first)s and %(last)s."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", self.input_formats)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class BaseEventFilterSet(django_filters.FilterSet):
    """Faculty, type and free places: the filters the list and the month grid share.

    `aggregated=False` (an event index inside a faculty section) drops the faculty filter. Choices are in the
    language of `locale_id` (the page's), by default the active one.
    """

    faculty = django_filters.ChoiceFilter(label=_("Faculty"), empty_label=_("All faculties"), method="filter_faculty")
    type = django_filters.ChoiceFilter(label=_("Type"), empty_label=_("All types"), method="filter_type")
    has_free_places = django_filters.BooleanFilter(
        label=_("Only with free places"), widget=forms.CheckboxInput, method="filter_has_free_places"
    )

    class Meta:
        model = EventOccurrence
        fields = []

    @classmethod
    def get_filters(cls):
        filters = {RENAMED_FILTERS.get(name, name): filter_ for name, filter_ in super().get_filters().items()}
        filters["has_free_places"] = filters.pop("has_free_places")  # the checkbox goes last in the form
        return filters

    def __init__(self, data=None, *args, aggregated: bool = True, locale_id: int | None = None, **kwargs):
        data = data.copy() if data is not None else {}
        self.set_defaults(data)
        super().__init__(data, *args, **kwargs)
        self.locale_id = locale_id or Locale.get_active().pk
        # The faculties and types of the locale: the choices, and the names listings show (events.listing.describe).
        faculties = Faculty.objects.filter(locale_id=self.locale_id).order_by("sort_key")
        faculties = list(faculties.values_list("short_name", "name", "translation_key"))
        self.faculty_keys = {short: key for short, _name, key in faculties}
        self.faculty_names = {key: name for _short, name, key in faculties}
        if aggregated:
            self.filters["faculty"].extra["choices"] = [(short, name) for short, name, _key in faculties]
        else:
            del self.filters["faculty"]
        types = EventType.objects.filter(locale_id=self.locale_id).order_by("sort_key")
        types = list(types.values_list("pk", "name", "translation_key"))
        self.filters["type"].extra["choices"] = [(str(pk), name) for pk, name, _key in types]
        self.type_keys = {str(pk): key for pk, _name, key in types}
        self.type_names = {key: (pk, name) for pk, name, key in types}
        self.localize_type(types)

    def localize_type(self, types) -> None:
        """A type id from the other language (the language switcher keeps the query string) becomes the id of
        its translation, so `/en/calendar/?type=<Romanian id>` filters instead of failing."""
        value = self.data.get("type")
        if not value or value in self.type_keys or not str(value).isdigit():
            return
        key = EventType.objects.filter(pk=value).values_list("translation_key", flat=True).first()
        localized = next((str(pk) for pk, _name, type_key in types if type_key == key), None)
        if localized is not None:
            self.data["type"] = localized

    def set_defaults(self, data) -> None:
        """Fill in the defaults a bare URL means (`data` is a mutable copy of the query string)."""

    def filter_faculty(self, queryset, name, value):
        return queryset.of_faculties([self.faculty_keys[value]])

    def filter_type(self, queryset, name, value):
        return queryset.of_types([self.type_keys[value]])

    def filter_has_free_places(self, queryset, name, value):
        return queryset.with_free_places() if value else queryset


class DateRangeForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end date cannot be before the start date."))
        return cleaned


class EventFilterSet(BaseEventFilterSet):
    """The list: shared filters, a date range and upcoming/past (upcoming unless a date range is given)."""

    date_from = django_filters.DateFilter(
        label=_("From"),
        method="filter_from",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = django_filters.DateFilter(
        label=pgettext_lazy("end of a date range", "To"),
        method="filter_to",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("Any time"))],
        empty_label=None,
        method="filter_when",
    )

    class Meta(BaseEventFilterSet.Meta):
        form = DateRangeForm

    def set_defaults(self, data):
        data.setdefault("when", "all" if data.get("from") or data.get("to") else "upcoming")

    def filter_from(self, queryset, name, value):
        return queryset.running_from(value)

    def filter_to(self, queryset, name, value):
        return queryset.starting_until(value)

    def filter_when(self, queryset, name, value):
        if value == "past":
            return queryset.past()
        if value == "upcoming":
            return queryset.upcoming()
        return queryset


class MonthFilterSet(BaseEventFilterSet):
    """The month grid: shared filters and the month shown (this month by default)."""

    month = MonthFilter(
        label=_("Month"),
        method="filter_month",
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def set_defaults(self, data):
        if not data.get("month"):
            data["month"] = timezone.localdate().strftime("%Y-%m")

    def filter_month(self, queryset, name, value):
        return queryset.in_month(value)

    @property
    def month_shown(self) -> datetime.date | None:
        """The first day of the month on the grid, or None when the form is invalid."""
        if not self.is_valid():
            return None
        return self.form.cleaned_data["month"]
