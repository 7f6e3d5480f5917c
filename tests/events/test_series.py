"""A recurring series stays an upcoming event until its last date: in the "Upcoming events" section of the home
and faculty pages, on its own page (never "past" before its last date is over, which shows its next date), and
in the upcoming-events query that section reads."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.cache import cache
from django.test import TestCase

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventPage, EventRecurrenceException
from home.factories import FacultyPageFactory, site_home

BUCHAREST = ZoneInfo("Europe/Bucharest")


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BUCHAREST)


def upcoming_section(html: str) -> str:
    start = html.index('aria-labelledby="upcoming-events-heading"')
    return html[start : html.index("</section>", start)]


# The series is built before its first date; each test then moves the clock along it.
@time_machine.travel(local(2027, 2, 20, 12), tick=False)
class RecurringSeriesTests(TestCase):
    """A weekly series on Thursdays, 18:00–20:00, from 4 March to 1 April 2027, without 18 March. Its last date, 1
    April, comes after the spring clock change (28 March): still at 18:00, Bucharest summer time."""

    @classmethod
    def setUpTestData(cls):
        cls.home = site_home()
        cls.faculty_page = FacultyPageFactory(parent=cls.home, title="Matematică", faculty__short_name="FMI")
        calendar = EventIndexPageFactory(parent=cls.faculty_page, slug="evenimente")
        cls.series = EventPageFactory(
            parent=calendar,
            title="Clubul de șah al absolvenților",
            start=local(2027, 3, 4, 18),
            end=local(2027, 3, 4, 20),
            recurrence=EventPage.Recurrence.WEEKLY,
            recurrence_until=datetime.date(2027, 4, 1),
        )
        cls.series.recurrence_exceptions.add(EventRecurrenceException(date=datetime.date(2027, 3, 18)))
        cls.series.save()
        cls.single = EventPageFactory(
            parent=calendar, title="Seara absolvenților", start=local(2027, 3, 5, 18), end=local(2027, 3, 5, 21)
        )

    def listed(self, page) -> str:
        cache.clear()
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        return upcoming_section(response.content.decode())

    def assert_upcoming_everywhere(self, event, next_start: datetime.datetime):
        for page in (self.home, self.faculty_page):
            with self.subTest(page=page.title):
                section = self.listed(page)
                self.assertIn(event.title, section)
                self.assertIn(f'datetime="{next_start.isoformat()}"', section)
        upcoming = {e.pk: e.next_start for e in EventPage.objects.upcoming_below(self.home, 10)}
        self.assertEqual(upcoming[event.pk], next_start)

    def assert_gone_everywhere(self, event):
        for page in (self.home, self.faculty_page):
            with self.subTest(page=page.title):
                self.assertNotIn(event.title, self.listed(page))
        self.assertNotIn(event.pk, [e.pk for e in EventPage.objects.upcoming_below(self.home, 10)])

    def test_stays_upcoming_after_its_first_date_until_its_last(self):
        with time_machine.travel(local(2027, 3, 10, 12), tick=False):  # after the first date, before the second
            self.assert_upcoming_everywhere(self.series, local(2027, 3, 11, 18))
            self.assert_gone_everywhere(self.single)
            self.assertFalse(self.series.is_past)
            self.assertTrue(self.single.is_past)
        with time_machine.travel(local(2027, 3, 17, 12), tick=False):  # the 18th is skipped: the next is the 25th
            self.assert_upcoming_everywhere(self.series, local(2027, 3, 25, 18))

    def test_still_upcoming_during_its_last_date_and_past_once_it_is_over(self):
        with time_machine.travel(local(2027, 4, 1, 19, 59), tick=False):
            self.assert_upcoming_everywhere(self.series, local(2027, 4, 1, 18))
            self.assertEqual(local(2027, 4, 1, 18).isoformat(), "2027-04-01T18:00:00+03:00")
            self.assertFalse(self.series.is_past)
        with time_machine.travel(local(2027, 4, 1, 20, 1), tick=False):
            self.assert_gone_everywhere(self.series)
            self.assertTrue(self.series.is_past)
            self.assertIn("Nu există evenimente viitoare.", self.listed(self.home))

    def test_is_past_ignores_a_skipped_last_date(self):
        """With its last date skipped, a series is over after the date before it."""
        self.series.recurrence_exceptions.add(EventRecurrenceException(date=datetime.date(2027, 4, 1)))
        self.series.save()
        with time_machine.travel(local(2027, 3, 25, 20, 1), tick=False):
            self.assertTrue(self.series.is_past)
            self.assert_gone_everywhere(self.series)

    def test_its_page_shows_the_next_date_and_is_marked_past_only_after_the_last(self):
        with time_machine.travel(local(2027, 3, 10, 12), tick=False):
            response = self.client.get(self.series.url)
            self.assertContains(response, "joi, 11 martie 2027, 18:00")
            self.assertContains(response, 'datetime="2027-03-11T18:00:00+02:00"')
            self.assertContains(response, "Săptămânal, se repetă până la")
            self.assertNotContains(response, "· încheiat")
            self.assertFalse(response.context["is_past"])
        with time_machine.travel(local(2027, 4, 2, 9), tick=False):
            response = self.client.get(self.series.url)
            self.assertContains(response, "· încheiat")
            self.assertContains(response, "joi, 4 martie 2027, 18:00")  # over: its first date, as for one event
