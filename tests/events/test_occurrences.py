"""Recurring events are expanded into stored occurrences, in local time across daylight-saving changes, the
way RFC 5545 (and dateutil's rrule, which EventPage.occurrence_starts uses) reads a rule."""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.test import TestCase

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventOccurrence, EventPage, EventRecurrenceException
from home.factories import site_home
from tests.clock import frozen

BUCHAREST = ZoneInfo("Europe/Bucharest")


def local_starts(event) -> list[datetime.datetime]:
    return [o.start.astimezone(BUCHAREST) for o in event.occurrences.order_by("start")]


def utc_times(event) -> list[str]:
    return [f"{o.start.astimezone(datetime.UTC):%m-%d %H:%M}" for o in event.occurrences.order_by("start")]


@frozen("2027-01-10T12:00:00+02:00")
class OccurrenceTests(TestCase):
    def setUp(self):
        self.calendar = EventIndexPageFactory(parent=site_home())

    def test_single_event_has_one_occurrence(self):
        event = EventPageFactory(parent=self.calendar)
        occurrence = EventOccurrence.objects.get(event=event)
        self.assertEqual((occurrence.start, occurrence.end), (event.start, event.end))

    def test_weekly_event_keeps_its_local_time_across_the_spring_dst_change(self):
        start = datetime.datetime(2026, 3, 19, 18, 0, tzinfo=BUCHAREST)
        event = EventPageFactory(
            parent=self.calendar,
            start=start,
            end=start + datetime.timedelta(hours=2),
            recurrence=EventPage.Recurrence.WEEKLY,
            recurrence_until=datetime.date(2026, 4, 9),
        )
        starts = [o.start.astimezone(BUCHAREST) for o in event.occurrences.all()]
        self.assertEqual([s.day for s in starts], [19, 26, 2, 9])
        self.assertTrue(all(s.hour == 18 for s in starts))
        utc_hours = [o.start.astimezone(datetime.UTC).hour for o in event.occurrences.all()]
        self.assertEqual(utc_hours, [16, 16, 15, 15])  # 29 March 2026: EET (UTC+2) becomes EEST (UTC+3)

    def test_monthly_event_across_the_autumn_dst_change_with_a_skipped_date(self):
        start = datetime.datetime(2026, 9, 20, 17, 0, tzinfo=BUCHAREST)
        event = EventPageFactory(
            parent=self.calendar,
            start=start,
            end=start + datetime.timedelta(hours=1),
            recurrence=EventPage.Recurrence.MONTHLY,
            recurrence_until=datetime.date(2026, 12, 31),
        )
        event.recurrence_exceptions.add(EventRecurrenceException(date=datetime.date(2026, 11, 20)))
        event.save()
        starts = [o.start.astimezone(BUCHAREST) for o in EventOccurrence.objects.filter(event=event)]
        self.assertEqual([(s.month, s.day, s.hour) for s in starts], [(9, 20, 17), (10, 20, 17), (12, 20, 17)])

    def test_draft_changes_do_not_move_published_occurrences(self):
        event = EventPageFactory(parent=self.calendar)
        published_start = event.start
        event.start = published_start + datetime.timedelta(days=7)
        event.end = event.start + datetime.timedelta(hours=2)
        event.save_revision()
        self.assertEqual(EventOccurrence.objects.get(event=event).start, published_start)

    def test_recurrence_needs_an_end_date_after_the_start(self):
        event = EventPageFactory.build(
            start=datetime.datetime(2026, 5, 1, 10, tzinfo=BUCHAREST),
            recurrence=EventPage.Recurrence.WEEKLY,
            recurrence_until=None,
        )
        with self.assertRaises(ValidationError) as raised:
            event.clean()
        self.assertIn("recurrence_until", raised.exception.message_dict)
        event.recurrence_until = datetime.date(2026, 4, 1)
        with self.assertRaises(ValidationError):
            event.clean()

    def series(self, recurrence, first: datetime.datetime, until: datetime.date) -> EventPage:
        return EventPageFactory(
            parent=self.calendar,
            start=first,
            end=first + datetime.timedelta(hours=2),
            recurrence=recurrence,
            recurrence_until=until,
        )

    def test_a_monthly_event_on_the_31st_skips_the_months_without_a_31st(self):
        """RFC 5545: a monthly rule on a day a month lacks has no date that month; it does not move to the 30th."""
        event = self.series(
            EventPage.Recurrence.MONTHLY,
            datetime.datetime(2027, 1, 31, 18, tzinfo=BUCHAREST),
            datetime.date(2027, 7, 31),
        )
        starts = local_starts(event)
        self.assertEqual(
            [s.date() for s in starts],
            [
                datetime.date(2027, 1, 31),
                datetime.date(2027, 3, 31),
                datetime.date(2027, 5, 31),
                datetime.date(2027, 7, 31),
            ],
        )  # February, April and June are skipped
        self.assertEqual({(s.hour, s.minute) for s in starts}, {(18, 0)})
        self.assertEqual(utc_times(event), ["01-31 16:00", "03-31 15:00", "05-31 15:00", "07-31 15:00"])

    def test_a_monthly_event_on_the_29th_meets_february_only_in_a_leap_year(self):
        event = self.series(
            EventPage.Recurrence.MONTHLY,
            datetime.datetime(2027, 1, 29, 18, tzinfo=BUCHAREST),
            datetime.date(2028, 3, 31),
        )
        dates = [s.date() for s in local_starts(event)]
        self.assertNotIn(2, [d.month for d in dates if d.year == 2027])  # 2027: no 29 February
        self.assertIn(datetime.date(2028, 2, 29), dates)
        self.assertEqual(len(dates), 14)  # January 2027 to March 2028 is fifteen months, less February 2027
        self.assertEqual({d.day for d in dates}, {29})

    def test_a_monthly_event_on_the_30th_never_meets_february(self):
        event = self.series(
            EventPage.Recurrence.MONTHLY,
            datetime.datetime(2028, 1, 30, 9, tzinfo=BUCHAREST),
            datetime.date(2028, 4, 30),
        )
        self.assertEqual(
            [s.date() for s in local_starts(event)],
            [datetime.date(2028, 1, 30), datetime.date(2028, 3, 30), datetime.date(2028, 4, 30)],
        )

    def test_a_weekly_event_keeps_18_00_across_both_clock_changes_of_2027(self):
        spring = self.series(
            EventPage.Recurrence.WEEKLY, datetime.datetime(2027, 3, 18, 18, tzinfo=BUCHAREST), datetime.date(2027, 4, 8)
        )
        self.assertEqual(
            [(s.month, s.day, s.hour) for s in local_starts(spring)], [(3, 18, 18), (3, 25, 18), (4, 1, 18), (4, 8, 18)]
        )
        self.assertEqual(utc_times(spring), ["03-18 16:00", "03-25 16:00", "04-01 15:00", "04-08 15:00"])  # 28 March
        autumn = self.series(
            EventPage.Recurrence.WEEKLY,
            datetime.datetime(2027, 10, 21, 18, tzinfo=BUCHAREST),
            datetime.date(2027, 11, 11),
        )
        self.assertEqual(
            [(s.month, s.day, s.hour) for s in local_starts(autumn)],
            [(10, 21, 18), (10, 28, 18), (11, 4, 18), (11, 11, 18)],
        )
        self.assertEqual(utc_times(autumn), ["10-21 15:00", "10-28 15:00", "11-04 16:00", "11-11 16:00"])  # 31 October

    def test_a_weekly_event_at_03_30_on_the_nights_the_clocks_change(self):
        """RFC 5545 §3.3.5: a local time the spring change skips is read with the offset before the gap (03:30 EET
        is 04:30 EEST); one the autumn change repeats is its first occurrence (03:30 EEST)."""
        spring = self.series(
            EventPage.Recurrence.WEEKLY,
            datetime.datetime(2027, 3, 21, 3, 30, tzinfo=BUCHAREST),
            datetime.date(2027, 4, 4),
        )
        self.assertEqual(utc_times(spring), ["03-21 01:30", "03-28 01:30", "04-04 00:30"])
        self.assertEqual([f"{s:%H:%M}" for s in local_starts(spring)], ["03:30", "04:30", "03:30"])
        autumn = self.series(
            EventPage.Recurrence.WEEKLY,
            datetime.datetime(2027, 10, 24, 3, 30, tzinfo=BUCHAREST),
            datetime.date(2027, 11, 7),
        )
        self.assertEqual(utc_times(autumn), ["10-24 00:30", "10-31 00:30", "11-07 01:30"])
        self.assertEqual([f"{s:%H:%M}" for s in local_starts(autumn)], ["03:30", "03:30", "03:30"])
