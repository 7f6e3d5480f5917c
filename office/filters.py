"""Filters of the office's plan listings: by faculty (the user's own), academic year and status."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from office.academic_year import academic_year_choices
from office.models import (
    ActionPlan,
    CoordinatorAppointment,
    CoordinatorMeeting,
    Measure,
    MeasureDeadline,
    PlanAction,
    Synthesis,
)


def _faculties(request):
    from home.permissions import faculties_for_user

    return faculties_for_user(request.user, central=True)


def _years():
    return academic_year_choices(timezone.localdate())


class ActionPlanFilterSet(WagtailFilterSet):
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=_faculties)
    academic_year = django_filters.ChoiceFilter(label=_("Academic year"), choices=_years)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionPlan.Status.choices)

    class Meta:
        model = ActionPlan
        fields = ["faculty", "academic_year", "status"]


class PlanActionFilterSet(WagtailFilterSet):
    """The overdue actions' report."""

    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), field_name="plan__faculty", queryset=_faculties)
    academic_year = django_filters.ChoiceFilter(
        label=_("Academic year"), field_name="plan__academic_year", choices=_years
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (value, label)
            for value, label in PlanAction.Status.choices
            if value in (PlanAction.Status.PLANNED, PlanAction.Status.IN_PROGRESS)
        ],
    )
    measure = django_filters.ModelChoiceFilter(label=_("Strategy measure"), queryset=Measure.objects.all())

    class Meta:
        model = PlanAction
        fields = ["faculty", "academic_year", "status", "measure"]


class MeasureDeadlineFilterSet(WagtailFilterSet):
    STATE_CHOICES = [("overdue", _("Overdue")), ("open", _("Not done")), ("done", _("Done"))]

    measure = django_filters.ModelChoiceFilter(label=_("Strategy measure"), queryset=Measure.objects.all())
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=_faculties)
    state = django_filters.ChoiceFilter(label=_("State"), choices=STATE_CHOICES, method="filter_state")

    class Meta:
        model = MeasureDeadline
        fields = ["measure", "faculty", "state"]

    def filter_state(self, queryset, name, value):
        if value == "overdue":
            return queryset.overdue(timezone.localdate())
        if value == "open":
            return queryset.open()
        if value == "done":
            return queryset.filter(done_on__isnull=False)
        return queryset


class CoordinatorAppointmentFilterSet(WagtailFilterSet):
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=_faculties)
    current = django_filters.BooleanFilter(label=_("In office"), field_name="ended_on", lookup_expr="isnull")

    class Meta:
        model = CoordinatorAppointment
        fields = ["faculty", "current"]


class CoordinatorMeetingFilterSet(WagtailFilterSet):
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty attending"), field_name="faculties", queryset=_faculties
    )
    academic_year = django_filters.ChoiceFilter(label=_("Academic year"), choices=_years, method="filter_year")

    class Meta:
        model = CoordinatorMeeting
        fields = ["faculty", "academic_year"]

    def filter_year(self, queryset, name, value):
        from office.academic_year import academic_year_bounds

        start, end = academic_year_bounds(value)
        return queryset.filter(held_on__range=(start, end))


class SynthesisFilterSet(WagtailFilterSet):
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=_faculties)
    kind = django_filters.ChoiceFilter(label=_("Synthesis of"), choices=Synthesis.Kind.choices)
    period_end = django_filters.DateFromToRangeFilter(label=_("Period ending"))

    class Meta:
        model = Synthesis
        fields = ["faculty", "kind", "period_end"]
