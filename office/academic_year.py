"""Academic years: the university's year runs from 1 October to 30 September and is named by its two calendar
years ("2025-2026"). Action plans are filed under one."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

START_MONTH = 10  # 1 October
FIRST_YEAR = 2000
_LABEL = re.compile(r"^(\d{4})-(\d{4})$")


def current_academic_year(day: datetime.date) -> str:
    """The label of the academic year `day` falls in: 30 September 2026 is in "2025-2026", 1 October in "2026-2027"."""
    first = day.year if day.month >= START_MONTH else day.year - 1
    return f"{first}-{first + 1}"


def next_academic_year(label: str) -> str:
    start, _end = academic_year_bounds(label)
    return f"{start.year + 1}-{start.year + 2}"


def academic_year_bounds(label: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the academic year: ("2025-2026") -> (2025-10-01, 2026-09-30). ValueError for a
    label that is not two consecutive years."""
    match = _LABEL.match(label or "")
    if not match or int(match[2]) != int(match[1]) + 1 or int(match[1]) < 1:
        raise ValueError(f"{label!r} is not an academic year such as 2025-2026")
    first = int(match[1])
    return datetime.date(first, START_MONTH, 1), datetime.date(first + 1, START_MONTH, 1) - datetime.timedelta(days=1)


def validate_academic_year(label: str) -> None:
    try:
        start, _end = academic_year_bounds(label)
    except ValueError:
        raise ValidationError(
            _("Write the academic year as two consecutive years, e.g. 2025-2026."), code="invalid"
        ) from None
    if start.year < FIRST_YEAR or start.year > 9998:
        raise ValidationError(_("Choose an academic year from %(first)s on.") % {"first": FIRST_YEAR}, code="range")


def academic_year_choices(today: datetime.date, back: int = 5, ahead: int = 1) -> list[tuple[str, str]]:
    """The recent academic years, newest first, for filters and forms."""
    first = int(current_academic_year(today)[:4])
    return [(f"{year}-{year + 1}", f"{year}-{year + 1}") for year in range(first + ahead, first - back - 1, -1)]
