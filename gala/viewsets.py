"""The gala in the admin: award categories (translatable snippets) and nominations, cut along the nominee's
faculty; a nomination's page shows its history and the moves the user may make (shortlist, not retained, winner)."""

from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, UpdatedAtColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import DeleteView, EditView, HistoryView, InspectView, SnippetViewSet, UsageView

from gala.filters import NominationFilterSet
from gala.forms import GalaEvaluationForm, NominationAdminForm
from gala.models import AwardCategory, GalaCost, GalaEvaluation, Nomination
from gala.views import final_report_view, move_nomination
from home.permissions import FacultyPermissionPolicy, FacultyScopedObjectMixin, faculty_scoped, permission_chooser

# Nominations are cut along the nominee's faculty: a faculty's editors see and check their own faculty's.
NOMINATION_PERMISSION_POLICY = FacultyPermissionPolicy(Nomination, faculty_field="faculty", central=True)


class AwardCategoryViewSet(SnippetViewSet):
    model = AwardCategory
    icon = "pick"
    menu_label = _("Award categories")
    menu_item_is_registered = True
    list_display = ["name"]
    search_fields = ["name"]
    search_backend_name = None  # the database's own search: works on every backend
    copy_view_enabled = False


class NominationEditView(FacultyScopedObjectMixin, EditView):
    template_name = "gala/admin/nomination_edit.html"

    def get_context_data(self, **kwargs):
        from gala.nominating import MOVES

        context = super().get_context_data(**kwargs)
        nomination = self.object
        context["changes"] = nomination.changes.select_related("by")
        context["moves"] = [
            (to_status, Nomination.Status(to_status).label)
            for (from_status, to_status), permission in MOVES.items()
            if from_status == nomination.status and self.request.user.has_perm(permission)
        ]
        return context


class NominationInspectView(FacultyScopedObjectMixin, InspectView):
    pass


class NominationDeleteView(FacultyScopedObjectMixin, DeleteView):
    pass


class NominationHistoryView(FacultyScopedObjectMixin, HistoryView):
    pass


class NominationUsageView(FacultyScopedObjectMixin, UsageView):
    pass


@faculty_scoped(NOMINATION_PERMISSION_POLICY)
class NominationViewSet(SnippetViewSet):
    model = Nomination
    icon = "pick"
    menu_item_is_registered = True  # its menu entry is in the gala's group, not under Snippets
    menu_label = _("Nominations")
    list_display = [
        "nominee_name",
        "category",
        "faculty",
        "edition",
        "status",
        DateColumn("created_at", label=capfirst(_("submitted")), sort_key="created_at"),
        Column("nominator_name", label=capfirst(_("proposed by"))),
    ]
    filterset_class = NominationFilterSet
    search_fields = ["nominee_name", "reason", "nominator_name"]
    search_backend_name = None  # the database's own search: works on every backend
    list_export = [
        "nominee_name",
        "category",
        "faculty",
        "graduation_year",
        "edition",
        "status",
        "reason",
        "nominator_name",
        "nominator_email",
        "created_at",
    ]  # never the jury's notes: they are read on the nomination's page, by the office
    inspect_view_fields = [
        "edition",
        "category",
        "nominee_name",
        "faculty",
        "graduation_year",
        "alumnus",
        "reason",
        "nominator_name",
        "nominator_email",
        "status",
        "created_at",
    ]
    export_filename = "nominations"
    copy_view_enabled = False
    edit_view_class = NominationEditView
    edit_template_name = "gala/admin/nomination_edit.html"
    inspect_view_class = NominationInspectView
    delete_view_class = NominationDeleteView
    history_view_class = NominationHistoryView
    usage_view_class = NominationUsageView
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("edition"), FieldPanel("category")]),
            FieldRowPanel([FieldPanel("nominee_name"), FieldPanel("graduation_year")]),
            FieldRowPanel([FieldPanel("faculty"), FieldPanel("alumnus")]),
            FieldPanel("reason"),
            FieldRowPanel([FieldPanel("nominator_name"), FieldPanel("nominator_email")]),
            FieldPanel("jury_notes", permission="gala.shortlist_nomination"),  # the office's notes
        ],
        base_form_class=NominationAdminForm,
    )

    def get_queryset(self, request):
        nominations = Nomination.objects.select_related("category", "faculty", "edition")
        return NOMINATION_PERMISSION_POLICY.scope(nominations, request.user)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("move/<int:pk>/", move_nomination, name="move"),
        ]


class GalaCostViewSet(ModelViewSet):
    """The gala's costs per line, planned and actual, by source of funding: the office's only."""

    model = GalaCost
    name = "gala_costs"
    icon = "table"
    menu_label = _("Costs")
    list_display = ["item", "edition", "source", "planned", "actual"]
    list_filter = ["edition", "source"]
    search_fields = ["item", "note"]
    search_backend_name = None  # the database's own search: works on every backend
    list_export = ["edition", "item", "source", "planned", "actual", "note"]
    export_filename = "gala-costs"
    copy_view_enabled = False
    form_fields = ["edition", "item", "source", "planned", "actual", "note"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("final-report/<int:edition_id>/", final_report_view, name="final_report"),
        ]


class FinalReportLinkColumn(Column):
    """The printed report the approvers read before they approve."""

    cell_template_name = "gala/admin/final_report_link_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = reverse("gala_costs:final_report", args=[instance.edition_id])
        return context


class GalaEvaluationViewSet(SnippetViewSet):
    """The final reports: the office writes the evaluation, then the report goes through the approval
    (home.approvals) from its edit page."""

    chooser_viewset_class = permission_chooser(SnippetChooserViewSet, ModelPermissionPolicy(GalaEvaluation))
    model = GalaEvaluation
    icon = "doc-full"
    menu_label = _("Final reports")
    list_display = [
        "edition",
        DateColumn("recorded_at", label=capfirst(_("recorded")), sort_key="recorded_at"),
        UpdatedAtColumn(),
        FinalReportLinkColumn("report", label=_("Final report")),
    ]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList([FieldPanel("edition"), FieldPanel("text")], base_form_class=GalaEvaluationForm)


class GalaViewSetGroup(ViewSetGroup):
    menu_label = _("Alumni Gala")
    menu_icon = "pick"
    menu_order = 320
    items = (NominationViewSet, AwardCategoryViewSet, GalaCostViewSet, GalaEvaluationViewSet)
