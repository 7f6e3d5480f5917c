"""Subscribable iCalendar feeds: every event (`/calendar.ics`) or one faculty's (`/calendar/<short name>.ics`).

A feed lists the live, public events of the active language (the URL prefix: `/` Romanian, `/en/` English)
that ended less than a year ago or are still to come (EventPageQuerySet.in_feed). The number of queries does
not depend on the number of events.
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events.dates import next_local_midnight
from events.ical import ics_for_events
from events.models import EventOccurrence, EventPage, EventType
from home.feeds import FEED_CACHE_SECONDS, feed_scope
from home.page_cache import is_shared_visitor, mark_shared, recording, valid_until

PAST_WINDOW = datetime.timedelta(days=365)


def share_feed(request) -> None:
    """A feed is the same for everyone: stored until an event changes, or until midnight (the year's window)."""
    if is_shared_visitor(request):
        mark_shared(request, EventPage, EventType)
    if recording(request):
        valid_until(request, EventOccurrence.objects.next_change(), next_local_midnight())


@require_safe
def calendar_feed(request):
    share_feed(request)
    scope = feed_scope(request)
    events = EventPage.objects.in_feed(scope, since=timezone.now() - PAST_WINDOW)
    content = ics_for_events(events, name=_("Alumni events"), request=request)
    return calendar_response(content, f"alumni-events-{scope.locale.language_code}.ics")


@require_safe
def faculty_calendar_feed(request, faculty: str):
    share_feed(request)
    scope = feed_scope(request, faculty)
    events = EventPage.objects.in_feed(scope, since=timezone.now() - PAST_WINDOW)
    name = _("%(faculty)s – alumni events") % {"faculty": scope.faculty_title}
    content = ics_for_events(events, name=name, request=request)
    filename = f"alumni-events-{scope.faculty.short_name.lower()}-{scope.locale.language_code}.ics"
    return calendar_response(content, filename)


def calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename)
    patch_cache_control(response, public=True, max_age=FEED_CACHE_SECONDS)
    return response
