"""Subscribable iCalendar feeds: every event (`/calendar.ics`) or one faculty's (`/calendar/<short name>.ics`).

A feed lists the live, public events of the active language (the URL prefix: `/` Romanian, `/en/` English)
that ended less than a year ago or are still to come. A faculty's events are those it organises (the
`faculty` field) and, when that field is empty, those below its faculty section. The number of queries does
not depend on the number of events.
"""

import datetime

from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events.ical import ics_for_events
from events.models import EventPage
from home.feeds import FEED_CACHE_SECONDS, FeedScope, feed_scope

PAST_WINDOW = datetime.timedelta(days=365)


def feed_events(scope: FeedScope, now: datetime.datetime | None = None):
    """The events a feed lists, oldest first, with what the iCalendar needs fetched alongside."""
    cutoff = (now or timezone.now()) - PAST_WINDOW
    recent = (
        Q(start__gte=cutoff)
        | Q(end__gte=cutoff)
        | (~Q(recurrence=EventPage.Recurrence.NONE) & Q(recurrence_until__gte=timezone.localdate(cutoff)))
    )
    events = EventPage.objects.live().public().filter(recent, locale=scope.locale)
    if scope.faculty:
        events = events.filter(
            Q(faculty__translation_key=scope.faculty.translation_key)
            | (Q(faculty__isnull=True) & scope.below_sections())
        )
    return (
        events.defer_streamfields()
        .select_related("locale", "event_type")
        .prefetch_related("recurrence_exceptions")
        .order_by("start", "pk")
    )


def calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename)
    patch_cache_control(response, public=True, max_age=FEED_CACHE_SECONDS)
    return response


@require_safe
def calendar_feed(request):
    scope = feed_scope(request)
    content = ics_for_events(feed_events(scope), name=_("Alumni events"), request=request)
    return calendar_response(content, f"alumni-events-{scope.locale.language_code}.ics")


@require_safe
def faculty_calendar_feed(request, faculty: str):
    scope = feed_scope(request, faculty)
    name = _("%(faculty)s – alumni events") % {"faculty": scope.faculty_title}
    content = ics_for_events(feed_events(scope), name=name, request=request)
    filename = f"alumni-events-{scope.faculty.short_name.lower()}-{scope.locale.language_code}.ics"
    return calendar_response(content, filename)
