"""Filters: the public list of active protocols (faculty in the reader's language, activity kind) and the admin's
listings (stage, faculty among the user's own, weak point status)."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from home.models import Faculty
from protocols.models import Protocol, ProtocolActivity, WeakPoint


class PublicProtocolFilterSet(django_filters.FilterSet):
    """Validates the page's query string; `protocols.listing.public_protocols` applies the cleaned values. The
    faculty is chosen by its translation key, so the Romanian and the English page share their addresses."""

    faculty = django_filters.ChoiceFilter(label=_("Faculty"), empty_label=_("All faculties"), method="keep")
    kind = django_filters.ChoiceFilter(
        label=_("Activity"), empty_label=_("All activities"), choices=ProtocolActivity.Kind.choices, method="keep"
    )

    class Meta:
        model = Protocol
        fields: list[str] = []

    def __init__(self, data=None, *args, locale=None, with_faculty=True, **kwargs):
        super().__init__(data, *args, queryset=Protocol.objects.none(), **kwargs)
        if not with_faculty:
            del self.filters["faculty"]
            return
        faculties = list(Faculty.objects.filter(locale=locale).order_by("sort_key")) if locale else []
        if not faculties:  # faculties not yet translated: offer them in the default language
            faculties = Faculty.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("sort_key")
        self.filters["faculty"].extra["choices"] = [
            (str(faculty.translation_key), faculty.name) for faculty in faculties
        ]

    def keep(self, queryset, name, value):
        return queryset


def _faculties(request):
    from home.permissions import faculties_for_user

    return faculties_for_user(request.user, central=True)


class ProtocolFilterSet(WagtailFilterSet):
    stage = django_filters.ChoiceFilter(label=_("Lifecycle stage"), choices=Protocol.Stage.choices)
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=_faculties)
    live = django_filters.BooleanFilter(label=_("Approved and published"))

    class Meta:
        model = Protocol
        fields = ["stage", "faculty", "live"]


class WeakPointFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=WeakPoint.Status.choices)
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=_faculties)

    class Meta:
        model = WeakPoint
        fields = ["status", "faculty"]
