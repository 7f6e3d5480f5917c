"""Small builders for the survey tests: a published survey with the standard questions, people with and without
the surveys consent, and rounds."""

from datetime import timedelta

from django.utils import timezone

from alumni.factories import AlumnusFactory
from home.factories import FacultyFactory, site_home
from surveys.factories import SurveyPageFactory, SurveyRoundFactory, add_questions
from surveys.models import Invitee, Response
from surveys.models.rounds import cohort_of


def survey_setup(cls):
    """On a TestCase class: two faculties, a published survey with six questions, an open anonymous round, and
    five people of whom three may be invited (approved, with the surveys consent)."""
    cls.fmi = FacultyFactory(name="Facultatea de Matematică și Informatică", short_name="FMI")
    cls.fd = FacultyFactory(name="Facultatea de Drept", short_name="FD")
    cls.survey = SurveyPageFactory(parent=site_home(), title="Chestionar de satisfacție", slug="chestionar")
    add_questions(cls.survey)
    cls.survey.save_revision().publish()
    person = AlumnusFactory
    cls.ana = person(faculty=cls.fmi, email="ana@example.ro", consent_surveys=True, graduation_year=2005)
    cls.bogdan = person(faculty=cls.fd, email="bogdan@example.ro", consent_surveys=True, graduation_year=2015)
    cls.carmen = person(
        faculty=cls.fmi, email="carmen@example.ro", consent_surveys=True, language="en", graduation_year=2020
    )
    cls.no_consent = person(faculty=cls.fmi, email="dan@example.ro", consent_surveys=False, consent_newsletter=True)
    cls.pending = person(faculty=cls.fmi, email="elena@example.ro", consent_surveys=True, status="pending")
    cls.round = SurveyRoundFactory(survey=cls.survey, title="Satisfacție 2026")


def good_answers(**changes) -> dict:
    """A complete, valid POST of the standard questionnaire."""
    data = {
        "legatura": "4",
        "informare": "5",
        "recomandare": "9",
        "activitati": ["Gala Alumni"],
        "frecventa": "Lunar",
        "sugestii": "Mai multe întâlniri.",
    }
    data.update(changes)
    return data


def responses(survey_round, rows, faculty=None) -> None:
    """Stored answers for the report tests: rows of (faculty, graduation year, answers)."""
    Response.objects.bulk_create(
        Response(
            round=survey_round, faculty=row_faculty or faculty, cohort=cohort_of(year), language="ro", answers=answers
        )
        for row_faculty, year, answers in rows
    )


def invitees(survey_round, faculty, count, answered=0) -> None:
    Invitee.objects.bulk_create(
        Invitee(round=survey_round, faculty=faculty, answered=index < answered) for index in range(count)
    )


def closed_round(survey, **fields):
    now = timezone.now()
    return SurveyRoundFactory(
        survey=survey, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30), **fields
    )
