"""Factories for the surveys app, shared by the tests, the demo data and the benchmarks. `SurveyPageFactory`
takes `parent=`; `add_questions(page)` gives a survey the standard questionnaire (QUESTIONS)."""

from __future__ import annotations

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone

from surveys.models import Invitee, SurveyField, SurveyPage, SurveyRound

# (key, type, Romanian label, English label, Romanian choices, English choices, required, Romanian help)
QUESTIONS = [
    (
        "legatura",
        "scale",
        "Cât de mulțumit(ă) ești de legătura cu facultatea ta?",
        "How satisfied are you with your link to your faculty?",
        "",
        "",
        True,
        "1 = deloc mulțumit(ă), 5 = foarte mulțumit(ă)",
    ),
    (
        "informare",
        "scale",
        "Cât de utile îți sunt articolele și newsletterul?",
        "How useful are the articles and the newsletter to you?",
        "",
        "",
        True,
        "1 = deloc utile, 5 = foarte utile",
    ),
    (
        "recomandare",
        "recommendation",
        "Cât de probabil este să recomanzi comunitatea alumni unui coleg?",
        "How likely are you to recommend the alumni community to a classmate?",
        "",
        "",
        True,
        "0 = deloc probabil, 10 = foarte probabil",
    ),
    (
        "activitati",
        "checkboxes",
        "Ce activități te interesează?",
        "Which activities interest you?",
        "Întâlniri de promoție\nMentorat pentru studenți\nConferințe și cursuri\nOferte de angajare\nGala Alumni",
        "Class reunions\nMentoring students\nConferences and courses\nJob offers\nAlumni Gala",
        False,
        "",
    ),
    (
        "frecventa",
        "radio",
        "Cât de des vrei să primești vești?",
        "How often would you like news?",
        "Lunar\nO dată pe trimestru\nDe două ori pe an",
        "Monthly\nOnce a quarter\nTwice a year",
        True,
        "",
    ),
    (
        "sugestii",
        "multiline",
        "Ce ar trebui să facă mai bine biroul alumni?",
        "What should the alumni office do better?",
        "",
        "",
        False,
        "",
    ),
]


class SurveyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SurveyPage

    title = factory.Sequence(lambda n: f"Chestionar de satisfacție {n + 1}")
    introduction = "Părerea ta ne ajută să facem comunitatea alumni mai utilă. Durează cinci minute."
    thank_you_text = "<p>Mulțumim! Rezultatele vor fi publicate în newsletter.</p>"


def add_questions(page: SurveyPage, questions=QUESTIONS) -> list[SurveyField]:
    """The questionnaire's questions on a saved survey page (in its own language: Romanian)."""
    fields = [
        SurveyField(
            page=page,
            sort_order=position,
            clean_name=key,
            field_type=kind,
            label=label,
            choices=choices,
            required=required,
            help_text=help_text,
        )
        for position, (key, kind, label, _english, choices, _english_choices, required, help_text) in enumerate(
            questions
        )
    ]
    SurveyField.objects.bulk_create(fields)
    return fields


class SurveyRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyRound

    title = factory.Sequence(lambda n: f"Runda {n + 1}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + timedelta(days=30))
    anonymous = True


class InviteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitee

    round = factory.SubFactory(SurveyRoundFactory)
