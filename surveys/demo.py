"""Surveys' demo data: the satisfaction survey (in Romanian and English) with a closed anonymous round from eight
months ago, several hundred of the invited alumni having answered, so that its report shows something; and the
next round, planned on the survey's yearly cadence.

The invitations were sent through the mail pipeline (their deliveries are recorded as sent); the answers are drawn
from a fixed seed, leaning on each faculty a little differently so that the comparisons differ."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from alumni.models import ConsentPurpose
from alumni.privacy import mailing_audience
from newsletters.models import Delivery, Mailing
from surveys.cadence import plan_next_round
from surveys.factories import QUESTIONS, SurveyPageFactory, add_questions
from surveys.models import Invitee, Response, SurveyField, SurveyPage, SurveyRound
from surveys.models.rounds import cohort_of

if TYPE_CHECKING:
    from home.extensions import DemoContext

INVITED = 600
ANSWER_SHARE = 0.62
SUGGESTIONS = [
    "Mai multe întâlniri în weekend, nu doar în timpul săptămânii.",
    "Aș vrea un program de mentorat mai bine organizat, cu întâlniri lunare.",
    "Evenimentele ar trebui anunțate mai devreme, măcar cu o lună înainte.",
    "Newsletterul e util; poate ar merita și o ediție despre cercetare.",
    "Ar fi bine să existe întâlniri și în alte orașe, pentru cei plecați.",
    "Mai multe oferte de practică pentru studenți din partea absolvenților.",
    "O pagină cu poveștile absolvenților din fiecare facultate.",
    "Transmiterea online a conferințelor pentru cei din străinătate.",
]


def load(context: DemoContext) -> None:
    survey = context.child(
        context.home,
        SurveyPageFactory,
        "chestionar-satisfactie",
        title="Chestionarul de satisfacție al absolvenților",
        introduction="Părerea ta ne ajută să facem comunitatea alumni mai utilă. Durează cinci minute.",
        thank_you_text="<p>Mulțumim! Rezultatele vor fi prezentate conducerii universității și în newsletter.</p>",
    )
    if not survey.form_fields.exists():
        add_questions(survey)
        survey.save_revision().publish()
    translate_survey(context, survey)
    if SurveyRound.objects.filter(survey=survey).exists():
        return
    # Eight months ago, for a month: closed, and the next one (a year on) is four months away.
    tz = timezone.get_current_timezone()
    opens_at = datetime.combine(context.today - timedelta(days=240), time(9), tzinfo=tz)
    survey_round = SurveyRound.objects.create(
        survey=survey,
        title=f"Satisfacția absolvenților {opens_at.year}",
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=30),
        anonymous=True,
    )
    answered = build_answers(context, survey, survey_round)
    planned = plan_next_round(survey_round)
    context.stdout.write(
        f"Demo survey ready: {answered} answers in the closed round; next round planned: {planned.title}."
    )


def translate_survey(context: DemoContext, survey: SurveyPage) -> None:
    english = context.translate(
        survey,
        title="Graduates' satisfaction survey",
        introduction="Your opinion helps us make the alumni community more useful. It takes five minutes.",
        thank_you_text="<p>Thank you! The results will be presented to the university's management and in the "
        "newsletter.</p>",
    ).specific
    labels = {key: (label, choices) for key, _kind, _ro, label, _roc, choices, _req, _help in QUESTIONS}
    fields = list(SurveyField.objects.filter(page=english).order_by("sort_order"))
    if not fields or all(field.label == labels.get(field.clean_name, ("",))[0] for field in fields):
        return
    for field in fields:
        if field.clean_name in labels:
            field.label, field.choices = labels[field.clean_name]
            field.help_text = {
                "scale": "1 = not at all, 5 = very much",
                "recommendation": "0 = not at all likely, 10 = extremely likely",
            }.get(field.field_type, "")
    english.form_fields = fields
    english.save_revision().publish()


def build_answers(context: DemoContext, survey: SurveyPage, survey_round: SurveyRound) -> int:
    rng = context.rng("surveys")
    people = list(
        mailing_audience(ConsentPurpose.SURVEYS)
        .order_by("pk")
        .values_list("pk", "email", "faculty_id", "graduation_year", "language")
    )
    rng.shuffle(people)
    people = people[:INVITED]
    mailing = Mailing.objects.create(
        kind=Mailing.Kind.SURVEY,
        page=survey,
        translation_key=survey.translation_key,
        subject=survey.title,
        audience={"purpose": ConsentPurpose.SURVEYS},
        status=Mailing.Status.SENT,
        started_at=survey_round.opens_at,
        finished_at=survey_round.opens_at + timedelta(minutes=3),
    )
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(
                mailing=mailing,
                alumnus_id=pk,
                email=email.lower(),
                language=language or "ro",
                status=Delivery.Status.SENT,
                sent_at=mailing.finished_at,
            )
            for pk, email, _faculty, _year, language in people
        ]
    )
    survey_round.mailing = mailing
    survey_round.save(update_fields=["mailing"])
    faculty_mood = {}
    invitees, responses = [], []
    choices = {key: ro_choices.split("\n") for key, _k, _l, _e, ro_choices, _ec, _r, _h in QUESTIONS if ro_choices}
    for delivery, (pk, _email, faculty_id, year, language) in zip(deliveries, people, strict=True):
        answers = rng.random() < ANSWER_SHARE
        invitees.append(
            Invitee(
                round=survey_round,
                alumnus_id=pk,
                delivery=delivery,
                faculty_id=faculty_id,
                cohort=cohort_of(year),
                answered=answers,
            )
        )
        if not answers:
            continue
        mood = faculty_mood.setdefault(faculty_id, rng.uniform(-0.6, 0.6))
        answer = {
            "legatura": drawn_scale(rng, mood),
            "informare": drawn_scale(rng, mood),
            "recomandare": max(0, min(10, round(rng.gauss(8 + 1.5 * mood, 1.8)))),
            "activitati": [choice for choice in choices["activitati"] if rng.random() < 0.4],
            "frecventa": rng.choice(choices["frecventa"]),
            "sugestii": rng.choice(SUGGESTIONS) if rng.random() < 0.25 else "",
        }
        responses.append(
            Response(
                round=survey_round,
                faculty_id=faculty_id,
                cohort=cohort_of(year),
                language=language or "ro",
                answers=answer,
            )
        )
    Invitee.objects.bulk_create(invitees)
    rng.shuffle(responses)  # stored in no order that follows the invitations
    Response.objects.bulk_create(responses)
    return len(responses)


def drawn_scale(rng, mood: float) -> int:
    return max(1, min(5, round(rng.gauss(3.8 + mood, 0.9))))
