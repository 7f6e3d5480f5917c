"""The platform report page in the admin (Reports → Platform report): a period, the figures, a CSV export and a
layout that prints on A4 for the university's management."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.exports import csv_safe
from office.forms import PeriodForm, default_period
from office.platform_report import platform_report

PERMISSION = "office.view_platform_report"


def platform_report_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    start, end = default_period()
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and not form.is_valid():
        return TemplateResponse(request, "office/platform_report.html", {"form": form, "report": None}, status=400)
    if form.is_bound:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    report = platform_report(start, end)
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="platform-report-{start}-{end}.csv"'
        writer = csv.writer(response)
        writer.writerow([_("Section"), _("Measure"), _("Value")])
        for section, measure, value in report.rows():
            writer.writerow([csv_safe(section), csv_safe(measure), value])
        return response
    return TemplateResponse(request, "office/platform_report.html", {"form": form, "report": report})
