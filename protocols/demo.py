"""The protocols' demo data: a protocol template, weak points in every faculty with the willing alumni who
volunteered, protocols in every lifecycle stage across the faculties (the active and evaluated ones approved and
live, with activities tied to the faculty's demo events, and an evaluation for the evaluated ones), and the public
page "Protocoale de colaborare" in the main navigation, in Romanian and English."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.utils import timezone

from alumni.models import Alumnus
from events.models import EventPage
from home.models import Faculty
from protocols.attendance import attendance_of
from protocols.factories import (
    ProtocolActivityFactory,
    ProtocolFactory,
    ProtocolIndexPageFactory,
    ProtocolTemplateFactory,
    WeakPointFactory,
)
from protocols.models import Protocol, ProtocolChange, ProtocolEvaluation, ProtocolTemplate

if TYPE_CHECKING:
    from home.extensions import DemoContext

PROTOCOLS_ORDER = 48  # in the main navigation: after the gala, before the strategy
STAGES = list(Protocol.Stage.values)
PARTNERS = ["Endava", "Bosch Engineering Center", "Banca Transilvania", "Casa de avocatură Pop & Asociații", ""]
TITLES = [
    "Ateliere de inginerie software cu practicieni",
    "Seminarii de practică profesională",
    "Prelegeri invitate despre meserie",
    "Studii de caz din practica firmelor",
    "Mentorat pentru studenții din anul întâi",
]
WEAK_POINTS = [
    "Studenții lucrează rar pe proiecte reale, în echipă, cu termene și client.",
    "Puțin contact cu instrumentele și procedurile folosite azi în profesie.",
    "Lipsesc exemplele de carieră: studenții nu știu ce pot face după absolvire.",
]
SIGNED_SCAN = b"%PDF-1.4\n% Protocol semnat (exemplu pentru demo)\n"


def load(context: DemoContext) -> None:
    page = context.child(
        context.home,
        ProtocolIndexPageFactory,
        "protocoale",
        title="Protocoale de colaborare",
        show_in_menus=True,
        introduction="Absolvenți și companii care aduc meseria lor în formarea studenților: ateliere, seminarii "
        "și prelegeri, cu înscriere pe pagina fiecărui eveniment.",
    )
    context.translate(
        page,
        title="Collaboration protocols",
        slug="protocols",
        introduction="Alumni and companies who bring their trade into the students' training: workshops, seminars "
        "and lectures, with registration on each event's page.",
    )
    context.add_navigation(page, order=PROTOCOLS_ORDER)
    if ProtocolTemplate.objects.exists():
        return
    template = ProtocolTemplateFactory()
    rng = context.rng("protocols")
    faculties = list(Faculty.objects.filter(locale=context.romanian).order_by("pk"))
    for position, faculty in enumerate(faculties):
        points = build_weak_points(faculty, rng)
        # Three protocols per faculty, their stages spread so that two faculties already show every stage.
        for offset in range(3):
            number = position * 3 + offset
            build_protocol(context, faculty, template, points, STAGES[number % len(STAGES)], number)


def build_weak_points(faculty: Faculty, rng) -> list:
    willing = list(
        Alumnus.objects.filter(faculty=faculty, status=Alumnus.Status.APPROVED).willing_to_help().order_by("pk")[:12]
    )
    programme = faculty.name.replace("Facultatea de ", "")
    points = []
    for number, description in enumerate(WEAK_POINTS):
        point = WeakPointFactory(
            faculty=faculty,
            programme=programme,
            description=description,
            status="addressed" if number == 2 else "open",
        )
        if willing:
            point.volunteers.set(rng.sample(willing, min(len(willing), 2 + number)))
        points.append(point)
    return points


def build_protocol(context: DemoContext, faculty: Faculty, template, points, stage: str, number: int) -> Protocol:
    tz = timezone.get_current_timezone()
    start = context.today - timedelta(days=120 - 30 * (number % 3))
    partner = None
    partner_name = PARTNERS[number % len(PARTNERS)]
    if not partner_name:
        partner = Alumnus.objects.filter(faculty=faculty, status=Alumnus.Status.APPROVED).willing_to_help().first()
        if partner is None:
            partner_name = PARTNERS[0]
    protocol = ProtocolFactory(
        faculty=faculty,
        title=f"{TITLES[number % len(TITLES)]} ({faculty.short_name})",
        partner=partner,
        partner_name=partner_name,
        template=template,
        terms=template.body,
        starts_on=start,
        ends_on=start + timedelta(days=270),
        target_programme=faculty.name.replace("Facultatea de ", ""),
        target_year=1 + number % 3,
        group_size=15 + 5 * (number % 4),
        created_at=datetime.combine(start - timedelta(days=60), time(10), tzinfo=tz),
    )
    protocol.weak_points.set(points[: 1 + number % 2])
    events = list(EventPage.objects.filter(faculty=faculty, locale=context.romanian).order_by("start")[:3])
    kinds = ["workshop", "seminar", "lecture"]
    for index, event in enumerate(events[:2]):
        ProtocolActivityFactory(
            protocol=protocol, kind=kinds[(number + index) % 3], title=event.title, date=event.start.date(), event=event
        )
    ProtocolActivityFactory(
        protocol=protocol, kind="lecture", title="Prelegere invitată: o zi din meserie", date=start + timedelta(days=45)
    )
    protocol.save_revision(log_action=False)
    reached = STAGES.index(stage)
    moment = protocol.created_at
    for step in STAGES[1 : reached + 1]:
        moment += timedelta(days=10)
        previous = STAGES[STAGES.index(step) - 1]
        ProtocolChange.objects.create(protocol=protocol, from_stage=previous, to_stage=step, at=moment)
    fields = {"stage": stage}
    if reached >= STAGES.index("signed"):
        fields["signed_on"] = (protocol.created_at + timedelta(days=10)).date()
    if reached >= STAGES.index("registered"):
        fields["registration_number"] = f"{faculty.short_name}/{1000 + number * 37}/{start.year}"
        fields["registration_date"] = (protocol.created_at + timedelta(days=20)).date()
        protocol.signed_file.save(f"protocol-{protocol.pk}.pdf", ContentFile(SIGNED_SCAN), save=False)
        fields["signed_file"] = protocol.signed_file.name
    Protocol.objects.filter(pk=protocol.pk).update(**fields)
    protocol.refresh_from_db()
    if reached >= STAGES.index("active"):
        protocol.latest_revision.publish(log_action=False)  # approved: the office's workflow is through
    if stage == "evaluated":
        counts = attendance_of([protocol.pk])[protocol.pk]
        ProtocolEvaluation.objects.create(
            protocol=protocol,
            participants=max(counts["registered"], protocol.group_size or 0),
            attendance=counts["attended"],
            assessment="Studenții au lucrat pe probleme reale, iar partenerul a propus continuarea cu stagii de "
            "practică. De îmbunătățit: anunțarea activităților cu cel puțin două săptămâni înainte.",
        )
    return protocol
