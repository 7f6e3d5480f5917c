"""Surveys in the admin: the Surveys menu (rounds), a "Rounds" button on each survey page, and survey pages kept
out of Wagtail's form submissions listing (their answers are responses of rounds, read in the round's report)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from surveys.models import SurveyPage
from surveys.viewsets import SurveysViewSetGroup


@hooks.register("register_admin_viewset")
def register_viewsets():
    return SurveysViewSetGroup()


@hooks.register("register_page_header_buttons")
def rounds_button(page, user, view_name, next_url=None):
    page_class = page.specific_class or type(page)
    if issubclass(page_class, SurveyPage) and user.has_perm("surveys.view_surveyround"):
        url = reverse("survey_rounds:index") + f"?survey={page.specific.source().pk}"
        yield Button(_("Rounds"), url, icon_name="tasks", priority=70)


@hooks.register("filter_form_submissions_for_user")
def hide_survey_pages(user, queryset):
    return queryset.not_type(SurveyPage)
