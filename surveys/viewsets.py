"""Surveys in the admin: the rounds (Surveys → Rounds), each with its invitations, report, exports and the plan
for the next round. The questionnaires themselves are pages (a "Survey" under the home page or a faculty)."""

from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from surveys.forms import SurveyRoundForm
from surveys.models import SurveyRound
from surveys.views.admin import AnswersView, FiguresView, invite, plan_next, report


class SurveyRoundViewSet(ModelViewSet):
    model = SurveyRound
    name = "survey_rounds"
    icon = "tasks"
    menu_label = _("Rounds")
    list_display = [
        TitleColumn("title", label=capfirst(_("title")), url_name="survey_rounds:report", sort_key="title"),
        "survey",
        DateColumn("opens_at", label=capfirst(_("opens")), sort_key="opens_at"),
        DateColumn("closes_at", label=capfirst(_("closes")), sort_key="closes_at"),
        BooleanColumn("anonymous", label=capfirst(_("anonymous"))),
        Column("invited_count", label=_("Invited"), sort_key="invited_count"),
        Column("answered_count", label=_("Answered"), sort_key="answered_count"),
    ]
    list_filter = ["survey", "anonymous"]
    search_fields = ["title"]
    list_export = ["title", "survey", "opens_at", "closes_at", "anonymous", "invited_count", "answered_count"]
    export_filename = "survey-rounds"
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("survey"),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            FieldPanel("anonymous"),
        ],
        base_form_class=SurveyRoundForm,
    )

    def get_queryset(self, request):
        return SurveyRound.objects.with_counts().select_related("survey")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:round_id>/report/", report, name="report"),
            path("<int:round_id>/invite/", invite, name="invite"),
            path("<int:round_id>/plan-next/", plan_next, name="plan_next"),
            path("<int:round_id>/figures/", FiguresView.as_view(), name="figures"),
            path("<int:round_id>/figures/results/", FiguresView.as_view(results_only=True), name="figures_results"),
            path("<int:round_id>/answers/", AnswersView.as_view(), name="answers"),
            path("<int:round_id>/answers/results/", AnswersView.as_view(results_only=True), name="answers_results"),
        ]


class SurveysViewSetGroup(ViewSetGroup):
    menu_label = _("Surveys")
    menu_icon = "tasks"
    menu_order = 310
    items = (SurveyRoundViewSet,)
