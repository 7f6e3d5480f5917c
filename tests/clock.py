"""Test clocks: the explicit instants date-sensitive tests run at, and the session clock (ALUMNI_TEST_CLOCK).

Every instant is an ISO 8601 string with an explicit offset (`Z` or `±HH:MM`), never a naive time: the same
string means the same moment on any machine. time-machine gets the string as it is, so it leaves the process
time zone (Django's TIME_ZONE, Europe/Bucharest, which `date.today()` follows) alone.

Bucharest changes its clocks at 01:00 UTC on the last Sunday of March (03:00 EET becomes 04:00 EEST: 03:30 does
not exist that night) and on the last Sunday of October (04:00 EEST becomes 03:00 EET: 03:30 happens twice).
"""

import datetime
import os
from zoneinfo import ZoneInfo

import time_machine

BUCHAREST = ZoneInfo("Europe/Bucharest")

# The instants the date-sensitive behaviour is checked at (tests/test_any_date.py), with the local time each is.
NEW_YEARS_EVE = "2026-12-31T23:30:00+02:00"
NEW_YEARS_NIGHT = "2027-01-01T00:30:00+02:00"
END_OF_FEBRUARY = "2027-02-28T23:59:00+02:00"
LEAP_DAY = "2028-02-29T12:00:00+02:00"
SPRING_FORWARD_BEFORE = "2027-03-28T00:30:00Z"  # 02:30 EET, half an hour before the clocks go forward
SPRING_FORWARD_AFTER = "2027-03-28T01:30:00Z"  # 04:30 EEST: the 03:30 the brief names never happens
FALL_BACK_FIRST = "2027-10-31T00:30:00Z"  # 03:30 EEST, the first time
FALL_BACK_SECOND = "2027-10-31T01:30:00Z"  # 03:30 EET, the second time
MID_2029 = "2029-06-15T12:00:00+03:00"

# The variable that moves the whole test session's clock (tests/conftest.py), e.g. 2027-03-28T01:30:00Z.
SESSION_CLOCK_VARIABLE = "ALUMNI_TEST_CLOCK"


def instant(value: str) -> datetime.datetime:
    """An ISO 8601 instant as an aware datetime; a naive one is refused (it would depend on the machine)."""
    parsed = datetime.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no offset: write it as 2027-03-28T01:30:00Z or with ±HH:MM")
    return parsed


def local(value: str) -> datetime.datetime:
    """The instant on Bucharest's wall clock."""
    return instant(value).astimezone(BUCHAREST)


def frozen(value: str) -> time_machine.travel:
    """The clock stopped at `value`: a decorator (functions, unittest TestCase classes, setUpTestData included)
    or a context manager. Nests inside the session clock."""
    instant(value)
    return time_machine.travel(value, tick=False)


def session_clock_from_environment() -> str | None:
    value = os.environ.get(SESSION_CLOCK_VARIABLE, "").strip()
    if not value:
        return None
    instant(value)
    return value
