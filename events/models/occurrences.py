"""Event occurrences: one row per dated occurrence of an event, so that calendars, listings and the API filter
and sort by date in SQL; a monthly meeting has a row for each of its dates."""

import datetime
from collections.abc import Iterable

from django.db import models
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.dates import next_month, start_of_day, within_calendar
from events.models.registrations import Registration


class EventOccurrenceQuerySet(models.QuerySet):
    def next_change(self, now=None):
        """The next moment an occurrence starts or ends: listings of upcoming events change by themselves then."""
        now = now or timezone.now()
        moments = self.aggregate(
            start=models.Min("start", filter=models.Q(start__gt=now)),
            end=models.Min("end", filter=models.Q(end__gt=now)),
        )
        return min((moment for moment in moments.values() if moment is not None), default=None)

    def of_events(self, events) -> "EventOccurrenceQuerySet":
        """Occurrences of `events` (a page queryset), soonest first, with their event."""
        return self.filter(event__in=events).select_related("event").order_by("start", "pk")

    def upcoming(self, now: datetime.datetime | None = None) -> "EventOccurrenceQuerySet":
        """Not yet over: an occurrence that has begun but not ended is still upcoming."""
        return self.filter(end__gte=now or timezone.now())

    def past(self, now: datetime.datetime | None = None) -> "EventOccurrenceQuerySet":
        """Over, the most recent first."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def running_from(self, day: datetime.date) -> "EventOccurrenceQuerySet":
        """Still running on `day` or later: a three-day event that began the day before counts."""
        return self.filter(end__gte=start_of_day(within_calendar(day)))

    def starting_until(self, day: datetime.date) -> "EventOccurrenceQuerySet":
        """Starting on `day` (local time) or earlier."""
        return self.filter(start__lt=start_of_day(within_calendar(day) + datetime.timedelta(days=1)))

    def in_month(self, month: datetime.date) -> "EventOccurrenceQuerySet":
        """Starting in the month of `month` (local time)."""
        month = within_calendar(month).replace(day=1)
        return self.filter(start__gte=start_of_day(month), start__lt=start_of_day(next_month(month)))

    def of_faculties(self, translation_keys: Iterable) -> "EventOccurrenceQuerySet":
        """Events organised by these faculties, whichever language's row the event points to."""
        return self.filter(event__faculty__translation_key__in=translation_keys)

    def of_types(self, translation_keys: Iterable) -> "EventOccurrenceQuerySet":
        """Events of these types, whichever language's row the event points to."""
        return self.filter(event__event_type__translation_key__in=translation_keys)

    def with_confirmed_count(self) -> "EventOccurrenceQuerySet":
        """`confirmed_count`: the confirmed registrations of each occurrence's event, a subquery to filter on."""
        confirmed = Registration.objects.confirmed_count_of(OuterRef("event_id"))
        return self.alias(confirmed_count=Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0)))

    def with_free_places(self, free: bool = True) -> "EventOccurrenceQuerySet":
        """Events with unlimited or free places (`free=False`: the full ones), by confirmed registrations."""
        has_room = Q(event__capacity__isnull=True) | Q(event__capacity__gt=F("confirmed_count"))
        return self.with_confirmed_count().filter(has_room if free else ~has_room)


class EventOccurrence(models.Model):
    """One dated occurrence of an event: calendars and listings query these by date, in SQL."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField(db_index=True)

    objects = EventOccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["event", "start"])]

    def __str__(self) -> str:
        return f"{self.event.title} @ {self.start:%Y-%m-%d %H:%M}"
