"""Factories for the office's plans, shared by the tests and the demo data."""

from __future__ import annotations

import datetime

import factory

from office.models import (
    ActionPlan,
    CoordinatorAppointment,
    CoordinatorMeeting,
    Measure,
    MeasureDeadline,
    MeetingDecision,
    PlanAction,
)


class CoordinatorAppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinatorAppointment

    name = factory.Faker("name", locale="ro_RO")
    email = factory.Sequence(lambda n: f"coordonator{n}@example.ro")
    appointed_on = datetime.date(2024, 1, 15)


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    academic_year = "2026-2027"


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAction

    title = factory.Sequence(lambda n: f"Întâlnirea absolvenților nr. {n}")
    responsible = factory.Faker("name", locale="ro_RO")
    responsible_email = factory.Sequence(lambda n: f"responsabil{n}@example.ro")
    deadline = datetime.date(2027, 3, 1)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    title = factory.Sequence(lambda n: f"Măsura {n}")
    description = "Din strategia alumni a universității."


class MeasureDeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureDeadline

    measure = factory.SubFactory(MeasureFactory)
    deadline = datetime.date(2027, 4, 4)


class CoordinatorMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinatorMeeting

    title = "Întâlnirea responsabililor alumni"
    held_on = datetime.date(2027, 2, 16)
    minutes = "<p>S-au discutat planurile de acțiune ale facultăților.</p>"


class MeetingDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingDecision

    meeting = factory.SubFactory(CoordinatorMeetingFactory)
    text = "Fiecare facultate își actualizează baza de date cu absolvenți."
    responsible = factory.Faker("name", locale="ro_RO")
    responsible_email = factory.Sequence(lambda n: f"decizie{n}@example.ro")
    deadline = datetime.date(2027, 4, 4)
