"""Syntheses in the admin: a faculty's editors draft their faculty's synthesis for a period (its figures compiled
from the records on every save), submit it to the office's approval, and download it as a spreadsheet, a page
that prints on A4 or a PDF. Cut along the faculty like every faculty record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, UpdatedAtColumn
from wagtail.snippets.views.snippets import DeleteView, EditView, HistoryView, SnippetViewSet, UsageView

from home.approvals import approval_status, approval_trail
from home.pdf import pdf_response
from home.permissions import FacultyPermissionPolicy, FacultyScopedObjectMixin, scope_to_faculties
from office.filters import SynthesisFilterSet
from office.forms import SynthesisForm
from office.models import Synthesis
from office.spreadsheet import xlsx_response
from office.synthesis import sheets

SYNTHESIS_POLICY = FacultyPermissionPolicy(Synthesis, faculty_field="faculty")


def synthesis_document(request, pk: int):
    """The synthesis (its latest version, draft or archived) as a page, `?format=xlsx` or `?format=pdf`."""
    synthesis = get_object_or_404(Synthesis.objects.select_related("faculty"), pk=pk)
    if not SYNTHESIS_POLICY.user_has_permission_for_instance(request.user, "view", synthesis):
        raise PermissionDenied
    latest = synthesis.get_latest_revision_as_object()
    data = latest.data
    filename = f"sinteza-{synthesis.faculty.short_name}-{latest.kind}-{latest.period_start}-{latest.period_end}"
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"{filename}.xlsx", sheets(data))
    context = {
        "synthesis": latest,
        "data": data,
        "status": approval_status(synthesis),
        "steps": approval_trail(synthesis),
        "printed_at": timezone.now(),
    }
    if request.GET.get("format") == "pdf":
        return pdf_response(request, "office/syntheses/synthesis_print.html", context, f"{filename}.pdf")
    return TemplateResponse(request, "office/syntheses/synthesis.html", context)


class SynthesisEditView(FacultyScopedObjectMixin, EditView):
    pass


class SynthesisDeleteView(FacultyScopedObjectMixin, DeleteView):
    pass


class SynthesisHistoryView(FacultyScopedObjectMixin, HistoryView):
    pass


class SynthesisUsageView(FacultyScopedObjectMixin, UsageView):
    pass


class StatusColumn(Column):
    def get_value(self, instance):
        return {
            "draft": _("Draft"),
            "in_approval": _("In approval"),
            "archived": _("Approved and archived"),
        }[approval_status(instance)]


class SynthesisViewSet(SnippetViewSet):
    model = Synthesis
    icon = "doc-full-inverse"
    menu_label = _("Syntheses")
    permission_policy = SYNTHESIS_POLICY
    filterset_class = SynthesisFilterSet
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "__str__",
        Column("faculty", label=capfirst(_("faculty")), accessor="faculty.short_name"),
        "kind",
        DateColumn("period_end", label=capfirst(_("until")), sort_key="period_end"),
        StatusColumn("status", label=capfirst(_("status"))),
        UpdatedAtColumn(),
    ]
    list_export = ["faculty", "kind", "period_start", "period_end", "notes", "created_at"]
    export_filename = "syntheses"
    edit_view_class = SynthesisEditView
    delete_view_class = SynthesisDeleteView
    history_view_class = SynthesisHistoryView
    usage_view_class = SynthesisUsageView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("faculty"), FieldPanel("kind")]),
            FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            FieldPanel("notes"),
        ],
        base_form_class=SynthesisForm,
    )

    def get_queryset(self, request):
        return scope_to_faculties(Synthesis.objects.select_related("faculty"), request.user, "faculty")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("document/<int:pk>/", synthesis_document, name="document")]
