"""Calendar arithmetic in local (Bucharest) time: the start of a day, the months around a month, the years the
calendar accepts."""

import datetime

from django.utils import timezone

# The calendar refuses months outside these years: nothing real lies there, and month arithmetic stays safe.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def within_calendar(day: datetime.date) -> datetime.date:
    """`day`, or the nearest day of the years the calendar covers: nothing lies beyond them, and arithmetic on
    the result cannot overflow (`?from=0001-01-01` means "from the start", `?to=9999-12-31` "until the end")."""
    return min(max(day, datetime.date(FIRST_YEAR, 1, 1)), datetime.date(LAST_YEAR, 12, 31))


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone())


def next_local_midnight() -> datetime.datetime:
    """The start of tomorrow in the site's time zone (23 or 25 hours away on the nights the clocks change)."""
    return start_of_day(timezone.localdate() + datetime.timedelta(days=1))


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
