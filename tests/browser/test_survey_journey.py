"""The office invites alumni to a survey round from the admin; a recipient opens their link, misses a required
answer, corrects it and sends; the office reads the report. axe checks the survey form (with its errors) and the
report; the mail goes through a real SMTP server on loopback."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from alumni.factories import AlumnusFactory
from home.factories import FacultyFactory, site_home
from surveys.factories import SurveyPageFactory, SurveyRoundFactory, add_questions
from surveys.models import Response
from tests.browser.test_newsletter_journey import screenshot, sign_in_to_admin
from tests.smtp import body_of, smtp_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def survey_site():
    faculty = FacultyFactory(name="Facultatea de Drept", short_name="FD")
    survey = SurveyPageFactory(parent=site_home(), title="Chestionar de satisfacție", slug="chestionar")
    add_questions(survey)
    survey.save_revision().publish()
    AlumnusFactory(faculty=faculty, email="ana@example.ro", first_name="Ana", consent_surveys=True)
    AlumnusFactory(faculty=faculty, email="radu@example.ro", consent_surveys=False)
    office = get_user_model().objects.create_superuser("birou", "birou@example.ro", "o-parola-buna-123")
    profile = UserProfile.get_for_user(office)
    profile.preferred_language = "en"
    profile.save()
    return {"survey": survey, "round": SurveyRoundFactory(survey=survey, title="Satisfacție 2026")}


def test_an_invited_alumna_answers_and_the_office_reads_the_report(page, survey_site, check_accessibility):
    survey_round = survey_site["round"]
    with smtp_server() as server:
        sign_in_to_admin(page)
        page.goto(f"/admin/survey_rounds/{survey_round.pk}/invite/")
        page.get_by_role("button", name="Count").click()
        expect(page.get_by_text("1 person will be invited.")).to_be_visible()
        page.get_by_role("button", name="Send the invitations").click()
        expect(page.get_by_text("The survey invitations are being sent.")).to_be_visible()
    assert server.recipients == ["ana@example.ro"]
    link = re.search(r"https?://\S+\?t=\S+", body_of(server.messages[0].message, "plain")).group(0)
    parts = urlsplit(link)

    page.goto(f"{parts.path}?{parts.query}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Chestionar de satisfacție")
    check_accessibility(page)
    page.get_by_role("group", name=re.compile("legătura cu facultatea")).get_by_label("4").check()
    page.get_by_role("group", name=re.compile("articolele și newsletterul")).get_by_label("5").check()
    page.get_by_label("Gala Alumni").check()
    page.get_by_label("Lunar").check()
    page.get_by_role("button", name="Trimite răspunsurile").click()
    expect(page.get_by_text("Te rugăm să corectezi câmpurile marcate mai jos.")).to_be_visible()
    check_accessibility(page)
    page.set_viewport_size({"width": 360, "height": 740})
    screenshot(page, "survey-errors-360")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.get_by_role("group", name=re.compile("recomanzi comunitatea")).get_by_label("9", exact=True).check()
    page.get_by_role("button", name="Trimite răspunsurile").click()
    expect(page.get_by_text("Mulțumim: răspunsurile tale au ajuns.")).to_be_visible()
    check_accessibility(page)
    answers = Response.objects.get().answers
    assert (answers["legatura"], answers["informare"], answers["recomandare"]) == (4, 5, 9)

    page.goto(f"{parts.path}?{parts.query}")
    expect(page.get_by_text("Ai răspuns deja la acest chestionar.")).to_be_visible()

    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"/admin/survey_rounds/{survey_round.pk}/report/")
    expect(page.get_by_text("1 of 1 invited people answered (100.0 %).")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "survey-report")
