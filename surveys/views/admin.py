"""The office's survey pages in the admin: invite people to a round, read its report (HTML with charts, a PDF for
the management), export the answers and the figures (CSV, XLSX), and plan the next round."""

from __future__ import annotations

import json
from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from alumni.privacy import respondent_names
from home.pdf import pdf_response
from newsletters.models import Mailing
from newsletters.sending import CannotSend, waiting
from newsletters.tasks import send_mailing_task
from newsletters.views.admin import resume
from surveys.answering import clean_text
from surveys.cadence import plan_next_round
from surveys.charts import bar_chart
from surveys.forms import SurveyAudienceForm
from surveys.invitations import start_round_invitations
from surveys.models import Response, SurveyField, SurveyRound
from surveys.models.rounds import cohort_label
from surveys.statistics import MIN_GROUP, faculty_names, round_report

VIEW = "surveys.view_surveyround"
CHANGE = "surveys.change_surveyround"
SEND = "newsletters.send_mailing"


def _require(request, *permissions):
    if not all(request.user.has_perm(permission) for permission in permissions):
        raise PermissionDenied


def invite(request, round_id: int):
    _require(request, CHANGE, SEND)
    survey_round = get_object_or_404(SurveyRound.objects.select_related("survey", "mailing"), pk=round_id)
    mailing = Mailing.objects.with_counts().filter(pk=survey_round.mailing_id).first()
    if request.method == "POST" and request.POST.get("action") == "resume" and mailing is not None:
        resume(request, mailing)
        return redirect(request.path)
    form = SurveyAudienceForm(request.POST or None) if mailing is None else None
    context = {
        "round": survey_round,
        "form": form,
        "mailing": mailing,
        "audience_size": None,
        "waiting": waiting(mailing) if mailing is not None else 0,
    }
    status = 200
    if form is not None and request.method == "POST":
        if not form.is_valid():
            return TemplateResponse(request, "surveys/admin/invite.html", context, status=400)
        audience = form.audience()
        if request.POST.get("action") == "send":
            try:
                mailing = start_round_invitations(survey_round, audience, request.user)
            except CannotSend as error:
                messages.error(request, str(error))
                status = 400
            else:
                send_mailing_task.enqueue(mailing.pk)
                messages.success(request, _("The survey invitations are being sent."))
                return redirect(request.path)
        context.update(audience=audience.describe(), audience_size=audience.people().count())
    return TemplateResponse(request, "surveys/admin/invite.html", context, status=status)


def report(request, round_id: int):
    _require(request, VIEW)
    survey_round = get_object_or_404(SurveyRound, pk=round_id)
    figures = round_report(survey_round)
    for question in figures.questions:
        question.chart = bar_chart(question)
    context = {"report": figures, "round": figures.round, "min_group": MIN_GROUP, "printed_at": timezone.now()}
    if request.GET.get("format") == "pdf":
        return pdf_response(request, "surveys/report_print.html", context, f"survey-{survey_round.pk}.pdf")
    return TemplateResponse(request, "surveys/admin/report.html", context)


def plan_next(request, round_id: int):
    _require(request, "surveys.add_surveyround")
    survey_round = get_object_or_404(SurveyRound.objects.select_related("survey"), pk=round_id)
    if request.method != "POST":
        return redirect("survey_rounds:report", round_id)
    planned = plan_next_round(survey_round, request.user)
    if planned is None:
        messages.error(request, _("This survey has no cadence: set one on the survey page, or add a round."))
        return redirect("survey_rounds:report", round_id)
    messages.success(request, _("The next round is planned: %(title)s.") % {"title": planned.title})
    return redirect("survey_rounds:edit", planned.pk)


class RoundReportView(ReportView):
    """A report view of one round's rows, with Wagtail's CSV and XLSX export."""

    header_icon = "doc-full"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        _require(request, VIEW)
        self.survey_round = get_object_or_404(SurveyRound.objects.select_related("survey"), pk=kwargs["round_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.survey_round.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.survey_round.pk])

    def get_filename(self):
        return f"{self.export_name}-{self.survey_round.pk}"

    def get_page_subtitle(self):
        return self.survey_round.title

    @cached_property
    def columns(self):
        return [Column(name, label=self.get_heading(None, name), accessor=name) for name in self.list_export]

    def get_heading(self, queryset, field):
        return str(self.headings.get(field, field))


class FiguresView(RoundReportView):
    """The report's figures as rows: question, group, measure, value."""

    page_title = gettext_lazy("Survey figures")
    index_url_name = "survey_rounds:figures"
    index_results_url_name = "survey_rounds:figures_results"
    export_name = "survey-figures"
    list_export = ["question", "group", "measure", "value"]

    @property
    def headings(self):
        return {"question": _("Question"), "group": _("Group"), "measure": _("Measure"), "value": _("Value")}

    def get_queryset(self):
        return round_report(self.survey_round).figure_rows()


class AnswersView(RoundReportView):
    """Every response, one row each, with a column per question. In an anonymous round nothing in a row may point
    to a person: the faculty is left blank where fewer than MIN_GROUP people of that faculty answered, the cohort
    where fewer than MIN_GROUP of that faculty and cohort (of that cohort, when the faculty is blank) did, and the
    language is left out. A named round adds who answered and when."""

    page_title = gettext_lazy("Survey answers")
    index_url_name = "survey_rounds:answers"
    index_results_url_name = "survey_rounds:answers_results"
    export_name = "survey-answers"

    @cached_property
    def questions(self) -> list[SurveyField]:
        return list(SurveyField.objects.filter(page_id=self.survey_round.survey_id).order_by("sort_order", "pk"))

    @cached_property
    def list_export(self):
        named = [] if self.survey_round.anonymous else ["person", "submitted_at", "language"]
        return [*named, "faculty", "cohort", *(f"q_{field.clean_name}" for field in self.questions)]

    @property
    def headings(self):
        headings = {
            "person": _("Person"),
            "submitted_at": _("Submitted"),
            "faculty": _("Faculty"),
            "cohort": _("Cohort"),
            "language": _("Language"),
        }
        headings.update({f"q_{field.clean_name}": field.label for field in self.questions})
        return headings

    def get_queryset(self):
        responses = list(
            Response.objects.filter(round=self.survey_round)
            .order_by("faculty_id", "cohort", "pk")
            .values("faculty_id", "cohort", "language", "answers", "submitted_at", "invitee__alumnus_id")
        )
        anonymous = self.survey_round.anonymous
        faculty_sizes = Counter(row["faculty_id"] for row in responses)
        shown_faculty = {key for key, size in faculty_sizes.items() if size >= MIN_GROUP or not anonymous}

        def cohort_group(row):
            return (row["faculty_id"] if row["faculty_id"] in shown_faculty else "", row["cohort"])

        cohort_sizes = Counter(cohort_group(row) for row in responses)
        names = faculty_names(faculty_sizes)
        people = {}
        if not self.survey_round.anonymous:
            people = respondent_names(row["invitee__alumnus_id"] for row in responses if row["invitee__alumnus_id"])
        rows = []
        for row in responses:
            answers = row["answers"] if isinstance(row["answers"], dict) else {}
            cohort_shown = not anonymous or cohort_sizes[cohort_group(row)] >= MIN_GROUP
            item = {
                "faculty": names.get(row["faculty_id"], "") if row["faculty_id"] in shown_faculty else "",
                "cohort": cohort_label(row["cohort"]) if cohort_shown else "",
            }
            if not anonymous:
                item["person"] = people.get(row["invitee__alumnus_id"], _("(erased)"))
                item["submitted_at"] = timezone.localtime(row["submitted_at"]) if row["submitted_at"] else None
                item["language"] = row["language"]
            for field in self.questions:
                value = answers.get(field.clean_name)
                value = "; ".join(map(str, value)) if isinstance(value, list) else value
                item[f"q_{field.clean_name}"] = clean_text(value) if isinstance(value, str) else value
            rows.append(item)
        if anonymous:
            # In the order of what is shown, then of the answers themselves: nothing follows the order of answering
            # or a faculty left blank.
            rows.sort(key=lambda row: (row["faculty"], row["cohort"], json.dumps(row, sort_keys=True, default=str)))
        return rows
