"""The yearly snapshot of the alumni database (counts per faculty, study cycle and consent), and the comparison of
snapshots across years. One grouped query freezes a year, whatever the size of the database."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from alumni.models import Alumnus, StudyCycle
from office.models import DatabaseSnapshot

MEASURES = ("total", "directory", "newsletter", "surveys")


class SnapshotExists(Exception):
    pass


def count_database() -> list[dict]:
    """Approved alumni per faculty and study cycle, with each consent, as JSON-ready rows."""
    rows = (
        Alumnus.objects.filter(status=Alumnus.Status.APPROVED)
        .values_list("faculty__short_name", "faculty__name", "study_cycle")
        .annotate(
            total=Count("pk"),
            directory=Count("pk", filter=Q(consent_directory=True)),
            newsletter=Count("pk", filter=Q(consent_newsletter=True)),
            surveys=Count("pk", filter=Q(consent_surveys=True)),
        )
        .order_by("faculty__short_name", "study_cycle")
    )
    return [
        {
            "faculty": short_name,
            "faculty_name": name,
            "cycle": cycle or "",
            "total": total,
            "directory": directory,
            "newsletter": newsletter,
            "surveys": surveys,
        }
        for short_name, name, cycle, total, directory, newsletter, surveys in rows
    ]


def freeze(year: int, user=None) -> DatabaseSnapshot:
    """Freeze the database's counts as the year's snapshot; a year is frozen once."""
    try:
        with transaction.atomic():
            return DatabaseSnapshot.objects.create(year=year, rows=count_database(), taken_by=user)
    except IntegrityError as error:
        raise SnapshotExists(_("The snapshot of %(year)s is already frozen.") % {"year": year}) from error


def cycle_label(cycle: str) -> str:
    return str(StudyCycle(cycle).label) if cycle in StudyCycle.values else _("Not given")


def compare(snapshots: list[DatabaseSnapshot]) -> tuple[list[int], list[tuple[str, str, list[dict]]]]:
    """The snapshots side by side: the years (oldest first) and, per faculty and cycle, each year's counts
    (zeros where a year had none)."""
    snapshots = sorted(snapshots, key=lambda snapshot: snapshot.year)
    years = [snapshot.year for snapshot in snapshots]
    table: dict[tuple[str, str], dict[int, dict]] = {}
    for snapshot in snapshots:
        for row in snapshot.rows:
            table.setdefault((row["faculty"] or "—", row["cycle"]), {})[snapshot.year] = row
    empty = dict.fromkeys(MEASURES, 0)
    return years, [
        (faculty, cycle_label(cycle), [{**empty, **by_year.get(year, {})} for year in years])
        for (faculty, cycle), by_year in sorted(table.items())
    ]
