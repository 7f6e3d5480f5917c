"""iCalendar (RFC 5545) for events: one event for a registration e-mail, many for a subscribable feed.

Everything is built with the `icalendar` library. Choices:

- Times are local, `DTSTART;TZID=Europe/Bucharest:…`, and every calendar carries the matching VTIMEZONE, which
  icalendar generates from the zoneinfo database (`Timezone.from_tzid`) for the years the events span. So an
  18:00 event stays at 18:00 across daylight-saving changes in every client.
- UID: `<translation_key>-<language>@<domain>`: stable across requests, edits and slug changes, one per page and
  language (the Romanian and the English page of an event are two entries). The domain is the host of
  WAGTAILADMIN_BASE_URL, so the UID does not depend on the Host header; without it, the request's host.
- An event without an end gets `DTEND = DTSTART + 1 hour` (DEFAULT_DURATION): clients show zero-length events
  badly, and DTEND is understood by every client where DURATION is not.
- A recurring event is ONE VEVENT: `RRULE:FREQ=WEEKLY|MONTHLY;UNTIL=<end of the last day, local time, in UTC>`
  and one `EXDATE;TZID=Europe/Bucharest` per skipped date at the event's local start time. Like the stored
  occurrences (events.models.MAX_OCCURRENCES), the series stops after MAX_OCCURRENCES starts.
- DTSTAMP and LAST-MODIFIED are the page's last publication, so an unchanged event is written identically and
  a republished one is seen as newer.
- LOCATION is the venue, else the online link; DESCRIPTION is the introduction, then the online link (when there
  is also a venue) and the page's address, since several clients do not show URL.
"""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vDuration, vRecur

from events.models import MAX_OCCURRENCES, EventPage

DEFAULT_DURATION = datetime.timedelta(hours=1)
PRODID = "-//Alumni portal//Events//EN"
# How often subscribed clients should fetch a feed again (RFC 7986 REFRESH-INTERVAL, Outlook's X-PUBLISHED-TTL).
REFRESH_INTERVAL = datetime.timedelta(hours=1)


def ics_for_event(event: EventPage, request=None) -> bytes:
    """A calendar with this one event, to attach to an e-mail or offer for download."""
    calendar = _calendar(event.title, [event], request)
    return calendar.to_ical()


def ics_for_events(events: Iterable[EventPage], *, name: str, request=None) -> bytes:
    """A subscribable calendar named `name` with these events (prefetch `recurrence_exceptions` and `locale`)."""
    calendar = _calendar(name, list(events), request)
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    return calendar.to_ical()


def event_uid(event: EventPage, request=None) -> str:
    return f"{event.translation_key}-{event.locale.language_code}@{_uid_domain(request)}"


def _uid_domain(request) -> str:
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    host = urlsplit(base_url).hostname if base_url else None
    if not host and request is not None:
        host = request.get_host().split(":")[0]
    return host or "localhost"


def _calendar(name: str, events: list[EventPage], request) -> Calendar:
    zone = timezone.get_default_timezone()
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.calendar_name = name  # NAME and X-WR-CALNAME
    calendar.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    calendar.add_component(_timezone(events, zone))
    for event in events:
        calendar.add_component(_vevent(event, zone, request))
    return calendar


def _timezone(events: list[EventPage], zone: ZoneInfo) -> Timezone:
    """The VTIMEZONE, with transitions from the first year of these events until a year after the last one."""
    years = [timezone.localtime(event.start, zone).year for event in events]
    years += [event.recurrence_until.year for event in events if event.recurrence and event.recurrence_until]
    if not years:
        years = [timezone.localdate().year]
    return Timezone.from_tzid(
        settings.TIME_ZONE,
        first_date=datetime.date(min(years), 1, 1),
        last_date=datetime.date(max(years) + 2, 1, 1),
    )


def _vevent(event: EventPage, zone: ZoneInfo, request) -> Event:
    start = timezone.localtime(event.start, zone)
    end = timezone.localtime(event.end, zone) if event.end and event.end > event.start else start + DEFAULT_DURATION
    url = event.get_full_url(request)
    published = event.last_published_at or event.latest_revision_created_at or timezone.now()
    location = event.venue or event.online_url
    description = "\n\n".join(
        part for part in (event.introduction, event.online_url if event.venue else "", url or "") if part
    )
    vevent = Event.new(
        uid=event_uid(event, request),
        stamp=published.astimezone(datetime.UTC),
        last_modified=published.astimezone(datetime.UTC),
        start=start,
        end=end,
        summary=event.title,
        description=description or None,
        location=location or None,
        url=url or None,
    )
    if event.event_type_id and event.event_type:
        vevent.add("CATEGORIES", [event.event_type.name])
    if event.recurrence and event.recurrence_until and event.recurrence_until >= start.date():
        _add_recurrence(vevent, event, start, zone)
    return vevent


def _add_recurrence(vevent: Event, event: EventPage, start: datetime.datetime, zone: ZoneInfo) -> None:
    frequency = "WEEKLY" if event.recurrence == EventPage.Recurrence.WEEKLY else "MONTHLY"
    last_day = datetime.datetime.combine(event.recurrence_until, datetime.time(23, 59, 59), tzinfo=zone)
    until = last_day.astimezone(datetime.UTC)
    starts = event.occurrence_starts()  # local-time expansion; uses the prefetched exceptions
    if len(starts) >= MAX_OCCURRENCES:
        until = starts[-1].astimezone(datetime.UTC)
    vevent.add("RRULE", vRecur(freq=frequency, until=until))
    skipped = sorted(
        {
            exception.date
            for exception in event.recurrence_exceptions.all()
            if start.date() <= exception.date <= event.recurrence_until
        }
    )
    if skipped:
        vevent.add("EXDATE", [datetime.datetime.combine(day, start.time(), tzinfo=zone) for day in skipped])
