"""The office's demo data. Plans: the strategy's measures (from the university's alumni strategy) with a deadline
for every faculty, each faculty's coordinators (the one appointed when the strategy began, and the current one),
action plans for the last and the current academic year with actions in every status (some overdue), and two
meetings of the office with the coordinators, with their decisions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from office.academic_year import academic_year_bounds, current_academic_year
from office.models import (
    ActionPlan,
    CoordinatorAppointment,
    CoordinatorMeeting,
    Measure,
    MeasureDeadline,
    MeetingDecision,
    PlanAction,
)

if TYPE_CHECKING:
    from home.extensions import DemoContext
    from home.models import Faculty

# The strategy's concrete measures, by direction of action, each with its deadline in the academic year as
# (month, day): the strategy's own calendar put the database update at 4 April and the first plans in March.
DIRECTIONS = [
    (
        "Conturarea comunităților de absolvenți la nivelul fiecărei facultăți",
        [
            ("Întâlniri periodice cu responsabilii alumni", (2, 17)),
            ("Crearea unei secțiuni distincte dedicate alumnilor pe site-ul facultății", (12, 15)),
            ("Elaborarea unui plan de acțiune la nivelul facultății", (3, 31)),
            ("Întocmirea și actualizarea bazei de date cu alumni de către facultăți", (4, 4)),
        ],
    ),
    (
        "Atragerea absolvenților în comunitatea alumni",
        [
            ("Acțiuni de promovare a comunității alumni și a facilităților oferite", (5, 31)),
            ("Prezentarea conceptului de „Alumni” studenților din anii terminali", (11, 30)),
            ("Întâlniri tematice cu participarea alumnilor, organizate de biroul alumni", (4, 30)),
            ("Transmiterea unei sinteze cu acțiunile pe care facultatea dorește să le demareze", (1, 31)),
        ],
    ),
    (
        "Dezvoltarea și menținerea relației dintre alumni și studenți",
        [
            ("Identificarea alumnilor pentru activități cu studenții", (1, 15)),
            ("Calendarul activităților", (10, 31)),
            ("Organizarea de evenimente pentru studenți cu sprijinul alumnilor facultății", (5, 15)),
            ("Transmiterea unei sinteze a acțiunilor demarate către biroul alumni", (6, 30)),
            ("Crearea de comunități profesionale", (9, 15)),
        ],
    ),
]

# (action, index of the measure it serves in the flat list above, deadline as (month, day) in the academic year)
ACTIONS = [
    ("Actualizarea secțiunii alumni de pe site-ul facultății", 1, (11, 20)),
    ("Prezentarea comunității alumni studenților din anul terminal", 5, (12, 10)),
    ("Identificarea absolvenților dispuși să țină ateliere", 8, (1, 20)),
    ("Actualizarea bazei de date cu absolvenții facultății", 3, (4, 4)),
    ("Seminar cu absolvenți pentru studenții din anul al II-lea", 10, (3, 25)),
    ("Întâlnirea anuală a absolvenților", 6, (5, 20)),
    ("Sinteza acțiunilor demarate, transmisă biroului alumni", 11, (6, 30)),
]
RESPONSIBLE = ["Ana Pop", "Mihai Rus", "Ioana Moldovan", "Dan Crișan", "Elena Sabău", "Radu Bogdan", "Irina Lazăr"]
PREVIOUS_COORDINATORS = ["Maria Cozma", "Vasile Oprea", "Letiția Boca", "Gheorghe Man", "Carmen Pașca"]
EVIDENCE = [
    "Pagina publicată pe site-ul facultății; anunț în newsletter.",
    "Prezentare în amfiteatru, 120 de studenți prezenți; lista de prezență la decanat.",
    "Atelier ținut de doi absolvenți; 35 de participanți.",
    "Baza de date actualizată și transmisă biroului alumni.",
]


def load(context: DemoContext) -> None:
    from office.demo_reports import load_reports

    load_plans(context)
    load_reports(context)  # after the plans: the syntheses compile them
    record_who_moved_plans(context)  # the office's user is made with the reports


def record_who_moved_plans(context: DemoContext) -> None:
    """Who took each plan's steps: the faculty's editor submitted it (the office, for a faculty without an editor
    user), the office centralised it. Only the steps without anyone recorded are filled in."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from home.approvals import OFFICE_GROUP

    office = get_user_model().objects.filter(groups__name=OFFICE_GROUP).order_by("pk").first()
    missing = Q(submitted_at__isnull=False, submitted_by__isnull=True) | Q(
        centralised_at__isnull=False, centralised_by__isnull=True
    )
    for plan in ActionPlan.objects.filter(missing).select_related("faculty"):
        group = context.faculty_groups.get(plan.faculty.short_name)
        editor = group.user_set.order_by("pk").first() if group is not None else None
        if plan.submitted_at and plan.submitted_by_id is None:
            plan.submitted_by = editor or office
        if plan.centralised_at and plan.centralised_by_id is None:
            plan.centralised_by = office
        plan.save(update_fields=["submitted_by", "centralised_by"])


def in_year(label: str, month: int, day: int) -> datetime.date:
    """The date (month, day) within the academic year: October to December in its first calendar year."""
    start, end = academic_year_bounds(label)
    return datetime.date(start.year if month >= start.month else end.year, month, day)


def load_plans(context: DemoContext) -> None:
    from home.models import Faculty

    if ActionPlan.objects.exists():  # loaded before: running again changes nothing
        return
    rng = context.rng("office")
    faculties = list(Faculty.objects.filter(locale=context.romanian).order_by("sort_key"))
    current = current_academic_year(context.today)
    previous = current_academic_year(academic_year_bounds(current)[0] - datetime.timedelta(days=1))
    measures = build_measures(context, faculties, current, rng)
    for position, faculty in enumerate(faculties):
        build_coordinators(context, faculty, position)
        build_plan(context, faculty, previous, measures, rng, finished=True)
        build_plan(context, faculty, current, measures, rng, finished=False, position=position)
    build_meetings(context, faculties, previous, current)


def build_measures(context: DemoContext, faculties: list[Faculty], year: str, rng) -> list[Measure]:
    measures = []
    order = 0
    for direction, items in DIRECTIONS:
        for title, (month, day) in items:
            order += 1
            measure = Measure.objects.create(
                title=title,
                direction=direction,
                sort_order=order,
                description=f"Măsură din strategia alumni a universității ({direction.lower()}).",
            )
            due = in_year(year, month, day)
            MeasureDeadline.objects.bulk_create(
                MeasureDeadline(
                    measure=measure,
                    faculty=faculty,
                    # Some faculties asked for a few more weeks.
                    deadline=due + datetime.timedelta(days=rng.choice([0, 0, 0, 14, 30])),
                    # What was due before today is mostly done: a few faculties are late.
                    done_on=due - datetime.timedelta(days=rng.randrange(1, 10))
                    if due < context.today and rng.random() < 0.75
                    else None,
                )
                for faculty in faculties
            )
            measures.append(measure)
    return measures


def build_coordinators(context: DemoContext, faculty: Faculty, position: int) -> None:
    """The coordinator appointed when the strategy began (January, five years back), then today's one."""
    first = datetime.date(context.today.year - 5, 1, 15)
    name = faculty.coordinator_name or RESPONSIBLE[position % len(RESPONSIBLE)]
    email = faculty.coordinator_email or f"alumni.{faculty.short_name.lower()}@example.ro"
    CoordinatorAppointment.objects.create(
        faculty=faculty,
        name=PREVIOUS_COORDINATORS[position % len(PREVIOUS_COORDINATORS)],
        email=f"fost.coordonator.{faculty.short_name.lower()}@example.ro",
        appointed_on=first,
    )
    current_start = academic_year_bounds(current_academic_year(context.today))[0] - datetime.timedelta(days=365)
    CoordinatorAppointment.objects.appoint(
        faculty=faculty,
        name=name,
        email=email,
        appointed_on=current_start,
    )


def build_plan(
    context: DemoContext, faculty: Faculty, year: str, measures: list[Measure], rng, *, finished: bool, position=0
) -> None:
    """Last year's plan is centralised, its actions done or cancelled but one still late; this year's plans are at
    every step (a draft, submitted, centralised), their past actions mostly done and some overdue."""
    start, _end = academic_year_bounds(year)
    if finished:
        status = ActionPlan.Status.CENTRALISED
    else:
        status = [ActionPlan.Status.DRAFT, ActionPlan.Status.SUBMITTED, ActionPlan.Status.CENTRALISED][position % 3]
    submitted = datetime.datetime.combine(start + datetime.timedelta(days=20), datetime.time(10), tzinfo=datetime.UTC)
    plan = ActionPlan(
        faculty=faculty,
        academic_year=year,
        introduction=f"Planul de acțiune alumni al {faculty.name.replace('Facultatea', 'Facultății')} "
        f"pentru anul universitar {year}.",
        status=status,
        submitted_at=submitted if status != ActionPlan.Status.DRAFT else None,
        centralised_at=submitted + datetime.timedelta(days=10) if status == ActionPlan.Status.CENTRALISED else None,
    )
    for number, (title, measure_index, (month, day)) in enumerate(ACTIONS):
        deadline = in_year(year, month, day)
        person = RESPONSIBLE[(position + number) % len(RESPONSIBLE)]
        if deadline < context.today:
            roll = rng.random()
            state = "done" if roll < 0.65 else "cancelled" if roll < 0.75 else "in_progress"
        else:
            state = "in_progress" if rng.random() < 0.3 else "planned"
        if number == 0 and not finished:
            state = "planned"  # every faculty has one action overdue: its site section came first
            deadline = min(deadline, context.today - datetime.timedelta(days=7))
        plan.actions.add(
            PlanAction(
                title=title,
                responsible=person,
                responsible_email=f"{person.split()[0].lower()}.{faculty.short_name.lower()}@example.ro",
                deadline=deadline,
                status=state,
                done_on=deadline - datetime.timedelta(days=rng.randrange(0, 5)) if state == "done" else None,
                evidence=rng.choice(EVIDENCE) if state == "done" else "",
                measure=measures[measure_index],
                sort_order=number,
            )
        )
    plan.save()


def build_meetings(context: DemoContext, faculties: list[Faculty], previous: str, current: str) -> None:
    """The yearly meeting in February (as the strategy's first one was), and this year's opening meeting."""
    for label, held_on, minutes, decisions in (
        (
            "Întâlnirea responsabililor alumni",
            in_year(previous, 2, 16),
            "<p>S-au discutat aspectele organizatorice, liniile directoare ale strategiei de comunicare cu "
            "absolvenții și termenele propuse.</p>",
            [
                ("Fiecare facultate trimite primul draft al planului de acțiune.", in_year(previous, 3, 31), True),
                ("Actualizarea bazei de date cu absolvenți, la nivel de facultate.", in_year(previous, 4, 4), True),
            ],
        ),
        (
            "Deschiderea anului: planurile facultăților",
            min(context.today, academic_year_bounds(current)[0] + datetime.timedelta(days=20)),
            "<p>Biroul alumni a prezentat calendarul anului și a cerut planurile de acțiune ale facultăților.</p>",
            [
                ("Planurile de acțiune se trimit biroului alumni.", context.today - datetime.timedelta(days=3), False),
                (
                    "Calendarul comun al activităților pe semestrul al II-lea.",
                    context.today + datetime.timedelta(days=5),
                    False,
                ),
                ("Propuneri de teme pentru întâlnirile tematice.", context.today + datetime.timedelta(days=40), False),
            ],
        ),
    ):
        meeting = CoordinatorMeeting(title=label, held_on=held_on, minutes=minutes)
        for number, (text, deadline, done) in enumerate(decisions):
            meeting.decisions.add(
                MeetingDecision(
                    text=text,
                    responsible="Biroul Alumni",
                    responsible_email="birou.alumni@example.ro",
                    deadline=deadline,
                    done_on=deadline if done else None,
                    sort_order=number,
                )
            )
        meeting.faculties.set(faculties)
        meeting.save()
