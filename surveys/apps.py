"""Surveys: satisfaction questionnaires built with Wagtail's form builder, rounds with personal links, and the
statistics report for the university's management."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    label = "surveys"
    verbose_name = _("Surveys")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home.extensions import allow_subpage_types
        from newsletters.models import Mailing
        from newsletters.sending import register_composer
        from surveys.invitations import survey_composer
        from surveys.person_data import connect_signals

        connect_signals()
        register_composer(Mailing.Kind.SURVEY, survey_composer)
        for parent in ("home.HomePage", "home.FacultyPage"):
            allow_subpage_types(parent, ["surveys.SurveyPage"])
