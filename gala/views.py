"""The admin's moves of a nomination (shortlist, not retained, winner), from its edit page: POST only, each one
checked against the user's permissions and faculties, and recorded."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gala.models import Nomination
from gala.nominating import move
from home.permissions import user_has_faculty


@require_POST
def move_nomination(request, pk: int):
    nomination = get_object_or_404(Nomination, pk=pk)
    if not user_has_faculty(request.user, nomination.faculty_id, central=True):
        raise PermissionDenied
    to_status = request.POST.get("status", "")
    if to_status not in Nomination.Status.values:
        messages.error(request, _("Choose what happens to the nomination."))
        return redirect("wagtailsnippets_gala_nomination:edit", pk)
    move(nomination, to_status, request.user, note=request.POST.get("note", ""))
    messages.success(
        request,
        _("%(name)s: %(status)s.") % {"name": nomination.nominee_name, "status": Nomination.Status(to_status).label},
    )
    return redirect("wagtailsnippets_gala_nomination:edit", pk)


REPORT_PERMISSION = "gala.view_galacost"
# Who checks and approves the final report (home.approvals) reads it whole, figures and costs included.
APPROVER_PERMISSION = "gala.change_galaevaluation"


def may_read_final_report(user) -> bool:
    return user.has_perm(REPORT_PERMISSION) or user.has_perm(APPROVER_PERMISSION)


def final_report_view(request, edition_id: int):
    """The edition's final report for the management: a page that prints on A4, and its PDF."""
    from django.shortcuts import get_object_or_404
    from django.template.response import TemplateResponse
    from django.utils import timezone

    from gala.final_report import final_report
    from gala.models import GalaEditionPage
    from home.pdf import pdf_response

    if not may_read_final_report(request.user):
        raise PermissionDenied
    edition = get_object_or_404(GalaEditionPage, pk=edition_id)
    context = {"report": final_report(edition), "printed_at": timezone.now()}
    if request.GET.get("format") == "pdf":
        return pdf_response(request, "gala/final_report_print.html", context, f"gala-{edition.starts_at:%Y}.pdf")
    return TemplateResponse(request, "gala/admin/final_report.html", context)
