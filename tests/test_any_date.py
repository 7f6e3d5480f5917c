"""The date-sensitive behaviour, run at the instants where dates go wrong: New Year's night (either side of
midnight), the last minute of February, a leap day, both nights the clocks change in Bucharest (either side of the
change), and a year well ahead. Each test sees the clock stopped at one of them (tests/clock.py).

What is checked: the home page's upcoming events; the calendar list (upcoming by default, past, `from`/`to` in
local days) and month grid (this month, today highlighted); the registration window and the registration form's
"no graduation year in the future"; the iCalendar feed's one-year window and the news feed's dates; the directory's
graduation-year and decade filters and the join form, both bounded by "this year + 8".

The expectations come from the instant's Bucharest wall clock, written out beside it, not from the code under test.
"""

import dataclasses
import datetime
import re

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alumni.factories import AlumnusFactory
from alumni.models import Alumnus
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventIndexPage, EventPage
from home.factories import ArticleIndexPageFactory, ArticlePageFactory, FacultyFactory, site_home
from tests.alumni.test_directory import add_directory
from tests.alumni.test_registration import make_join_page
from tests.clock import (
    BUCHAREST,
    END_OF_FEBRUARY,
    FALL_BACK_FIRST,
    FALL_BACK_SECOND,
    LEAP_DAY,
    MID_2029,
    NEW_YEARS_EVE,
    NEW_YEARS_NIGHT,
    SESSION_CLOCK_VARIABLE,
    SPRING_FORWARD_AFTER,
    SPRING_FORWARD_BEFORE,
    frozen,
    instant,
    session_clock_from_environment,
)
from tests.events.test_calendar import at, day_cells, titles
from tests.events.test_feeds import local_date, vevents

# (instant, the Bucharest wall clock then)
MOMENTS = [
    pytest.param((NEW_YEARS_EVE, "2026-12-31 23:30 EET"), id="new-years-eve"),
    pytest.param((NEW_YEARS_NIGHT, "2027-01-01 00:30 EET"), id="new-years-night"),
    pytest.param((END_OF_FEBRUARY, "2027-02-28 23:59 EET"), id="end-of-february"),
    pytest.param((LEAP_DAY, "2028-02-29 12:00 EET"), id="leap-day"),
    pytest.param((SPRING_FORWARD_BEFORE, "2027-03-28 02:30 EET"), id="spring-forward-before"),
    pytest.param((SPRING_FORWARD_AFTER, "2027-03-28 04:30 EEST"), id="spring-forward-after"),
    pytest.param((FALL_BACK_FIRST, "2027-10-31 03:30 EEST"), id="fall-back-first"),
    pytest.param((FALL_BACK_SECOND, "2027-10-31 03:30 EET"), id="fall-back-second"),
    pytest.param((MID_2029, "2029-06-15 12:00 EEST"), id="mid-2029"),
]
# "This year + 8" crosses a decade on New Year's night 2032: the directory grows a "2040–2049" choice.
DECADE_TURN = [
    pytest.param(("2031-12-31T23:30:00+02:00", "2031-12-31 23:30 EET"), id="decade-turn-eve"),
    pytest.param(("2032-01-01T00:30:00+02:00", "2032-01-01 00:30 EET"), id="decade-turn-night"),
]


@dataclasses.dataclass
class Moment:
    now: datetime.datetime
    wall_clock: str

    @property
    def today(self) -> datetime.date:
        return self.now.astimezone(BUCHAREST).date()

    @property
    def year(self) -> int:
        return self.today.year

    def day(self, days: int) -> datetime.date:
        return self.today + datetime.timedelta(days=days)


@pytest.fixture(params=MOMENTS)
def moment(request):
    value, wall_clock = request.param
    with frozen(value):
        yield Moment(instant(value), wall_clock)


@pytest.fixture(params=MOMENTS + DECADE_TURN)
def year_moment(request):
    value, wall_clock = request.param
    with frozen(value):
        yield Moment(instant(value), wall_clock)


def test_the_clock_reads_bucharest_wall_time(moment):
    assert f"{timezone.localtime():%Y-%m-%d %H:%M %Z}" == moment.wall_clock
    assert timezone.localdate() == moment.today
    assert datetime.date.today() == moment.today  # the process time zone is Bucharest's too (Django sets TZ)


# Events ------------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Calendar:
    index: EventIndexPage
    events: dict[str, EventPage]

    def local_days(self, title: str) -> tuple[datetime.date, datetime.date]:
        event = self.events[title]
        return event.start.astimezone(BUCHAREST).date(), event.end.astimezone(BUCHAREST).date()


@pytest.fixture
def calendar(db, moment) -> Calendar:
    """Five events around the instant, under an aggregated calendar below the home page."""
    index = EventIndexPageFactory(parent=site_home(), title="Calendar", slug="calendar")
    now, minute, hour = moment.now, datetime.timedelta(minutes=1), datetime.timedelta(hours=1)
    spans = {
        "Ieri": (at(moment.day(-1), 18), at(moment.day(-1), 20)),
        "Încheiat": (now - 3 * hour, now - minute),
        "În desfășurare": (now - hour, now + hour),
        "Imediat": (now + minute, now + 2 * hour),
        "Mâine": (at(moment.day(1), 18), at(moment.day(1), 20)),
    }
    events = {title: EventPageFactory(parent=index, title=title, start=s, end=e) for title, (s, e) in spans.items()}
    return Calendar(index, events)


def route(name: str) -> str:
    """A named route's Romanian address (public paths may be translated)."""
    with translation.override("ro"):
        return reverse(name)


def upcoming_on_home_page(client) -> list[str]:
    html = client.get("/").content.decode()
    section = re.search(r'<section[^>]*aria-labelledby="upcoming-events-heading">(.*?)</section>', html, re.S)
    assert section, "no upcoming events section on the home page"
    return re.findall(r'class="event-item__title"><a href="[^"]*">([^<]*)</a>', section.group(1))


def test_home_page_and_calendar_list_and_month_grid(client, calendar, moment):
    # The home page and the list: what is not over yet, soonest first.
    assert upcoming_on_home_page(client) == ["În desfășurare", "Imediat", "Mâine"]
    url = calendar.index.url
    assert titles(client.get(url)) == ["În desfășurare", "Imediat", "Mâine"]
    assert titles(client.get(url, {"when": "past"})) == ["Încheiat", "Ieri"]  # newest first

    # `from` and `to` are Bucharest days: an event is listed when one of its local days falls in the range.
    def listed_on(first: datetime.date, last: datetime.date) -> list[str]:
        return [t for t in calendar.events if calendar.local_days(t)[0] <= last and calendar.local_days(t)[1] >= first]

    today, yesterday, tomorrow = moment.today, moment.day(-1), moment.day(1)
    response = client.get(url, {"from": today.isoformat(), "to": today.isoformat()})
    assert titles(response) == listed_on(today, today)
    assert "Ieri" not in titles(response) and "Mâine" not in titles(response)
    assert titles(client.get(url, {"from": tomorrow.isoformat()})) == listed_on(tomorrow, datetime.date.max)
    assert titles(client.get(url, {"to": yesterday.isoformat()})) == listed_on(datetime.date.min, yesterday)

    # The month grid: this (Bucharest) month, each event on the local day it starts, today highlighted.
    response = client.get(url, {"view": "month"}, follow=True)
    assert response.status_code == 200
    assert response.context["month"] == today.replace(day=1)
    expected = {}
    for title in calendar.events:
        first_day = calendar.local_days(title)[0]
        if (first_day.year, first_day.month) == (today.year, today.month):
            expected.setdefault(first_day.isoformat(), []).append(title)
    shown = {
        day: [t for t in calendar.events if f"</time> {t}</a>" in cell] for day, cell in day_cells(response).items()
    }
    assert {day: names for day, names in shown.items() if names} == expected
    html = response.content.decode()
    today_cell = re.search(r'<td class="calendar__day calendar__day--today"[^>]*>(.*?)</td>', html, re.S)
    assert today_cell and f'datetime="{today.isoformat()}"' in today_cell.group(1)


def test_registration_window_and_graduation_year(client, calendar, moment):
    now, minute, tomorrow = moment.now, datetime.timedelta(minutes=1), at(moment.day(1), 18)
    index = calendar.index
    windows = {
        "no window": EventPageFactory(parent=index, start=tomorrow),
        "closes in a minute": EventPageFactory(parent=index, start=tomorrow, registration_closes_at=now + minute),
        "closed a minute ago": EventPageFactory(parent=index, start=tomorrow, registration_closes_at=now - minute),
        "opens in a minute": EventPageFactory(parent=index, start=tomorrow, registration_opens_at=now + minute),
        "started an hour ago": calendar.events["În desfășurare"],
    }
    assert {name: event.registration_window_open() for name, event in windows.items()} == {
        "no window": True,
        "closes in a minute": True,
        "closed a minute ago": False,
        "opens in a minute": False,
        "started an hour ago": False,
    }
    open_event, closed_event = windows["closes in a minute"], windows["closed a minute ago"]
    assert 'name="email"' in client.get(open_event.url).content.decode()
    assert 'name="email"' not in client.get(closed_event.url).content.decode()
    guest = {"name": "Ana Pop", "email": "ana@example.ro", "role": "guest", "consent": "on"}
    assert client.post(open_event.url, guest).status_code == 302
    assert client.post(closed_event.url, guest).status_code == 400

    # No graduation year after this one, Bucharest's: on New Year's night at 00:30 it is already the new one.
    alumnus = {"name": "Ion Pop", "role": "alumnus", "faculty": FacultyFactory().pk, "consent": "on"}
    event = windows["no window"]
    this_year = client.post(event.url, {**alumnus, "email": "a@example.ro", "graduation_year": moment.year})
    assert this_year.status_code == 302
    next_year = client.post(event.url, {**alumnus, "email": "b@example.ro", "graduation_year": moment.year + 1})
    assert next_year.status_code == 400
    assert "graduation_year" in next_year.context["registration_form"].errors


def test_feeds(client, calendar, moment):
    # The calendar keeps what ended less than a year ago.
    index, now = calendar.index, moment.now
    EventPageFactory(parent=index, title="Acum 364 de zile", start=now - datetime.timedelta(days=364, hours=2))
    EventPageFactory(parent=index, title="Acum 366 de zile", start=now - datetime.timedelta(days=366, hours=2))
    assert set(vevents(client.get(route("calendar_feed")).content)) == {*calendar.events, "Acum 364 de zile"}

    # An article of today is dated today (Bucharest's), whatever the UTC date.
    news = ArticleIndexPageFactory(parent=site_home(), slug="noutati")
    ArticlePageFactory(parent=news, title="Azi", date=moment.today)
    ArticlePageFactory(parent=news, title="Ieri", date=moment.day(-1))
    for path in (route("articles_rss"), route("articles_atom")):
        feed = feedparser.parse(client.get(path).content)
        assert not feed.bozo, path
        dated = [(entry.title, local_date(entry.published_parsed)) for entry in feed.entries]
        assert dated == [("Azi", moment.today), ("Ieri", moment.day(-1))], path


# Alumni ------------------------------------------------------------------------------------------------------


def test_directory_year_and_decade_filters_reach_this_year_plus_8(client, db, year_moment):
    last = year_moment.year + 8
    directory = add_directory(site_home())
    person = AlumnusFactory(graduation_year=last)
    response = client.get(directory.url, {"year": last})
    assert response.status_code == 200
    assert [card.profile.id for card in response.context["people"].object_list] == [person.pk]
    decades = [value for value, _label in response.context["filterset"].filters["decade"].extra["choices"]]
    assert decades[-1] == str(last // 10 * 10)
    response = client.get(directory.url, {"decade": decades[-1]})
    assert [card.profile.id for card in response.context["people"].object_list] == [person.pk]
    assert client.get(directory.url, {"year": last + 1}).status_code == 400


def test_join_form_takes_a_graduation_year_up_to_this_year_plus_8(client, db, year_moment):
    """The bound is read at each check: one computed when alumni.models loaded went stale on New Year's night."""
    last = year_moment.year + 8
    page = make_join_page(site_home())
    faculty = FacultyFactory()
    assert f'max="{last}"' in client.get(page.url).content.decode()
    data = {
        "faculty": faculty.pk,
        "first_name": "Ana",
        "last_name": "Popescu",
        "study_cycle": "licenta",
        "consent_directory": "on",
    }
    too_late = client.post(page.url, {**data, "email": "b@example.ro", "graduation_year": last + 1})
    assert too_late.status_code == 400
    assert "graduation_year" in too_late.context["form"].errors
    in_time = client.post(page.url, {**data, "email": "a@example.ro", "graduation_year": last})
    assert in_time.status_code != 400, in_time.context["form"].errors if in_time.context else in_time
    assert Alumnus.objects.get(email="a@example.ro").graduation_year == last


# The session clock -------------------------------------------------------------------------------------------


@pytest.mark.skipif(session_clock_from_environment() is None, reason=f"{SESSION_CLOCK_VARIABLE} is not set")
def test_the_session_clock_moved_the_whole_session():
    """Run with ALUMNI_TEST_CLOCK: the clock starts there and ticks (within the hour this suite takes)."""
    start = instant(session_clock_from_environment())
    assert start <= timezone.now() < start + datetime.timedelta(hours=2)
