"""The event calendar: occurrences listed and filtered (faculty, type, dates, upcoming/past, free places) on an
aggregated index under the home page and on faculty indexes, as a list and as a month grid, in both languages."""

import datetime
import re
from zoneinfo import ZoneInfo

import wagtail_factories
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from events.dates import next_month
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventIndexPage, EventPage, EventRecurrenceException, EventType, Registration
from home.factories import FacultyPageFactory, english_locale, site_home, translate
from tests.clock import FALL_BACK_FIRST, MID_2029, NEW_YEARS_EVE, frozen

BUCHAREST = ZoneInfo("Europe/Bucharest")


def at(day: datetime.date, hour: int = 18) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BUCHAREST)


def month_ahead(months: int) -> datetime.date:
    """The first day of the month `months` after this one."""
    month = timezone.localdate().replace(day=1)
    for _ in range(months):
        month = next_month(month)
    return month


def register(event, count: int, status=Registration.Status.CONFIRMED, start: int = 0):
    for n in range(start, start + count):
        Registration.objects.create(
            event=event,
            name=f"Persoana {n}",
            email=f"persoana{n}@example.ro",
            role=Registration.Role.ALUMNUS,
            consent_text="Sunt de acord cu prelucrarea datelor pentru acest eveniment.",
            status=status,
        )


def translate_type(event_type: EventType, name: str) -> EventType:
    translation = event_type.copy_for_translation(english_locale())
    translation.name = name
    translation.save()
    return translation


def titles(response) -> list[str]:
    return [occurrence.event.title for occurrence in response.context["events"]]


def day_cells(response) -> dict[str, str]:
    """The HTML of each day cell of a month grid, by ISO date."""
    html = response.content.decode()
    cells = re.findall(r'<td class="calendar__day[^"]*"[^>]*>(.*?)</td>', html, re.S)
    found = {}
    for cell in cells:
        match = re.search(r'datetime="(\d{4}-\d\d-\d\d)"', cell)
        if match:
            found[match.group(1)] = cell
    return found


class CalendarTestCase(TestCase):
    """Two faculties with their own event indexes, the central office's aggregated calendar under the home page,
    two event types, in Romanian with English translations of the faculties and types."""

    @classmethod
    def setUpTestData(cls):
        cls.home = site_home()
        cls.english = english_locale()
        cls.fmi_page = FacultyPageFactory(
            parent=cls.home, title="Matematică", faculty__name="Facultatea de Matematică", faculty__short_name="FMI"
        )
        cls.fd_page = FacultyPageFactory(
            parent=cls.home, title="Drept", faculty__name="Facultatea de Drept", faculty__short_name="FD"
        )
        cls.fmi, cls.fd = cls.fmi_page.faculty, cls.fd_page.faculty
        cls.fmi_en = cls.fmi.copy_for_translation(cls.english)
        cls.fmi_en.name = "Faculty of Mathematics"
        cls.fmi_en.save()
        cls.fd_en = cls.fd.copy_for_translation(cls.english)
        cls.fd_en.name = "Faculty of Law"
        cls.fd_en.save()
        ro = Locale.objects.get(language_code="ro")
        cls.workshop = EventType.objects.create(name="Atelier", locale=ro)
        cls.gala_type = EventType.objects.create(name="Gală", locale=ro)
        cls.workshop_en = translate_type(cls.workshop, "Workshop")
        cls.gala_type_en = translate_type(cls.gala_type, "Gala")
        cls.calendar = EventIndexPageFactory(parent=cls.home, title="Calendar", slug="calendar")
        cls.fmi_events = EventIndexPageFactory(parent=cls.fmi_page, slug="evenimente")
        cls.fd_events = EventIndexPageFactory(parent=cls.fd_page, slug="evenimente")

    def event(self, parent, title, start, **fields):
        fields.setdefault("end", start + datetime.timedelta(hours=2))
        return EventPageFactory(parent=parent, title=title, start=start, **fields)

    def get(self, url, status=200, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, status, response.content.decode()[:2000] if status == 200 else "")
        return response


@frozen("2027-03-25T09:00:00+02:00")  # the dates below cross the end of March and the spring clock change
class ListingTests(CalendarTestCase):
    def setUp(self):
        today = timezone.localdate()
        self.fmi_workshop = self.event(
            self.fmi_events,
            "Atelier FMI",
            at(today + datetime.timedelta(days=5)),
            faculty=self.fmi,
            event_type=self.workshop,
            capacity=2,
        )
        self.fd_gala = self.event(
            self.fd_events,
            "Gala FD",
            at(today + datetime.timedelta(days=10)),
            faculty=self.fd,
            event_type=self.gala_type,
        )
        self.central = self.event(self.calendar, "Gala Alumni", at(today + datetime.timedelta(days=20)))
        self.past = self.event(
            self.fmi_events,
            "Întâlnire trecută",
            at(today - datetime.timedelta(days=30)),
            faculty=self.fmi,
            event_type=self.workshop,
        )

    def test_aggregated_calendar_lists_every_faculty_and_the_central_office(self):
        response = self.get(self.calendar.url)
        self.assertEqual(titles(response), ["Atelier FMI", "Gala FD", "Gala Alumni"])
        self.assertTrue(response.context["is_aggregated"])
        self.assertContains(response, 'name="faculty"')

    def test_faculty_index_lists_only_the_events_of_its_section_without_a_faculty_filter(self):
        response = self.get(self.fmi_events.url)
        self.assertEqual(titles(response), ["Atelier FMI"])
        self.assertFalse(response.context["is_aggregated"])
        self.assertNotContains(response, 'name="faculty"')
        self.assertContains(response, 'name="type"')

    def test_drafts_and_private_events_are_not_listed(self):
        self.central.unpublish()
        PageViewRestriction.objects.create(page=self.fd_gala, restriction_type=PageViewRestriction.LOGIN)
        self.assertEqual(titles(self.get(self.calendar.url)), ["Atelier FMI"])

    def test_upcoming_by_default_past_newest_first(self):
        self.event(self.fmi_events, "Mai demult", at(timezone.localdate() - datetime.timedelta(days=90)))
        self.assertEqual(titles(self.get(self.fmi_events.url, when="past")), ["Întâlnire trecută", "Mai demult"])
        self.assertEqual(
            titles(self.get(self.fmi_events.url, when="all")), ["Mai demult", "Întâlnire trecută", "Atelier FMI"]
        )

    def test_an_ongoing_event_is_still_upcoming(self):
        now = timezone.now()
        self.event(
            self.fmi_events, "În desfășurare", now - datetime.timedelta(hours=1), end=now + datetime.timedelta(hours=1)
        )
        self.assertEqual(titles(self.get(self.fmi_events.url))[0], "În desfășurare")

    def test_faculty_filter(self):
        self.assertEqual(titles(self.get(self.calendar.url, faculty="FD")), ["Gala FD"])
        self.assertEqual(
            titles(self.get(self.calendar.url, faculty="FMI", when="all")), ["Întâlnire trecută", "Atelier FMI"]
        )

    def test_type_filter(self):
        self.assertEqual(titles(self.get(self.calendar.url, type=self.gala_type.pk)), ["Gala FD"])
        self.assertEqual(titles(self.get(self.fmi_events.url, type=self.workshop.pk)), ["Atelier FMI"])

    def test_date_range_includes_both_days_and_overrides_the_upcoming_default(self):
        today = timezone.localdate()
        response = self.get(
            self.calendar.url,
            **{
                "from": (today - datetime.timedelta(days=30)).isoformat(),
                "to": (today + datetime.timedelta(days=10)).isoformat(),
            },
        )
        self.assertEqual(titles(response), ["Întâlnire trecută", "Atelier FMI", "Gala FD"])
        response = self.get(self.calendar.url, **{"from": (today + datetime.timedelta(days=6)).isoformat()})
        self.assertEqual(titles(response), ["Gala FD", "Gala Alumni"])

    def test_free_places_counts_confirmed_registrations_only(self):
        register(self.fmi_workshop, 1)
        register(self.fmi_workshop, 3, status=Registration.Status.WAITING, start=10)
        response = self.get(self.calendar.url, has_free_places="on")
        self.assertEqual(titles(response), ["Atelier FMI", "Gala FD", "Gala Alumni"])
        self.assertEqual(response.context["events"][0].places_left, 1)
        self.assertContains(response, '<span class="event-tag event-tag--places">', count=1)
        register(self.fmi_workshop, 1, start=1)
        response = self.get(self.calendar.url, has_free_places="on")
        self.assertEqual(titles(response), ["Gala FD", "Gala Alumni"])
        response = self.get(self.calendar.url)
        self.assertEqual(response.context["events"][0].places_left, 0)
        self.assertContains(response, '<span class="event-tag event-tag--full">', count=1)

    def test_filters_combine(self):
        response = self.get(self.calendar.url, faculty="FMI", type=self.gala_type.pk)
        self.assertEqual(titles(response), [])
        self.assertContains(response, "Niciun eveniment nu corespunde criteriilor.")

    def test_twenty_per_page_keeping_the_filters(self):
        for n in range(25):
            self.event(
                self.fd_events,
                f"Seminar {n:02}",
                at(timezone.localdate() + datetime.timedelta(days=30 + n)),
                faculty=self.fd,
            )
        response = self.get(self.calendar.url, faculty="FD")
        self.assertEqual(len(response.context["events"]), 20)
        self.assertEqual(response.context["events"].paginator.count, 26)
        self.assertContains(response, "faculty=FD&amp;page=2")
        self.assertEqual(len(self.get(self.calendar.url, faculty="FD", page=2).context["events"]), 6)

    def test_localized_dates_in_bucharest_time(self):
        start = datetime.datetime(2031, 12, 4, 16, 0, tzinfo=datetime.UTC)  # 18:00 in Bucharest (UTC+2)
        self.event(self.fmi_events, "Seară de iarnă", start)
        response = self.get(self.fmi_events.url, **{"from": "2031-12-01"})
        self.assertContains(response, "joi, 4 decembrie 2031, 18:00")
        self.assertContains(response, 'datetime="2031-12-04T18:00:00+02:00"')


@frozen("2027-01-10T12:00:00+02:00")
class MonthlyRecurrenceTests(CalendarTestCase):
    """A monthly series repeats on its day of the month and, as RFC 5545 says (dateutil's rrule, which
    EventPage.occurrence_starts uses), skips the months that have no such day: it never moves to the 28th."""

    def club(self, first: datetime.datetime, until: datetime.date, skipped=()) -> EventPage:
        club = EventPage(
            title="Clubul alumni",
            slug="club",
            start=first,
            end=first + datetime.timedelta(hours=2),
            recurrence=EventPage.Recurrence.MONTHLY,
            recurrence_until=until,
            faculty=self.fmi,
        )
        club.recurrence_exceptions = [EventRecurrenceException(date=day) for day in skipped]
        self.fmi_events.add_child(instance=club)
        club.save_revision().publish()
        return club

    def test_a_series_on_the_31st_is_listed_in_the_months_that_have_one_but_the_skipped_date(self):
        club = self.club(at(datetime.date(2027, 1, 31), 17), datetime.date(2027, 7, 31), [datetime.date(2027, 5, 31)])
        response = self.get(self.fmi_events.url)
        dates = [o.start.astimezone(BUCHAREST).date() for o in response.context["events"] if o.event.pk == club.pk]
        # February, April and June have no 31st; 31 May is skipped by the editor.
        self.assertEqual(dates, [datetime.date(2027, 1, 31), datetime.date(2027, 3, 31), datetime.date(2027, 7, 31)])
        self.assertEqual(response.content.decode().count(">Clubul alumni</a>"), 3)
        self.assertEqual(
            {o.start.astimezone(BUCHAREST).hour for o in response.context["events"] if o.event.pk == club.pk}, {17}
        )

    def test_a_series_on_the_29th_has_a_february_date_only_in_a_leap_year(self):
        self.club(at(datetime.date(2027, 1, 29), 17), datetime.date(2028, 3, 31))
        cells = day_cells(self.get(self.calendar.month_url(), month="2027-02"))
        self.assertFalse([day for day, cell in cells.items() if "Clubul alumni" in cell])
        cells = day_cells(self.get(self.calendar.month_url(), month="2028-02"))
        self.assertEqual([day for day, cell in cells.items() if "Clubul alumni" in cell], ["2028-02-29"])
        cells = day_cells(self.get(self.calendar.month_url(), month="2027-03"))
        self.assertEqual([day for day, cell in cells.items() if "Clubul alumni" in cell], ["2027-03-29"])


class GarbageInputTests(CalendarTestCase):
    def test_garbage_dates_answer_400_with_the_error_in_romanian(self):
        response = self.get(self.calendar.url, status=400, **{"from": "2026-13-45"})
        self.assertContains(response, "Introduceți o dată validă.", status_code=400)
        self.assertEqual(list(response.context["events"]), [])
        self.assertContains(response, 'value="2026-13-45"', status_code=400)

    def test_garbage_dates_answer_400_with_the_error_in_english(self):
        english = translate(self.calendar, title="Calendar", slug="calendar")
        response = self.get(english.url, status=400, to="yesterday")
        self.assertTrue(english.url.startswith("/en/"))
        self.assertContains(response, "Enter a valid date.", status_code=400)

    def test_unknown_choices_and_reversed_ranges_are_refused(self):
        self.get(self.calendar.url, status=400, faculty="XYZ")
        self.get(self.calendar.url, status=400, type="999999")
        self.get(self.calendar.url, status=400, when="tomorrow")
        response = self.get(self.calendar.url, status=400, **{"from": "2026-12-10", "to": "2026-12-01"})
        self.assertIn("to", response.context["filterset"].errors)

    def test_garbage_months_answer_400(self):
        for month in ("2026-13", "december", "0000-01", "9999-12"):
            with self.subTest(month=month):
                response = self.get(self.calendar.month_url(), status=400, month=month)
                self.assertIn("month", response.context["filterset"].errors)
                self.assertNotContains(response, "<table", status_code=400)
        response = self.get(self.calendar.month_url(), status=400, month="2026-13")
        self.assertContains(response, "Introdu luna în forma AAAA-LL", status_code=400)
        english = translate(self.calendar, title="Calendar", slug="calendar")
        response = self.get(english.month_url(), status=400, month="2026-13")
        self.assertContains(response, "Enter a month as YYYY-MM, for example 2026-12.", status_code=400)

    def test_a_garbage_page_number_shows_the_nearest_page(self):
        self.get(self.calendar.url, page="abc")
        self.get(self.calendar.url, page="9999")


@frozen("2028-02-27T20:00:00+02:00")  # three days later is 1 March, after a leap day
class EnglishCalendarTests(CalendarTestCase):
    """English events may point to the Romanian or the English faculty and type: both match the English choices."""

    def setUp(self):
        start = at(timezone.localdate() + datetime.timedelta(days=3))
        self.calendar_en = translate(self.calendar, title="Calendar", slug="calendar")
        fmi_events_en = translate(self.fmi_events, title="Events", slug="events")
        fd_events_en = translate(self.fd_events, title="Events", slug="events")
        fmi_event = self.event(self.fmi_events, "Atelier", start, faculty=self.fmi, event_type=self.workshop)
        fd_event = self.event(
            self.fd_events, "Gală", start + datetime.timedelta(days=1), faculty=self.fd, event_type=self.gala_type
        )
        translate(fmi_event, title="Workshop (Romanian FKs)")  # keeps the Romanian faculty and type
        translate(fd_event, title="Gala (English FKs)", faculty=self.fd_en, event_type=self.gala_type_en)
        self.assertEqual({fmi_events_en.locale_id, fd_events_en.locale_id}, {self.english.pk})

    def test_lists_the_english_events_only_with_english_names(self):
        response = self.get(self.calendar_en.url)
        self.assertEqual(titles(response), ["Workshop (Romanian FKs)", "Gala (English FKs)"])
        html = response.content.decode()
        self.assertIn('<option value="FMI">Faculty of Mathematics</option>', html)
        self.assertIn(f'<option value="{self.workshop_en.pk}">Workshop</option>', html)
        self.assertNotIn(f'<option value="{self.workshop.pk}">', html)
        self.assertEqual(
            [(o.faculty_name, o.type_name) for o in response.context["events"]],
            [("Faculty of Mathematics", "Workshop"), ("Faculty of Law", "Gala")],
        )

    def test_faculty_and_type_match_on_translation_key(self):
        self.assertEqual(titles(self.get(self.calendar_en.url, faculty="FMI")), ["Workshop (Romanian FKs)"])
        self.assertEqual(titles(self.get(self.calendar_en.url, faculty="FD")), ["Gala (English FKs)"])
        self.assertEqual(titles(self.get(self.calendar_en.url, type=self.workshop_en.pk)), ["Workshop (Romanian FKs)"])
        self.assertEqual(titles(self.get(self.calendar_en.url, type=self.gala_type_en.pk)), ["Gala (English FKs)"])

    def test_a_type_id_from_the_other_language_is_translated(self):
        """The language switcher keeps the query string: /en/calendar/?type=<Romanian id> still filters."""
        response = self.get(self.calendar_en.url, type=self.gala_type.pk)
        self.assertEqual(titles(response), ["Gala (English FKs)"])
        self.assertContains(response, f'<option value="{self.gala_type_en.pk}" selected>Gala</option>')
        self.assertEqual(titles(self.get(self.calendar.url, type=self.workshop_en.pk)), ["Atelier"])

    def test_romanian_calendar_shows_romanian_names(self):
        response = self.get(self.calendar.url)
        self.assertEqual(titles(response), ["Atelier", "Gală"])
        self.assertEqual(
            [(o.faculty_name, o.type_name) for o in response.context["events"]],
            [("Facultatea de Matematică", "Atelier"), ("Facultatea de Drept", "Gală")],
        )

    def test_english_dates(self):
        start = datetime.datetime(2031, 12, 4, 16, 0, tzinfo=datetime.UTC)
        event = self.event(self.calendar, "Seară", start)
        translate(event, title="Evening")
        response = self.get(self.calendar_en.url, **{"from": "2031-12-01"})
        self.assertContains(response, "Thursday, 4 December 2031, 18:00")


@frozen(NEW_YEARS_EVE)  # today is the last day of the year; two months ahead is February 2027, four whole weeks
class MonthGridTests(CalendarTestCase):
    def setUp(self):
        self.month = month_ahead(2)
        self.first = self.event(
            self.fmi_events,
            "Atelier de iarnă",
            at(self.month.replace(day=3), 17),
            faculty=self.fmi,
            event_type=self.workshop,
            capacity=1,
        )
        register(self.first, 1)
        self.second = self.event(
            self.fd_events,
            "Gala Dreptului",
            at(self.month.replace(day=20), 19),
            faculty=self.fd,
            event_type=self.gala_type,
        )
        self.next_month_event = self.event(
            self.calendar, "Eveniment ulterior", at(next_month(self.month).replace(day=1))
        )

    def grid(self, calendar=None, **params):
        params = {"month": self.month.strftime("%Y-%m"), **params}
        return self.get((calendar or self.calendar).month_url(), **params)

    def day_cells(self, response) -> dict[str, str]:
        return day_cells(response)

    def test_each_day_lists_its_occurrences_as_links(self):
        response = self.grid()
        cells = self.day_cells(response)
        self.assertEqual(len(cells), len([d for w in response.context["weeks"] for d in w if d.in_month]))
        day3, day20 = self.month.replace(day=3).isoformat(), self.month.replace(day=20).isoformat()
        self.assertIn(f'href="{self.first.url}"', cells[day3])
        self.assertIn("17:00", cells[day3])
        self.assertIn("Atelier de iarnă", cells[day3])
        self.assertIn("(complet)", cells[day3])  # "full", in Romanian
        self.assertIn("Gala Dreptului", cells[day20])
        self.assertIn(f'href="{self.second.url}"', cells[day20])
        self.assertEqual([day for day, cell in cells.items() if "<li>" in cell], [day3, day20])
        self.assertNotContains(response, "Eveniment ulterior")

    def test_weeks_start_on_monday_and_cover_the_month(self):
        weeks = self.grid().context["weeks"]
        self.assertTrue(all(len(week) == 7 and week[0].date.weekday() == 0 for week in weeks))
        days = [day.date for week in weeks for day in week if day.in_month]
        self.assertEqual(days[0], self.month)
        self.assertEqual(days[-1], next_month(self.month) - datetime.timedelta(days=1))

    def test_accessible_table_with_romanian_names(self):
        response = self.grid()
        html = response.content.decode()
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", html).group(1)
        months = ["ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august", "septembrie",
                  "octombrie", "noiembrie", "decembrie"]  # fmt: skip
        self.assertEqual(caption, f"{months[self.month.month - 1]} {self.month.year}")
        headers = re.findall(r'<th scope="col"><span class="calendar__weekday-long">(\w+)</span>', html)
        self.assertEqual(headers, ["luni", "marți", "miercuri", "joi", "vineri", "sâmbătă", "duminică"])

    def test_english_names(self):
        calendar_en = translate(self.calendar, title="Calendar", slug="calendar")
        second_en = translate(self.second, title="Law gala", slug="law-gala")
        response = self.grid(calendar_en)
        html = response.content.decode()
        self.assertTrue(second_en.url.startswith("/en/"))
        start = self.second.start.astimezone(BUCHAREST).isoformat()
        self.assertIn(f'<a href="{second_en.url}"><time datetime="{start}">19:00</time> Law gala</a>', html)
        self.assertRegex(html, rf"<caption[^>]*>{self.month:%B} {self.month.year}</caption>")
        headers = re.findall(r'<th scope="col"><span class="calendar__weekday-long">(\w+)</span>', html)
        self.assertEqual(headers[0], "Monday")

    def test_previous_and_next_month_keep_the_filters(self):
        response = self.grid(faculty="FMI", has_free_places="on")
        before = (self.month - datetime.timedelta(days=1)).strftime("%Y-%m")
        after = next_month(self.month).strftime("%Y-%m")
        html = response.content.decode()
        for month in (before, after):
            link = re.search(rf'href="(\?[^"]*month={month}[^"]*)"', html).group(1)
            self.assertIn("faculty=FMI", link)
            self.assertIn("has_free_places=on", link)
        self.assertEqual(self.day_cells(response)[self.month.replace(day=3).isoformat()].count("<li>"), 0)  # full
        response = self.grid(month=after)
        self.assertContains(response, "Eveniment ulterior")

    def test_filters_apply_to_the_grid(self):
        response = self.grid(type=self.gala_type.pk)
        self.assertNotContains(response, "Atelier de iarnă")
        self.assertContains(response, "Gala Dreptului")
        response = self.grid(self.fmi_events)
        self.assertContains(response, "Atelier de iarnă")
        self.assertNotContains(response, "Gala Dreptului")
        self.assertNotContains(response, 'name="view"')  # the form is sent to the month route itself

    def test_this_month_by_default_with_today_highlighted(self):
        today = timezone.localdate()
        self.event(self.calendar, "Astăzi", at(today, 23) - datetime.timedelta(minutes=1))
        response = self.get(self.calendar.month_url())
        self.assertEqual(response.context["month"], today.replace(day=1))
        today_cell = re.search(r'<td class="calendar__day calendar__day--today"[^>]*aria-current="date">(.*?)</td>',
                               response.content.decode(), re.S)  # fmt: skip
        self.assertIsNotNone(today_cell)
        self.assertIn(f'datetime="{today.isoformat()}"', today_cell.group(1))
        self.assertIn("Astăzi", today_cell.group(1))

    def test_recurring_event_on_each_date_of_the_month(self):
        start = at(self.month.replace(day=1), 10)
        weekly = EventPageFactory(
            parent=self.calendar,
            title="Cafeneaua alumni",
            start=start,
            end=start + datetime.timedelta(hours=1),
            recurrence=EventPage.Recurrence.WEEKLY,
            recurrence_until=next_month(self.month) + datetime.timedelta(days=40),
        )
        self.assertGreater(weekly.occurrences.count(), 5)
        cells = self.day_cells(self.grid())
        days = sorted(day for day, cell in cells.items() if "Cafeneaua alumni" in cell)
        expected = [(self.month + datetime.timedelta(days=7 * n)).isoformat() for n in range(5)]
        self.assertEqual(days, [day for day in expected if day.startswith(self.month.strftime("%Y-%m"))])


@frozen(FALL_BACK_FIRST)
class QueryCountTests(CalendarTestCase):
    """The list and the grid cost a fixed number of queries, whatever the number of occurrences."""

    def add_events(self, count: int, month: datetime.date, first: int = 0):
        images = [wagtail_factories.ImageFactory(file__width=960, file__height=540) for _ in range(2)]
        for n in range(first, first + count):
            parent = (self.fmi_events, self.fd_events, self.calendar)[n % 3]
            event = self.event(
                parent,
                f"Eveniment {n}",
                at(month + datetime.timedelta(days=n % 27), 9 + n % 10),
                faculty=(self.fmi, self.fd, None)[n % 3],
                event_type=(self.workshop, self.gala_type, None)[n % 3],
                capacity=(None, 5, 1)[n % 3],
                listing_image=images[n % 2],
            )
            register(event, 1, start=n)

    def count_queries(self, url: str, **params) -> int:
        # Warm-up requests: the first creates the site settings, renditions get generated, fragments cached.
        for _ in range(2):
            self.assertEqual(self.client.get(url, params).status_code, 200)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_list_and_grid_same_queries_for_3_and_60_occurrences(self):
        month = month_ahead(1)
        cases = [
            (self.calendar.url, {}),
            (self.calendar.url, {"faculty": "FMI", "has_free_places": "on", "type": self.workshop.pk}),
            (self.fmi_events.url, {}),
            (self.calendar.month_url(), {"month": month.strftime("%Y-%m")}),
            (self.calendar.month_url(), {"month": month.strftime("%Y-%m"), "faculty": "FD"}),
        ]
        self.add_events(3, month)
        few = [self.count_queries(url, **params) for url, params in cases]
        self.add_events(57, month, first=3)
        response = self.client.get(self.calendar.month_url(), {"month": month.strftime("%Y-%m")})
        self.assertEqual(sum(len(day.occurrences) for week in response.context["weeks"] for day in week), 60)
        self.assertEqual(self.client.get(self.calendar.url).context["events"].paginator.count, 60)
        for (url, params), expected in zip(cases, few, strict=True):
            with self.subTest(url=url, params=params):
                self.assertEqual(self.count_queries(url, **params), expected)
                self.assertLessEqual(expected, 20)


@frozen(MID_2029)
class DemoDataTests(TestCase):
    """load_demo_data fills the calendar: typed events of every faculty over a year, a monthly club with a
    skipped date, full events with waiting lists; English events point to the English faculty and type."""

    def test_demo_calendar(self):
        from io import StringIO

        from django.core.management import call_command
        from django.db.models import Count, Q

        from events.models import EventOccurrence
        from home.models import Faculty

        def load():
            call_command("load_demo_data", faculties=2, no_index=True, admin_password="x", stdout=StringIO())

        load()
        self.assertEqual(EventType.objects.filter(locale__language_code="ro").count(), 7)
        self.assertEqual(EventType.objects.filter(locale__language_code="en").count(), 7)
        self.assertTrue(EventType.objects.filter(name="Seară de networking").exists())
        events = EventPage.objects.live()
        self.assertFalse(events.filter(event_type__isnull=True).exists())
        faculty_events = events.exclude(url_path__contains="/calendar/")
        self.assertFalse(faculty_events.filter(faculty__isnull=True).exists())
        for language in ("ro", "en"):
            with self.subTest(language=language):
                localized = events.filter(locale__language_code=language)
                self.assertFalse(
                    localized.exclude(faculty=None).exclude(faculty__locale__language_code=language).exists()
                )
                self.assertFalse(localized.exclude(event_type__locale__language_code=language).exists())
                today = timezone.localdate()
                self.assertTrue(localized.filter(start__date__lt=today - datetime.timedelta(days=150)).exists())
                self.assertTrue(localized.filter(start__date__gt=today + datetime.timedelta(days=150)).exists())
        club = events.get(recurrence=EventPage.Recurrence.MONTHLY, locale__language_code="ro")
        self.assertEqual(club.faculty.short_name, "FMI")
        self.assertEqual(club.recurrence_exceptions.count(), 1)
        skipped = club.recurrence_exceptions.get().date
        occurrences = EventOccurrence.objects.filter(event=club)
        self.assertGreaterEqual(occurrences.count(), 10)
        # A club meets every month: never on a 29th-31st, which RFC 5545 would skip in shorter months.
        self.assertLessEqual(timezone.localtime(club.start).day, 28)
        months = {(o.start.year, o.start.month) for o in occurrences}
        self.assertEqual(len(months), occurrences.count())
        self.assertNotIn(skipped, [timezone.localtime(o.start).date() for o in occurrences])
        counted = events.filter(capacity__isnull=False).annotate(
            confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            waiting=Count("registrations", filter=Q(registrations__status="waiting")),
        )
        full = [e for e in counted if e.confirmed == e.capacity]
        self.assertGreater(len(full), 2)
        self.assertTrue(any(e.waiting for e in full))
        self.assertTrue(any(e.confirmed < e.capacity for e in counted))
        registration = Registration.objects.first()
        self.assertEqual(registration.consent_text, "Sunt de acord cu prelucrarea datelor pentru acest eveniment.")
        self.assertTrue(registration.email.endswith("@example.ro"))
        self.assertEqual(Faculty.objects.count(), 4)

        counts = (Registration.objects.count(), EventOccurrence.objects.count(), EventType.objects.count())
        load()
        self.assertEqual(
            (Registration.objects.count(), EventOccurrence.objects.count(), EventType.objects.count()), counts
        )

        calendar = EventIndexPage.objects.get(slug="calendar", locale__language_code="ro")
        response = self.client.get(calendar.url)
        self.assertEqual({o.faculty_short_name for o in response.context["events"]}, {"FMI", "FIZ", None})
        response = self.client.get(calendar.month_url(), {"month": timezone.localdate().strftime("%Y-%m")})
        self.assertEqual(response.status_code, 200)
        calendar_en = calendar.get_translation(Locale.objects.get(language_code="en"))
        response = self.client.get(calendar_en.url, {"faculty": "FMI", "when": "all"})
        self.assertTrue(response.context["events"].paginator.count > 10)


class EventTypeAdminTests(TestCase):
    """Event types are a translatable snippet with their own admin menu item."""

    def setUp(self):
        from django.contrib.auth import get_user_model

        self.client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.ro", "x"))
        ro = Locale.objects.get(language_code="ro")
        self.workshop = EventType.objects.create(name="Atelier", locale=ro)
        translate_type(self.workshop, "Workshop")

    def test_listing_search_create_and_translate(self):
        from django.urls import reverse

        index = reverse("wagtailsnippets_events_eventtype:list")
        response = self.client.get(index)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Atelier")
        self.assertContains(self.client.get(index, {"q": "atel"}), "Atelier")
        add = reverse("wagtailsnippets_events_eventtype:add")
        response = self.client.post(add, {"name": "Seminar", "locale": "ro"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(EventType.objects.filter(name="Seminar", locale__language_code="ro").exists())
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), index)
