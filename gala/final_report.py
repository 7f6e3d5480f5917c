"""A gala edition's final report, as the office's procedure asks: nominations per category and faculty, the
winners, invited, registered and present, the costs (planned and actual, by source of funding) and the evaluation.
A fixed number of queries whatever the numbers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from wagtail.models import Locale

from events.models import Registration
from gala.archive import Winner, names_in, winners_by_edition
from gala.models import AwardCategory, GalaCost, GalaEditionPage, GalaEvaluation, Nomination
from home.approvals import ApprovalStep, approval_status, approval_trail, version_to_print
from home.models import Faculty
from newsletters.models import Delivery, Mailing


@dataclass
class CostLine:
    item: str
    source: str
    planned: Decimal
    actual: Decimal | None
    note: str


@dataclass
class FinalReport:
    edition: GalaEditionPage
    categories: list[str]
    faculties: list[tuple[str, list[int], int]]  # faculty, nominations per category (in `categories` order), total
    nominations: int
    by_status: dict[str, int]
    winners: list[Winner]
    attendance: dict[str, int]
    costs: list[CostLine]
    totals: list[tuple[str, Decimal, Decimal]]  # source label, planned, actual
    evaluation: GalaEvaluation | None = None  # the latest version, draft or archived
    approval_status: str = "draft"  # home.approvals.approval_status
    approval: list[ApprovalStep] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def planned_total(self) -> Decimal:
        return sum((planned for _source, planned, _actual in self.totals), Decimal(0))

    @property
    def actual_total(self) -> Decimal:
        return sum((actual for _source, _planned, actual in self.totals), Decimal(0))


def final_report(edition: GalaEditionPage) -> FinalReport:
    edition = edition.source()
    locale = Locale.get_active()
    counts = list(
        Nomination.objects.filter(edition=edition)
        .values_list("category__translation_key", "faculty__translation_key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    category_names = names_in(AwardCategory, {category for category, _faculty, _n in counts}, locale)
    faculty_names = names_in(Faculty, {faculty for _category, faculty, _n in counts}, locale)
    categories = sorted(category_names, key=lambda key: category_names[key].casefold())
    table: dict = defaultdict(lambda: [0] * len(categories))
    for category, faculty, number in counts:
        table[faculty][categories.index(category)] += number
    faculties = sorted(
        ((faculty_names.get(key, "—"), row, sum(row)) for key, row in table.items()), key=lambda item: item[0]
    )
    by_status = dict(
        Nomination.objects.filter(edition=edition).values_list("status").annotate(n=Count("pk")).order_by()
    )
    attendance = {"invited": 0, "delivered": 0, "registered": 0, "attended": 0}
    if edition.event_id:
        event_key = edition.event.translation_key
        invited = (
            Delivery.objects.filter(mailing__kind=Mailing.Kind.INVITATION, mailing__translation_key=event_key)
            .exclude(email="")
            .exclude(status=Delivery.Status.SKIPPED)
            .aggregate(
                invited=Count("email", distinct=True),
                delivered=Count("email", distinct=True, filter=Q(status=Delivery.Status.SENT)),
            )
        )
        present = Registration.objects.filter(event__translation_key=event_key).aggregate(
            registered=Count("pk", filter=Q(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING])),
            attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
        attendance.update(invited, **present)
    costs = [
        CostLine(cost.item, cost.get_source_display(), cost.planned, cost.actual, cost.note)
        for cost in GalaCost.objects.filter(edition=edition).order_by("source", "item")
    ]
    sums = {
        source: (planned or Decimal(0), actual or Decimal(0))
        for source, planned, actual in GalaCost.objects.filter(edition=edition)
        .values_list("source")
        .annotate(planned=Sum("planned"), actual=Sum("actual"))
        .order_by()
    }
    totals = [(str(label), *sums.get(value, (Decimal(0), Decimal(0)))) for value, label in GalaCost.Source.choices]
    evaluation = GalaEvaluation.objects.filter(edition=edition).first()
    return FinalReport(
        edition=edition,
        categories=[category_names[key] for key in categories],
        faculties=faculties,
        nominations=sum(by_status.values()),
        by_status={str(Nomination.Status(key).label): value for key, value in by_status.items()},
        winners=winners_by_edition([edition])[edition.pk],
        attendance=attendance,
        costs=costs,
        totals=totals,
        evaluation=version_to_print(evaluation) if evaluation else None,
        approval_status=approval_status(evaluation) if evaluation else "draft",
        approval=approval_trail(evaluation) if evaluation else [],
    )
