"""Protocols in the admin, in one menu group: protocols, weak points, evaluations (all cut along the faculty) and
the templates. A protocol's edit page shows its lifecycle, its history and the next step the user may record, and
links to the signed file (served only by `protocols.views.signed_file`)."""

from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.permissions import (
    FacultyPermissionPolicy,
    FacultyScopedObjectMixin,
    faculty_scoped,
    permission_chooser,
    user_has_faculty,
)
from protocols.filters import ProtocolFilterSet, WeakPointFilterSet
from protocols.forms import ProtocolAdminForm, ProtocolEvaluationForm, WeakPointAdminForm
from protocols.models import Protocol, ProtocolEvaluation, ProtocolTemplate, WeakPoint
from protocols.views import move_protocol, signed_file

PROTOCOL_PERMISSION_POLICY = FacultyPermissionPolicy(Protocol, faculty_field="faculty", central=True)
WEAK_POINT_PERMISSION_POLICY = FacultyPermissionPolicy(WeakPoint, faculty_field="faculty", central=True)
EVALUATION_PERMISSION_POLICY = FacultyPermissionPolicy(
    ProtocolEvaluation, faculty_field="protocol__faculty", central=True
)


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


@faculty_scoped(PROTOCOL_PERMISSION_POLICY)
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
    search_backend_name = None  # the database's own search: works on every backend
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
        return PROTOCOL_PERMISSION_POLICY.scope(Protocol.objects.select_related("faculty"), request.user)

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
    search_backend_name = None  # the database's own search: works on every backend
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
        return WEAK_POINT_PERMISSION_POLICY.scope(WeakPoint.objects.select_related("faculty"), request.user)


class ProtocolTemplateViewSet(SnippetViewSet):
    # The templates are the office's and the faculties' working documents: the chooser asks for a permission.
    chooser_viewset_class = permission_chooser(SnippetChooserViewSet, ModelPermissionPolicy(ProtocolTemplate))

    model = ProtocolTemplate
    icon = "doc-empty"
    menu_item_is_registered = True
    menu_label = _("Templates")
    list_display = ["title"]
    search_fields = ["title"]
    search_backend_name = None  # the database's own search: works on every backend


def scoped_evaluations(user):
    """The evaluations of the user's faculties' protocols, with what the listing shows."""
    evaluations = ProtocolEvaluation.objects.select_related("protocol", "protocol__faculty")
    return EVALUATION_PERMISSION_POLICY.scope(evaluations, user)


class EvaluationIndexView(generic.IndexView):
    # A ModelViewSet's index never asks the viewset's get_queryset(request): the cut is made here.
    def get_base_queryset(self):
        return scoped_evaluations(self.request.user).order_by("-recorded_at", "-pk")


class EvaluationCreateView(generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        protocol = self.request.GET.get("protocol", "")
        if protocol.isdigit():
            # Only one of the user's faculties' protocols is proposed (with its attendance).
            faculty_id = Protocol.objects.filter(pk=int(protocol)).values_list("faculty_id", flat=True).first()
            if faculty_id is not None and user_has_faculty(self.request.user, faculty_id, central=True):
                initial["protocol"] = int(protocol)
        return initial


class EvaluationEditView(FacultyScopedObjectMixin, generic.EditView):
    pass


class EvaluationDeleteView(FacultyScopedObjectMixin, generic.DeleteView):
    pass


class EvaluationHistoryView(FacultyScopedObjectMixin, history.HistoryView):
    pass


class EvaluationUsageView(FacultyScopedObjectMixin, usage.UsageView):
    pass


@faculty_scoped(EVALUATION_PERMISSION_POLICY)
class ProtocolEvaluationViewSet(ModelViewSet):
    """The evaluation reports: participants, attendance (proposed from the events' registrations) and assessment."""

    model = ProtocolEvaluation
    name = "protocol_evaluations"
    icon = "tasks"
    menu_label = _("Evaluations")
    permission_policy = EVALUATION_PERMISSION_POLICY
    list_display = [
        "protocol",
        "participants",
        "attendance",
        DateColumn("recorded_at", label=capfirst(_("recorded")), sort_key="recorded_at"),
    ]
    copy_view_enabled = False
    form_fields = ["protocol", "participants", "attendance", "assessment"]
    index_view_class = EvaluationIndexView
    add_view_class = EvaluationCreateView
    edit_view_class = EvaluationEditView
    delete_view_class = EvaluationDeleteView
    history_view_class = EvaluationHistoryView
    usage_view_class = EvaluationUsageView

    def get_form_class(self, for_update=False):
        return ProtocolEvaluationForm


class ProtocolsViewSetGroup(ViewSetGroup):
    menu_label = _("Protocols")
    menu_icon = "doc-full"
    menu_order = 330
    items = (ProtocolViewSet, WeakPointViewSet, ProtocolEvaluationViewSet, ProtocolTemplateViewSet)
