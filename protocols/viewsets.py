"""Protocols in the admin, in one menu group: protocols, weak points, evaluations (all cut along the faculty) and
the templates. A protocol's edit page shows its lifecycle, its history and the next step the user may record, and
links to the signed file (served only by `protocols.views.signed_file`)."""

from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from home.permissions import FacultyPermissionPolicy, FacultyScopedObjectMixin, scope_to_faculties
from protocols.filters import ProtocolFilterSet, WeakPointFilterSet
from protocols.forms import ProtocolAdminForm, ProtocolEvaluationForm, WeakPointAdminForm
from protocols.models import Protocol, ProtocolEvaluation, ProtocolTemplate, WeakPoint
from protocols.views import move_protocol, signed_file

PROTOCOL_PERMISSION_POLICY = FacultyPermissionPolicy(Protocol, faculty_field="faculty")
WEAK_POINT_PERMISSION_POLICY = FacultyPermissionPolicy(WeakPoint, faculty_field="faculty")
EVALUATION_PERMISSION_POLICY = FacultyPermissionPolicy(ProtocolEvaluation, faculty_field="protocol__faculty")

# Wagtail's views that open one record by id, each answering 403 for another faculty's record.
ONE_RECORD_VIEWS = [
    "edit_view_class",
    "delete_view_class",
    "inspect_view_class",
    "history_view_class",
    "usage_view_class",
    "revisions_view_class",
    "revisions_compare_view_class",
    "revisions_unschedule_view_class",
    "unpublish_view_class",
    "preview_on_edit_view_class",
    "lock_view_class",
    "unlock_view_class",
    "workflow_action_view_class",
    "collect_workflow_action_data_view_class",
    "confirm_workflow_cancellation_view_class",
    "workflow_preview_view_class",
    "workflow_history_view_class",
    "workflow_history_detail_view_class",
]


def faculty_scoped(policy: FacultyPermissionPolicy, mixin=FacultyScopedObjectMixin):
    """A viewset decorator: each of its one-record views cut along the record's faculty (by `policy`)."""

    def decorate(viewset_class):
        for name in ONE_RECORD_VIEWS:
            view_class = getattr(viewset_class, name, None)
            if view_class is None or issubclass(view_class, mixin):
                continue
            # The workflow views carry no permission policy of their own: give them the model's.
            attributes = {} if hasattr(view_class, "permission_policy") else {"permission_policy": policy}
            scoped = type(f"Scoped{view_class.__name__}", (mixin, view_class), attributes)
            setattr(viewset_class, name, scoped)
        return viewset_class

    return decorate


class ProtocolEditView(FacultyScopedObjectMixin, snippet_views.EditView):
    template_name = "protocols/admin/protocol_edit.html"

    def get_context_data(self, **kwargs):
        from protocols.forms import MoveForm
        from protocols.lifecycle import may_move, next_stage

        context = super().get_context_data(**kwargs)
        protocol = Protocol.objects.get(pk=self.object.pk)  # the lifecycle as stored, not the draft's copy
        following = next_stage(protocol.stage)
        context["protocol_record"] = protocol
        context["changes"] = protocol.changes.select_related("by")
        context["next_stage"] = (following, Protocol.Stage(following).label) if following else None
        context["may_move"] = following is not None and may_move(self.request.user, protocol)
        context["move_form"] = MoveForm(initial={"stage": following})
        context["evaluation"] = ProtocolEvaluation.objects.filter(protocol=protocol).first()
        return context


@faculty_scoped(PROTOCOL_PERMISSION_POLICY, FacultyScopedObjectMixin)
class ProtocolViewSet(SnippetViewSet):
    model = Protocol
    icon = "doc-full"
    menu_item_is_registered = True
    menu_label = _("Protocols")
    list_display = [
        "title",
        "faculty",
        "stage",
        "partner_name",
        DateColumn("starts_on", label=capfirst(_("agreed start")), sort_key="starts_on"),
        DateColumn("ends_on", label=capfirst(_("agreed end")), sort_key="ends_on"),
    ]
    filterset_class = ProtocolFilterSet
    search_fields = ["title", "partner_name", "target_programme"]
    list_export = [
        "title",
        "faculty",
        "stage",
        "partner_name",
        "starts_on",
        "ends_on",
        "target_programme",
        "target_year",
        "group_size",
        "signed_on",
        "registration_number",
        "registration_date",
    ]  # never the signed file: it is downloaded from the protocol's page
    export_filename = "protocols"
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "faculty",
        "partner",
        "partner_name",
        "stage",
        "starts_on",
        "ends_on",
        "target_programme",
        "target_year",
        "group_size",
        "signed_on",
        "registration_number",
        "registration_date",
        "terms",
    ]
    copy_view_enabled = False
    edit_view_class = ProtocolEditView
    edit_template_name = "protocols/admin/protocol_edit.html"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("title"), FieldPanel("faculty")]),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("partner"), FieldPanel("partner_name")])],
                heading=_("Partner"),
            ),
            FieldPanel("template"),
            FieldPanel("terms"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("target_programme"), FieldPanel("target_year"), FieldPanel("group_size")])],
                heading=_("Target students"),
            ),
            FieldPanel("weak_points"),
            InlinePanel("activities", label=_("Activities")),
        ],
        base_form_class=ProtocolAdminForm,
    )

    def get_queryset(self, request):
        return scope_to_faculties(Protocol.objects.select_related("faculty"), request.user, "faculty")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("move/<int:pk>/", move_protocol, name="move"),
            path("signed/<int:pk>/", signed_file, name="signed_file"),
        ]


@faculty_scoped(WEAK_POINT_PERMISSION_POLICY)
class WeakPointViewSet(SnippetViewSet):
    model = WeakPoint
    icon = "warning"
    menu_item_is_registered = True
    menu_label = _("Weak points")
    list_display = ["programme", "faculty", "status", "description"]
    filterset_class = WeakPointFilterSet
    search_fields = ["programme", "description"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("faculty"), FieldPanel("programme")]),
            FieldPanel("description"),
            FieldPanel("status"),
            FieldPanel("volunteers"),
        ],
        base_form_class=WeakPointAdminForm,
    )

    def get_queryset(self, request):
        return scope_to_faculties(WeakPoint.objects.select_related("faculty"), request.user, "faculty")


class ProtocolTemplateViewSet(SnippetViewSet):
    model = ProtocolTemplate
    icon = "doc-empty"
    menu_item_is_registered = True
    menu_label = _("Templates")
    list_display = ["title"]
    search_fields = ["title"]


class EvaluationCreateView(generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        protocol = self.request.GET.get("protocol", "")
        if protocol.isdigit():
            initial["protocol"] = int(protocol)
        return initial


class EvaluationEditView(FacultyScopedObjectMixin, generic.EditView):
    pass


class EvaluationDeleteView(FacultyScopedObjectMixin, generic.DeleteView):
    pass


class EvaluationHistoryView(FacultyScopedObjectMixin, history.HistoryView):
    pass


class ProtocolEvaluationViewSet(ModelViewSet):
    """The evaluation reports: participants, attendance (proposed from the events' registrations) and assessment."""

    model = ProtocolEvaluation
    name = "protocol_evaluations"
    icon = "tasks"
    menu_label = _("Evaluations")
    list_display = [
        "protocol",
        "participants",
        "attendance",
        DateColumn("recorded_at", label=capfirst(_("recorded")), sort_key="recorded_at"),
    ]
    copy_view_enabled = False
    form_fields = ["protocol", "participants", "attendance", "assessment"]
    add_view_class = EvaluationCreateView
    edit_view_class = EvaluationEditView
    delete_view_class = EvaluationDeleteView
    history_view_class = EvaluationHistoryView

    def get_form_class(self, for_update=False):
        return ProtocolEvaluationForm

    def get_queryset(self, request):
        queryset = ProtocolEvaluation.objects.select_related("protocol")
        return scope_to_faculties(queryset, request.user, "protocol__faculty")


class ProtocolsViewSetGroup(ViewSetGroup):
    menu_label = _("Protocols")
    menu_icon = "doc-full"
    menu_order = 330
    items = (ProtocolViewSet, WeakPointViewSet, ProtocolEvaluationViewSet, ProtocolTemplateViewSet)
