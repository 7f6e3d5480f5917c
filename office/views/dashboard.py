"""The central office's dashboard (Reports → Dashboard): every faculty in one view for a period, with a
spreadsheet, a page that prints on A4, a PDF and charts; and the yearly snapshots of the alumni database, frozen
by the office and compared across years."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.pdf import pdf_response
from office.charts import faculty_bars
from office.dashboard import dashboard
from office.forms import PeriodForm, SnapshotForm, default_period
from office.models import DatabaseSnapshot
from office.snapshots import MEASURES, SnapshotExists, compare, freeze
from office.spreadsheet import xlsx_response

PERMISSION = "office.view_dashboard"
FREEZE_PERMISSION = "office.add_databasesnapshot"


def _unit_label(row) -> str:
    return row.faculty.short_name if row.faculty else _("Central office")


def dashboard_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    start, end = default_period()
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and not form.is_valid():
        return TemplateResponse(request, "office/dashboard.html", {"form": form, "board": None}, status=400)
    if form.is_bound:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    board = dashboard(start, end)
    output = request.GET.get("format")
    if output == "xlsx":
        header, rows = board.table()
        return xlsx_response(f"tablou-de-bord-{start}-{end}.xlsx", [(_("Dashboard"), header, rows)])
    context = {
        "form": form,
        "board": board,
        "charts": [
            (title, faculty_bars(title, [(_unit_label(row), getattr(row, name)) for row in board.rows]))
            for title, name in ((_("Alumni"), "alumni"), (_("Events held"), "events_held"))
        ],
        "printed_at": timezone.now(),
    }
    if output == "pdf":
        return pdf_response(request, "office/dashboard_print.html", context, f"tablou-de-bord-{start}-{end}.pdf")
    return TemplateResponse(request, "office/dashboard.html", context)


def snapshots_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    snapshots = list(DatabaseSnapshot.objects.order_by("-year")[:10])  # the latest ten, shown oldest first
    years, table = compare(snapshots)
    context = {
        "years": years,
        "table": table,
        "measures": MEASURES,
        "form": SnapshotForm(initial={"year": timezone.localdate().year}),
        "can_freeze": request.user.has_perm(FREEZE_PERMISSION),
    }
    if request.GET.get("format") == "xlsx":
        header = [_("Faculty"), _("Study cycle")] + [
            f"{year} {label}" for year in years for label in (_("total"), _("directory"), _("newsletter"), _("surveys"))
        ]
        rows = [[faculty, cycle] + [cell[m] for cell in cells for m in MEASURES] for faculty, cycle, cells in table]
        return xlsx_response("instantanee-baza-de-date.xlsx", [(_("Snapshots"), header, rows)])
    return TemplateResponse(request, "office/snapshots.html", context)


@require_POST
def freeze_snapshot_view(request):
    if not request.user.has_perm(FREEZE_PERMISSION):
        raise PermissionDenied
    form = SnapshotForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("year", []):
            messages.error(request, error)
        return redirect("office_snapshots")
    try:
        snapshot = freeze(form.cleaned_data["year"], request.user)
    except SnapshotExists as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The snapshot of %(year)s is frozen.") % {"year": snapshot.year})
    return redirect("office_snapshots")
