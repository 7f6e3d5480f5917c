"""The events endpoint of the API v3: upcoming occurrences of live, public events, for anonymous readers.

    GET /api/v3/events/?faculty=FMI&type=3&from=2026-12-01&to=2026-12-31&has_free_places=true&locale=en

Filter errors (an impossible date, a limit above the maximum) answer 422 with problem+json, like the rest of
the API.
"""

import datetime
import re

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import field_validator
from wagtail.api.querysets import get_public_pages_queryset

from events.listing import describe
from events.models import EventOccurrence, EventPage, EventType
from home.api import PUBLIC_AUTH, LanguageCode, LoadingPagination, locale_field, locale_id_for
from home.models import Faculty

router = Router(tags=["events"])


class EventPagination(LoadingPagination):
    """The page's occurrences get their names and places left once sliced."""

    max_limit = getattr(settings, "WAGTAILAPI_LIMIT_MAX", None) or 50

    def load_items(self, queryset, start, size, request) -> list:
        occurrences = super().load_items(queryset, start, size, request)
        describe(occurrences, getattr(request, "events_locale_id", None))
        return occurrences


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class OccurrenceFilters(Schema):
    faculty: str | None = Field(None, max_length=20, description="A faculty's short name, for example FMI.")
    type: int | None = Field(None, ge=1, description="An event type's id, in any language.")
    date_from: datetime.date | None = Field(
        None, alias="from", description="Occurrences still running on or after this date (YYYY-MM-DD)."
    )
    date_to: datetime.date | None = Field(
        None,
        alias="to",
        description="Occurrences starting on or before this date (YYYY-MM-DD); before 'from', it matches nothing.",
    )
    has_free_places: bool | None = Field(
        None, description="true: only events with unlimited or free places; false: only full events."
    )
    locale: LanguageCode = locale_field("The language of the events and of the names in the answer.")

    @field_validator("date_from", "date_to", mode="before")
    @classmethod
    def check_date_text(cls, value):
        # Pydantic would read "0" or "1700000000" as a Unix time; the document promises YYYY-MM-DD only.
        if value is not None and not (isinstance(value, str) and ISO_DATE.fullmatch(value)):
            raise ValueError("Expected a date as YYYY-MM-DD.")
        return value


class EventFacultyOut(Schema):
    short_name: str
    name: str


class EventTypeOut(Schema):
    id: int
    name: str


class OccurrenceOut(Schema):
    id: int = Field(description="The occurrence's id: a recurring event has one per date.")
    event_id: int = Field(description="The event page's id (see /api/v3/pages/{id}/).")
    title: str
    url: str | None = Field(description="The event page's public address.")
    start: datetime.datetime = Field(description="In Europe/Bucharest time, with its UTC offset.")
    end: datetime.datetime
    faculty: EventFacultyOut | None = Field(description="The organising faculty; null for the central alumni office.")
    type: EventTypeOut | None
    venue: str
    capacity: int | None = Field(description="Places; null when unlimited.")
    places_left: int | None = Field(description="Places not yet taken by confirmed registrations; null when unlimited.")

    @staticmethod
    def resolve_title(occurrence) -> str:
        return occurrence.event.title

    @staticmethod
    def resolve_url(occurrence, context) -> str | None:
        return occurrence.event.get_full_url(context["request"])

    @staticmethod
    def resolve_start(occurrence) -> datetime.datetime:
        return timezone.localtime(occurrence.start)

    @staticmethod
    def resolve_end(occurrence) -> datetime.datetime:
        return timezone.localtime(occurrence.end)

    @staticmethod
    def resolve_faculty(occurrence) -> dict | None:
        if occurrence.faculty_short_name is None:
            return None
        return {"short_name": occurrence.faculty_short_name, "name": occurrence.faculty_name}

    @staticmethod
    def resolve_type(occurrence) -> dict | None:
        if occurrence.type_id is None:
            return None
        return {"id": occurrence.type_id, "name": occurrence.type_name}

    @staticmethod
    def resolve_venue(occurrence) -> str:
        return occurrence.event.venue

    @staticmethod
    def resolve_capacity(occurrence) -> int | None:
        return occurrence.event.capacity


@router.get(
    "/",
    response=list[OccurrenceOut],
    url_name="list_event_occurrences",
    summary="List upcoming event occurrences",
    operation_id="events_list",
    auth=PUBLIC_AUTH,
)
@paginate(EventPagination)
def list_occurrences(request: HttpRequest, filters: Query[OccurrenceFilters]):
    """Upcoming (not yet ended) occurrences of live, public events in one language, soonest first: a monthly
    meeting appears once per date."""
    request.events_locale_id = locale = locale_id_for(filters.locale)
    if locale is None:
        return EventOccurrence.objects.none()
    # Public even for token holders: this is the public calendar.
    events = get_public_pages_queryset(request, EventPage).public().filter(locale_id=locale)
    occurrences = EventOccurrence.objects.of_events(events).upcoming()
    occurrences = occurrences.select_related("event__faculty", "event__event_type")
    if filters.faculty:
        occurrences = occurrences.of_faculties(
            Faculty.objects.filter(short_name__iexact=filters.faculty).values("translation_key")
        )
    if filters.type:
        occurrences = occurrences.of_types(EventType.objects.filter(pk=filters.type).values("translation_key"))
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        return occurrences.none()  # an empty interval (the document allows any two dates)
    if filters.date_from:
        occurrences = occurrences.running_from(filters.date_from)
    if filters.date_to:
        occurrences = occurrences.starting_until(filters.date_to)
    if filters.has_free_places is not None:
        occurrences = occurrences.with_free_places(filters.has_free_places)
    return occurrences
