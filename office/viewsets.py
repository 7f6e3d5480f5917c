"""Plans in the admin (the "Plans" menu): faculty action plans with their actions, the overdue actions' report,
the strategy's measures and their deadlines per faculty, the coordinators' appointments and the office's meetings.

Plans, measure deadlines and appointments are cut along the faculty (home.permissions): a faculty's editors and
coordinators see theirs only, and a plan once submitted is read-only for them (the office returns it to draft).
Measures and meetings are the office's.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import DeleteView, EditView, HistoryView, InspectView, SnippetViewSet, UsageView

from home.permissions import (
    FacultyPermissionPolicy,
    FacultyScopedObjectMixin,
    faculty_scoped,
    permission_chooser,
    scope_to_faculties,
)
from office.filters import (
    ActionPlanFilterSet,
    CoordinatorAppointmentFilterSet,
    CoordinatorMeetingFilterSet,
    MeasureDeadlineFilterSet,
    PlanActionFilterSet,
)
from office.forms import ActionPlanForm, FacultyChoiceForm, MeasureForm, MeetingForm, action_progress_formset
from office.models import (
    ActionPlan,
    CoordinatorAppointment,
    CoordinatorMeeting,
    Measure,
    MeasureDeadline,
    PlanAction,
)
from office.views.syntheses import SynthesisViewSet

MOVE_LABELS = {
    "submit": gettext_lazy("Submit to the central office"),
    "centralise": gettext_lazy("Centralise"),
    "return": gettext_lazy("Return to draft"),
}
MOVE_DONE = {
    "submit": gettext_lazy("The plan was submitted to the central office."),
    "centralise": gettext_lazy("The plan was centralised."),
    "return": gettext_lazy("The plan is a draft again."),
}


class ActionPlanPermissionPolicy(FacultyPermissionPolicy):
    """A faculty's plans, for its editors and coordinators; once submitted, changed only by the office."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete") and not instance.is_editable_by(user):
            return False
        return super().user_has_permission_for_instance(user, action, instance)


PLAN_POLICY = ActionPlanPermissionPolicy(ActionPlan, faculty_field="faculty", central=True)
DEADLINE_POLICY = FacultyPermissionPolicy(MeasureDeadline, faculty_field="faculty", central=True)
APPOINTMENT_POLICY = FacultyPermissionPolicy(CoordinatorAppointment, faculty_field="faculty", central=True)


# One record's views, cut along the faculty ----------------------------------------------------------------------


class ScopedEditView(FacultyScopedObjectMixin, EditView):
    pass


class ScopedInspectView(FacultyScopedObjectMixin, InspectView):
    pass


class ScopedDeleteView(FacultyScopedObjectMixin, DeleteView):
    pass


class ScopedHistoryView(FacultyScopedObjectMixin, HistoryView):
    pass


class ScopedUsageView(FacultyScopedObjectMixin, UsageView):
    pass


class FacultyScopedViewSet(SnippetViewSet):
    """A snippet viewset whose one-record views answer 403 for another faculty's record."""

    menu_item_is_registered = True  # in the Plans group, not under Snippets
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_class = ScopedEditView
    inspect_view_class = ScopedInspectView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView


# Action plans ---------------------------------------------------------------------------------------------------


class ActionPlanEditView(ScopedEditView):
    """A submitted plan opens read-only (its inspect page) for the faculty; the office may still edit it."""

    def dispatch(self, request, *args, **kwargs):
        plan = self.get_object()
        if not plan.is_editable_by(request.user):
            if request.method in ("GET", "HEAD"):
                messages.info(request, _("This plan was submitted: only the central office may change it now."))
                return redirect(self.get_inspect_url())
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_inspect_url(self):
        return reverse("wagtailsnippets_office_actionplan:inspect", args=[self.object_pk])


class ActionPlanInspectView(ScopedInspectView):
    template_name = "office/admin/action_plan_inspect.html"

    def get_object(self, queryset=None):
        self.object = get_object_or_404(
            ActionPlan.objects.select_related("faculty", "submitted_by", "centralised_by"), pk=self.pk
        )
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        user = self.request.user
        context["plan"] = plan
        context["actions"] = plan.actions.select_related("measure").order_by("sort_order", "pk")
        context["today"] = timezone.localdate()
        may_change = PLAN_POLICY.user_has_permission(user, "change")
        context["moves"] = [(move, MOVE_LABELS[move]) for move in plan.allowed_moves(user)] if may_change else []
        context["can_edit"] = PLAN_POLICY.user_has_permission_for_instance(user, "change", plan)
        context["can_record_progress"] = may_record_progress(user, plan)
        context["submitted_by"] = person_name(plan.submitted_by)
        context["centralised_by"] = person_name(plan.centralised_by)
        return context


def person_name(user) -> str:
    """Who took a step, for the plan's page: their full name, else their username; a dash once they are gone."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def may_record_progress(user, plan) -> bool:
    """The faculty's editors and coordinators (and the office) record the actions' progress at every step."""
    return PLAN_POLICY.user_has_permission(user, "change") and PLAN_POLICY.user_works_with(user, plan)


def record_progress(request, pk: int):
    """The plan's actions' status, the day each was done and its evidence, for a plan the faculty can no longer
    edit (submitted or centralised); the rest of the plan stays as submitted."""
    plan = get_object_or_404(ActionPlan.objects.select_related("faculty"), pk=pk)
    if not may_record_progress(request.user, plan):
        raise PermissionDenied
    formset = action_progress_formset(plan, request.POST if request.method == "POST" else None)
    if request.method == "POST" and formset.is_valid():
        changed = [
            form
            for form in formset.initial_forms
            if form.instance.pk is not None and form.instance.plan_id == plan.pk and form.has_changed()
        ]
        with transaction.atomic():
            for form in changed:
                form.save()
        if changed:
            log(instance=plan, action="wagtail.edit", user=request.user)
        messages.success(request, _("The progress of the plan's actions was recorded."))
        return redirect("wagtailsnippets_office_actionplan:inspect", pk)
    if request.method == "POST":
        messages.error(request, _("The progress could not be recorded: see the errors below."))
    context = {
        "plan": plan,
        "formset": formset,
        "inspect_url": reverse("wagtailsnippets_office_actionplan:inspect", args=[pk]),
    }
    return TemplateResponse(request, "office/admin/action_plan_progress.html", context)


@require_POST
def move_plan(request, pk: int):
    """Submit, centralise or return a plan to draft (POST from its page); each step records who and when."""
    plan = get_object_or_404(ActionPlan, pk=pk)
    if not (
        PLAN_POLICY.user_has_permission(request.user, "change") and PLAN_POLICY.user_works_with(request.user, plan)
    ):
        raise PermissionDenied
    step = request.POST.get("step", "")
    if step not in MOVE_LABELS:
        messages.error(request, _("Choose what happens to the plan."))
        return redirect("wagtailsnippets_office_actionplan:inspect", pk)
    plan.move(step, request.user)
    messages.success(request, str(MOVE_DONE[step]))
    return redirect("wagtailsnippets_office_actionplan:inspect", pk)


@faculty_scoped(PLAN_POLICY)
class ActionPlanViewSet(FacultyScopedViewSet):
    model = ActionPlan
    icon = "list-ul"
    menu_label = gettext_lazy("Action plans")
    list_display = [
        "faculty",
        "academic_year",
        "status",
        Column("action_count", label=gettext_lazy("Actions"), accessor="action_count"),
        Column("overdue_count", label=gettext_lazy("Overdue"), accessor="overdue_count"),
        DateColumn("submitted_at", label=gettext_lazy("Submitted"), sort_key="submitted_at"),
    ]
    list_export = [
        "faculty",
        "academic_year",
        "status",
        "action_count",
        "overdue_count",
        "submitted_at",
        "submitted_by",
        "centralised_at",
        "centralised_by",
    ]
    export_headings = {
        "action_count": gettext_lazy("Actions"),
        "overdue_count": gettext_lazy("Overdue"),
        "submitted_by": gettext_lazy("Submitted by"),
        "centralised_by": gettext_lazy("Centralised by"),
    }
    export_filename = "action-plans"
    filterset_class = ActionPlanFilterSet
    edit_view_class = ActionPlanEditView
    inspect_view_class = ActionPlanInspectView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("faculty"), FieldPanel("academic_year")]),
            FieldPanel("introduction"),
            InlinePanel(
                "actions",
                label=gettext_lazy("Actions"),
                panels=[
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("responsible"), FieldPanel("responsible_email")]),
                    FieldRowPanel([FieldPanel("deadline"), FieldPanel("status"), FieldPanel("done_on")]),
                    FieldPanel("measure"),
                    FieldPanel("evidence"),
                ],
            ),
        ],
        base_form_class=ActionPlanForm,
    )

    def get_queryset(self, request):
        today = timezone.localdate()
        open_statuses = [PlanAction.Status.DONE, PlanAction.Status.CANCELLED]
        plans = ActionPlan.objects.select_related("faculty", "submitted_by", "centralised_by").annotate(
            action_count=Count("actions", distinct=True),
            overdue_count=Count(
                "actions",
                filter=Q(actions__deadline__lt=today) & ~Q(actions__status__in=open_statuses),
                distinct=True,
            ),
        )
        return PLAN_POLICY.scope(plans, request.user)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("move/<int:pk>/", move_plan, name="move"),
            path("progress/<int:pk>/", record_progress, name="progress"),
        ]


# The overdue actions' report ----------------------------------------------------------------------------------


class OverdueActionsView(ReportView):
    """Every action past its deadline and neither done nor cancelled, in the user's faculties, with CSV and XLSX."""

    page_title = gettext_lazy("Overdue actions")
    header_icon = "warning"
    index_url_name = "office_overdue_actions:index"
    index_results_url_name = "office_overdue_actions:results"
    filterset_class = PlanActionFilterSet
    permission_policy = PLAN_POLICY
    permission_required = "view"
    paginate_by = 50
    list_export = [
        "plan.faculty.short_name",
        "plan.academic_year",
        "title",
        "responsible",
        "responsible_email",
        "deadline",
        "days_overdue",
        "status_label",
        "measure",
    ]

    @cached_property
    def headings(self):
        return {
            "plan.faculty.short_name": _("Faculty"),
            "plan.academic_year": _("Academic year"),
            "title": _("Action"),
            "responsible": _("Responsible person"),
            "responsible_email": _("E-mail"),
            "deadline": _("Deadline"),
            "days_overdue": _("Days overdue"),
            "status_label": _("Status"),
            "measure": _("Strategy measure"),
        }

    def get_heading(self, queryset, field):
        return str(self.headings.get(field, field))

    @cached_property
    def columns(self):
        return [Column(name, label=self.get_heading(None, name), accessor=name) for name in self.list_export]

    def get_filename(self):
        return f"overdue-actions-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        today = timezone.localdate()
        actions = (
            PlanAction.objects.overdue(today)
            .select_related("plan", "plan__faculty", "measure")
            .order_by("deadline", "plan__faculty__sort_key", "pk")
        )
        return scope_to_faculties(actions, self.request.user, "plan__faculty", central=True)

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for action in object_list:
            action.days_overdue = (today - action.deadline).days
            action.status_label = action.get_status_display()
        return object_list

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self.decorate_paginated_queryset(list(queryset)), spreadsheet_format)


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy

    def is_shown(self, request):
        return self.policy.user_has_permission(request.user, "view")


class OverdueActionsViewSet(ViewSet):
    name = "office_overdue_actions"
    icon = "warning"
    menu_label = gettext_lazy("Overdue actions")

    def get_urlpatterns(self):
        return [
            path("", OverdueActionsView.as_view(), name="index"),
            path("results/", OverdueActionsView.as_view(results_only=True), name="results"),
        ]

    def get_menu_item(self, order=None):
        return PermissionMenuItem(
            self.menu_label,
            self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            policy=PLAN_POLICY,
        )


# The strategy's measures and their deadlines --------------------------------------------------------------------


class MeasureViewSet(SnippetViewSet):
    chooser_viewset_class = permission_chooser(SnippetChooserViewSet, ModelPermissionPolicy(Measure))
    """The strategy's measures, each with a deadline per faculty: the central office's."""

    model = Measure
    icon = "tasks"
    menu_label = gettext_lazy("Strategy measures")
    menu_item_is_registered = True
    copy_view_enabled = False
    list_display = ["title", "direction", Column("deadline_count", label=gettext_lazy("Faculties"))]
    list_export = ["title", "direction", "description"]
    export_filename = "strategy-measures"
    search_fields = ["title", "description"]
    search_backend_name = None  # the database's own search: works on every backend
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("direction"), FieldPanel("sort_order")]),
            FieldPanel("description"),
            InlinePanel(
                "deadlines",
                label=gettext_lazy("Deadlines per faculty"),
                panels=[FieldRowPanel([FieldPanel("faculty"), FieldPanel("deadline"), FieldPanel("done_on")])],
            ),
        ],
        base_form_class=MeasureForm,
    )

    def get_queryset(self, request):
        return Measure.objects.annotate(deadline_count=Count("deadlines"))


@faculty_scoped(DEADLINE_POLICY)
class MeasureDeadlineViewSet(FacultyScopedViewSet):
    """Each faculty's deadline for each measure: the office sees every faculty, an editor their own (read only)."""

    model = MeasureDeadline
    icon = "date"
    menu_label = gettext_lazy("Measure deadlines")
    list_display = [
        "measure",
        "faculty",
        DateColumn("deadline", label=capfirst(gettext_lazy("deadline")), sort_key="deadline"),
        DateColumn("done_on", label=capfirst(gettext_lazy("done on")), sort_key="done_on"),
    ]
    list_export = ["measure", "faculty", "deadline", "done_on"]
    export_filename = "measure-deadlines"
    filterset_class = MeasureDeadlineFilterSet
    panels = [FieldPanel("measure"), FieldPanel("faculty"), FieldPanel("deadline"), FieldPanel("done_on")]

    def get_queryset(self, request):
        deadlines = MeasureDeadline.objects.select_related("measure", "faculty")
        return DEADLINE_POLICY.scope(deadlines, request.user)


# Coordinators and meetings --------------------------------------------------------------------------------------


@faculty_scoped(APPOINTMENT_POLICY)
class CoordinatorAppointmentViewSet(FacultyScopedViewSet):
    """Each faculty's alumni coordinators, current and past. Appointing one ends the faculty's current one."""

    model = CoordinatorAppointment
    icon = "user"
    menu_label = gettext_lazy("Coordinators")
    list_display = [
        "name",
        "faculty",
        "email",
        DateColumn("appointed_on", label=capfirst(gettext_lazy("appointed on")), sort_key="appointed_on"),
        DateColumn("ended_on", label=capfirst(gettext_lazy("ended on")), sort_key="ended_on"),
    ]
    list_export = ["faculty", "name", "email", "appointed_on", "ended_on"]
    export_filename = "coordinators"
    filterset_class = CoordinatorAppointmentFilterSet
    search_fields = ["name", "email"]
    search_backend_name = None  # the database's own search: works on every backend
    edit_handler = ObjectList(
        [
            FieldPanel("faculty"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("email")]),
            FieldPanel("user"),
            FieldRowPanel([FieldPanel("appointed_on"), FieldPanel("ended_on")]),
        ],
        base_form_class=FacultyChoiceForm,
    )

    def get_queryset(self, request):
        appointments = CoordinatorAppointment.objects.select_related("faculty")
        return APPOINTMENT_POLICY.scope(appointments, request.user)


class CoordinatorMeetingViewSet(SnippetViewSet):
    chooser_viewset_class = permission_chooser(SnippetChooserViewSet, ModelPermissionPolicy(CoordinatorMeeting))
    """The office's meetings with the coordinators: who came, the minutes, the decisions with their deadlines."""

    model = CoordinatorMeeting
    icon = "group"
    menu_label = gettext_lazy("Meetings")
    menu_item_is_registered = True
    copy_view_enabled = False
    list_display = [
        "title",
        DateColumn("held_on", label=capfirst(gettext_lazy("held on")), sort_key="held_on"),
        Column("decision_count", label=gettext_lazy("Decisions")),
        Column("open_decision_count", label=gettext_lazy("Not done")),
    ]
    list_export = ["title", "held_on", "decision_count", "open_decision_count"]
    export_headings = {"decision_count": gettext_lazy("Decisions"), "open_decision_count": gettext_lazy("Not done")}
    export_filename = "coordinator-meetings"
    filterset_class = CoordinatorMeetingFilterSet
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("title"), FieldPanel("held_on")]),
            FieldPanel("faculties", widget=forms.CheckboxSelectMultiple),
            FieldPanel("minutes"),
            InlinePanel(
                "decisions",
                label=gettext_lazy("Decisions"),
                panels=[
                    FieldPanel("text"),
                    FieldRowPanel([FieldPanel("responsible"), FieldPanel("responsible_email")]),
                    FieldRowPanel([FieldPanel("deadline"), FieldPanel("done_on")]),
                ],
            ),
        ],
        base_form_class=MeetingForm,
    )

    def get_queryset(self, request):
        return CoordinatorMeeting.objects.annotate(
            decision_count=Count("decisions", distinct=True),
            open_decision_count=Count("decisions", filter=Q(decisions__done_on__isnull=True), distinct=True),
        )


class PlansViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Plans")
    menu_icon = "list-ul"
    menu_order = 330
    items = (
        ActionPlanViewSet,
        OverdueActionsViewSet,
        MeasureViewSet,
        MeasureDeadlineViewSet,
        CoordinatorAppointmentViewSet,
        CoordinatorMeetingViewSet,
        SynthesisViewSet,
    )
