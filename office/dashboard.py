"""The central office's dashboard: every faculty in one view, for a period. Alumni in the database and with each
consent, new registrations; events held and their participants; protocols by stage and nominations; survey
response rates and overdue actions. One query per measure, grouped in the database: the same number of queries
for 3 faculties as for 30, for a hundred alumni as for 200,000."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alumni.models import Alumnus
from events.models import EventPage, Registration
from gala.models import Nomination
from home.models import Faculty
from office.models import MeasureDeadline, PlanAction
from office.platform_report import bounds
from protocols.models import Protocol
from surveys.models import Invitee
from surveys.statistics import MIN_GROUP, hidden_groups


@dataclass
class FacultyRow:
    faculty: Faculty
    alumni: int = 0
    directory: int = 0
    newsletter: int = 0
    surveys: int = 0
    new_registrations: int = 0
    events_held: int = 0
    registered: int = 0
    participants: int = 0
    protocols: dict[str, int] = field(default_factory=dict)  # stage -> count
    nominations: int = 0
    invited: int = 0
    answered: int = 0
    answers_hidden: bool = False  # too few answers to show (surveys.statistics.hidden_groups)
    overdue: int = 0

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.answered / self.invited, 1) if self.invited else None

    @property
    def protocols_total(self) -> int:
        return sum(self.protocols.values())


@dataclass
class Dashboard:
    start: datetime.date
    end: datetime.date
    today: datetime.date
    rows: list[FacultyRow]
    stages: list[tuple[str, str]]  # (stage, label) in lifecycle order
    total: FacultyRow | None = None

    def table(self) -> tuple[list[str], list[list]]:
        """The dashboard as a header and rows, for the spreadsheet export."""
        header = [
            _("Unit"),
            _("Kind of unit"),
            _("Alumni"),
            _("In the directory"),
            _("Newsletter"),
            _("Surveys"),
            _("New registrations"),
            _("Events held"),
            _("Registered"),
            _("Participants"),
            *[str(label) for _stage, label in self.stages],
            _("Nominations"),
            _("Invited to surveys"),
            _("Answered"),
            _("Response rate (%)"),
            _("Overdue actions"),
        ]
        rows = []
        hidden = _("not shown, to keep small groups anonymous")
        for row in [*self.rows, self.total]:
            name = row.faculty.short_name if row.faculty else _("Central office")
            if row is self.total:
                name = _("Total")
            rows.append(
                [
                    name,
                    row.faculty.get_kind_display() if row.faculty else "",
                    row.alumni,
                    row.directory,
                    row.newsletter,
                    row.surveys,
                    row.new_registrations,
                    row.events_held,
                    row.registered,
                    row.participants,
                    *[row.protocols.get(stage, 0) for stage, _label in self.stages],
                    row.nominations,
                    row.invited,
                    hidden if row.answers_hidden else row.answered,
                    hidden if row.answers_hidden else (row.response_rate if row.response_rate is not None else ""),
                    row.overdue,
                ]
            )
        return header, rows


def dashboard(
    start: datetime.date, end: datetime.date, *, faculties=None, today: datetime.date | None = None
) -> Dashboard:
    """The dashboard for the period from `start` to `end` (both included), for `faculties` (a queryset of
    default-language faculties; all of them unless given). Counts of "today" (alumni, consents, protocols,
    overdue) are as of now; the others are within the period."""
    today = today or timezone.localdate()
    since, until = bounds(start, end)
    every_unit = faculties is None
    if every_unit:
        faculties = Faculty.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    faculties = list(faculties.order_by("sort_key"))
    rows = {faculty.translation_key: FacultyRow(faculty) for faculty in faculties}
    keys = list(rows)
    if every_unit:
        # The central office's own events, invitations and nominations without a faculty: a row of their own,
        # counted in the total.
        rows[None] = FacultyRow(faculty=None)

    def of_units(path: str) -> Q:
        units = Q(**{f"{path}__translation_key__in": keys})
        return units | Q(**{f"{path}__isnull": True}) if every_unit else units

    people = (
        Alumnus.objects.filter(of_units("faculty"))
        .values_list("faculty__translation_key")
        .annotate(
            alumni=Count("pk", filter=Q(status=Alumnus.Status.APPROVED)),
            directory=Count("pk", filter=Q(status=Alumnus.Status.APPROVED, consent_directory=True)),
            newsletter=Count("pk", filter=Q(status=Alumnus.Status.APPROVED, consent_newsletter=True)),
            surveys=Count("pk", filter=Q(status=Alumnus.Status.APPROVED, consent_surveys=True)),
            new=Count("pk", filter=Q(created_at__gte=since, created_at__lt=until, source=Alumnus.Source.REGISTRATION)),
        )
        .order_by()
    )
    for key, alumni, directory, newsletter, surveys, new in people:
        row = rows[key]
        row.alumni, row.directory, row.newsletter, row.surveys, row.new_registrations = (
            alumni,
            directory,
            newsletter,
            surveys,
            new,
        )

    # Events held: started in the period and before now, counted once whatever languages they are published in.
    held = EventPage.objects.filter(
        of_units("faculty"), live=True, start__gte=since, start__lt=min(until, timezone.now())
    )
    for key, count in (
        held.values_list("faculty__translation_key").annotate(n=Count("translation_key", distinct=True)).order_by()
    ):
        rows[key].events_held = count
    # Registered: confirmed places (the waiting list is not a place); participants: confirmed and checked in.
    for key, registered, came in (
        Registration.objects.filter(event__in=held)
        .values_list("event__faculty__translation_key")
        .annotate(
            registered=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            came=Count("pk", filter=Q(status=Registration.Status.CONFIRMED, checked_in_at__isnull=False)),
        )
        .order_by()
    ):
        rows[key].registered, rows[key].participants = registered, came

    for key, stage, count in (
        Protocol.objects.filter(of_units("faculty"))
        .values_list("faculty__translation_key", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows[key].protocols[stage] = count

    for key, count in (
        Nomination.objects.filter(of_units("faculty"), created_at__gte=since, created_at__lt=until)
        .values_list("faculty__translation_key")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows[key].nominations = count

    # Survey rounds that opened in the period: who was invited and who answered, by the invitee's faculty.
    for key, invited, answered in (
        Invitee.objects.filter(of_units("faculty"), round__opens_at__gte=since, round__opens_at__lt=until)
        .values_list("faculty__translation_key")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered=True)))
        .order_by()
    ):
        rows[key].invited, rows[key].answered = invited, answered
    # A faculty's answers are a group of the surveys' answers, hidden by the surveys' own small-group rule: in a
    # period with one anonymous round, "invited 1, answered 1" would say whose the answers are.
    for key in hidden_groups({key: row.answered for key, row in rows.items() if row.invited}):
        rows[key].answers_hidden = True

    overdue: dict = defaultdict(int)
    for key, count in (
        PlanAction.objects.overdue(today)
        .filter(of_units("plan__faculty"))
        .values_list("plan__faculty__translation_key")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        overdue[key] += count
    for key, count in (
        MeasureDeadline.objects.overdue(today)
        .filter(of_units("faculty"))
        .values_list("faculty__translation_key")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        overdue[key] += count
    for key, count in overdue.items():
        rows[key].overdue = count

    total = FacultyRow(faculty=None)
    for row in rows.values():
        for name in (
            "alumni",
            "directory",
            "newsletter",
            "surveys",
            "new_registrations",
            "events_held",
            "registered",
            "participants",
            "nominations",
            "invited",
            "answered",
            "overdue",
        ):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        for stage, count in row.protocols.items():
            total.protocols[stage] = total.protocols.get(stage, 0) + count
    # The total is a group too: with fewer answers than a group may show, it would give away the faculties' hidden
    # counts (a faculty editor's dashboard is their faculty and the total).
    total.answers_hidden = total.invited > 0 and total.answered < MIN_GROUP
    central = rows.pop(None, None)
    if central is not None and any(
        getattr(central, name) for name in ("events_held", "nominations", "invited", "overdue")
    ):
        rows[None] = central  # shown (last) only when the office has something of its own
    return Dashboard(
        start=start,
        end=end,
        today=today,
        rows=list(rows.values()),
        stages=[(stage, str(label)) for stage, label in Protocol.Stage.choices],
        total=total,
    )
