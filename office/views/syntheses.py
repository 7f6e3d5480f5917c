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
from wagtail.snippets.views.snippets import SnippetViewSet

from home.approvals import approval_status, approval_trail, in_approval, version_to_print
from home.pdf import pdf_response
from home.permissions import FacultyPermissionPolicy, faculty_scoped
from office.filters import SynthesisFilterSet
from office.forms import SynthesisForm
from office.models import Synthesis
from office.spreadsheet import xlsx_response
from office.synthesis import sheets

SYNTHESIS_POLICY = FacultyPermissionPolicy(Synthesis, faculty_field="faculty", central=True)


def synthesis_document(request, pk: int):
    """The synthesis (its latest version, draft or archived) as a page, `?format=xlsx` or `?format=pdf`."""
    synthesis = get_object_or_404(Synthesis.objects.select_related("faculty"), pk=pk)
    if not SYNTHESIS_POLICY.user_has_permission_for_instance(request.user, "view", synthesis) and not (
        SYNTHESIS_POLICY.user_has_permission_for_instance(request.user, "change", synthesis)
    ):
        raise PermissionDenied
    latest = version_to_print(synthesis)
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


class StatusColumn(Column):
    def get_value(self, instance):
        if getattr(instance, "in_approval", False):
            return _("In approval")
        if instance.live:
            return _("Approved and archived") if not instance.has_unpublished_changes else _("Archived, with changes")
        return _("Draft")


@faculty_scoped(SYNTHESIS_POLICY)
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
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("faculty"), FieldPanel("kind")]),
            FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            FieldPanel("notes"),
        ],
        base_form_class=SynthesisForm,
    )

    def get_queryset(self, request):
        return Synthesis.objects.select_related("faculty").annotate(in_approval=in_approval(Synthesis))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("document/<int:pk>/", synthesis_document, name="document")]
