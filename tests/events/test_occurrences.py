"""Recurring events are expanded into stored occurrences, in local time across daylight-saving changes."""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.test import TestCase

from events.models import EventOccurrence, EventPage, EventRecurrenceException
from tests.factories import EventIndexPageFactory, EventPageFactory, site_home

BUCHAREST = ZoneInfo("Europe/Bucharest")


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
