"""A faculty's synthesis for a period, as the strategy asks each faculty to send the central office: one of the
actions planned, one of the actions carried out, each with its evidence (events held and their participants,
protocols, gala nominations). The admin's export, the printed page and `manage.py faculty_synthesis` all build it
here, with a fixed number of queries whatever the numbers.

Kinds:
- **planned**: the plan actions and the strategy's deadlines that fall in the period, whatever became of them,
  and the faculty's events scheduled in it;
- **done**: the plan actions and deadlines done in the period, the events held in it with who registered and who
  came, the protocols' steps taken in it, and the nominations of the faculty's alumni made in it.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import EventPage, Registration
from gala.models import Nomination
from home.models import Faculty
from office.models import MeasureDeadline, PlanAction
from office.platform_report import bounds
from protocols.models import Protocol, ProtocolChange

PLANNED = "planned"
DONE = "done"
KINDS = (PLANNED, DONE)


@dataclass
class SynthesisData:
    """What a synthesis holds, JSON-ready (a synthesis record keeps it as it was when it was last saved)."""

    faculty: str
    faculty_short_name: str
    kind: str
    start: str
    end: str
    compiled_at: str
    actions: list[dict] = field(default_factory=list)
    deadlines: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    protocols: list[dict] = field(default_factory=list)
    nominations: list[dict] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def compile_synthesis(
    faculty: Faculty, start: datetime.date, end: datetime.date, kind: str, *, now: datetime.datetime | None = None
) -> SynthesisData:
    """The synthesis of `kind` for `faculty` (any language's row) from `start` to `end`, both days included."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    now = now or timezone.now()
    since, until = bounds(start, end)
    key = faculty.translation_key
    data = SynthesisData(
        faculty=faculty.name,
        faculty_short_name=faculty.short_name,
        kind=kind,
        start=start.isoformat(),
        end=end.isoformat(),
        compiled_at=now.isoformat(timespec="seconds"),
    )

    actions = PlanAction.objects.filter(plan__faculty__translation_key=key).select_related("plan", "measure")
    deadlines = MeasureDeadline.objects.filter(faculty__translation_key=key).select_related("measure")
    events = EventPage.objects.filter(faculty__translation_key=key, live=True, start__gte=since, start__lt=until)
    if kind == PLANNED:
        actions = actions.filter(deadline__gte=start, deadline__lte=end)
        deadlines = deadlines.filter(deadline__gte=start, deadline__lte=end)
    else:
        actions = actions.filter(status=PlanAction.Status.DONE, done_on__gte=start, done_on__lte=end)
        deadlines = deadlines.filter(done_on__gte=start, done_on__lte=end)
        events = events.filter(start__lt=now)
    data.actions = [
        {
            "academic_year": action.plan.academic_year,
            "title": action.title,
            "responsible": action.responsible,
            "deadline": _day(action.deadline),
            "status": str(action.get_status_display()),
            "done_on": _day(action.done_on),
            "measure": action.measure.title if action.measure else "",
            "evidence": action.evidence,
        }
        for action in actions.order_by("deadline", "pk")
    ]
    data.deadlines = [
        {"measure": item.measure.title, "deadline": _day(item.deadline), "done_on": _day(item.done_on)}
        for item in deadlines.order_by("deadline", "pk")
    ]

    # One row per event, whichever languages it is published in: the source (default language) row's title.
    event_rows = list(
        events.order_by("translation_key", "locale__pk").distinct().values_list("translation_key", "title", "start")
    )
    first = {}
    for translation_key, title, starts in event_rows:
        first.setdefault(translation_key, (title, starts))
    counts = {
        key_: (registered, attended)
        for key_, registered, attended in Registration.objects.filter(event__translation_key__in=list(first))
        .values_list("event__translation_key")
        .annotate(
            registered=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            attended=Count("pk", filter=Q(status=Registration.Status.CONFIRMED, checked_in_at__isnull=False)),
        )
        .order_by()
    }
    data.events = sorted(
        (
            {
                "title": title,
                "start": timezone.localtime(starts).strftime("%Y-%m-%d %H:%M"),
                "registered": counts.get(translation_key, (0, 0))[0],
                "attended": counts.get(translation_key, (0, 0))[1],
            }
            for translation_key, (title, starts) in first.items()
        ),
        key=lambda row: (row["start"], row["title"]),
    )

    if kind == PLANNED:
        # Protocols whose agreed period overlaps the synthesis period.
        data.protocols = [
            {
                "title": protocol.title,
                "stage": str(protocol.get_stage_display()),
                "step": "",
                "on": _day(protocol.starts_on),
            }
            for protocol in Protocol.objects.filter(faculty__translation_key=key)
            .filter(Q(starts_on__lte=end) | Q(starts_on__isnull=True), Q(ends_on__gte=start) | Q(ends_on__isnull=True))
            .exclude(stage=Protocol.Stage.EVALUATED)
            .order_by("title", "pk")
        ]
    else:
        data.protocols = [
            {
                "title": change.protocol.title,
                "stage": str(change.protocol.get_stage_display()),
                "step": str(Protocol.Stage(change.to_stage).label),
                "on": timezone.localtime(change.at).date().isoformat(),
            }
            for change in ProtocolChange.objects.filter(
                protocol__faculty__translation_key=key, at__gte=since, at__lt=until
            )
            .select_related("protocol")
            .order_by("at", "pk")
        ]
        data.nominations = [
            {"category": category or "—", "status": str(Nomination.Status(status).label), "count": count}
            for category, status, count in Nomination.objects.filter(
                faculty__translation_key=key, created_at__gte=since, created_at__lt=until
            )
            .values_list("category__name", "status")
            .annotate(count=Count("pk"))
            .order_by("category__name", "status")
        ]

    data.totals = {
        "actions": len(data.actions),
        "deadlines": len(data.deadlines),
        "events": len(data.events),
        "registered": sum(row["registered"] for row in data.events),
        "attended": sum(row["attended"] for row in data.events),
        "protocols": len(data.protocols),
        "nominations": sum(row["count"] for row in data.nominations),
    }
    return data


# Spreadsheet ---------------------------------------------------------------------------------------------------


def sheets(data: dict) -> list[tuple[str, list[str], list[list]]]:
    """The synthesis as spreadsheet sheets: (title, header, rows); the same for the admin and the command."""
    summary = [
        [_("Faculty"), data["faculty"]],
        [_("Synthesis"), _("Planned actions") if data["kind"] == PLANNED else _("Actions carried out")],
        [_("From"), data["start"]],
        [_("Until"), data["end"]],
        [_("Compiled"), data["compiled_at"]],
    ]
    labels = {
        "actions": _("Actions"),
        "deadlines": _("Strategy deadlines"),
        "events": _("Events"),
        "registered": _("Registered"),
        "attended": _("Came"),
        "protocols": _("Protocols"),
        "nominations": _("Gala nominations"),
    }
    summary += [[labels[name], value] for name, value in data["totals"].items()]
    return [
        (_("Summary"), [_("Measure"), _("Value")], summary),
        (
            _("Actions"),
            [_("Academic year"), _("Action"), _("Responsible"), _("Deadline"), _("Status"), _("Done on")]
            + [_("Strategy measure"), _("Evidence")],
            [
                [row[name] for name in ("academic_year", "title", "responsible", "deadline", "status", "done_on")]
                + [row["measure"], row["evidence"]]
                for row in data["actions"]
            ],
        ),
        (
            _("Strategy deadlines"),
            [_("Measure"), _("Deadline"), _("Done on")],
            [[row["measure"], row["deadline"], row["done_on"]] for row in data["deadlines"]],
        ),
        (
            _("Events"),
            [_("Event"), _("Starts"), _("Registered"), _("Came")],
            [[row["title"], row["start"], row["registered"], row["attended"]] for row in data["events"]],
        ),
        (
            _("Protocols"),
            [_("Protocol"), _("Stage"), _("Step in the period"), _("On")],
            [[row["title"], row["stage"], row["step"], row["on"]] for row in data["protocols"]],
        ),
        (
            _("Gala nominations"),
            [_("Category"), _("Status"), _("Nominations")],
            [[row["category"], row["status"], row["count"]] for row in data["nominations"]],
        ),
    ]
