"""The events endpoint of the API v3: upcoming occurrences of live, public events, for anonymous readers.

    GET /api/v3/events/?faculty=FMI&type=3&from=2026-12-01&to=2026-12-31&has_free_places=true&locale=en

Filter errors (an impossible date, a limit above the maximum) answer 422 with problem+json, like the rest of
the API.
"""

import datetime
from typing import Literal

from django.conf import settings
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import model_validator
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.models import Locale

from events.filters import start_of_day
from events.models import EventOccurrence, EventPage, EventType
from events.views import describe, occurrence_queryset, with_confirmed_count
from home.models import Faculty

router = Router(tags=["events"])

LanguageCode = Literal[tuple(code for code, _name in settings.LANGUAGES)]  # ty: ignore[invalid-type-form]
MAX_LIMIT = getattr(settings, "WAGTAILAPI_LIMIT_MAX", None) or 50


class EventPagination(WagtailLimitOffsetPagination):
    """Wagtail's limit/offset envelope ({"count", "items"}), with the maximum in the schema: a larger limit is a
    validation error (422). The page's occurrences get their names and places left once sliced."""

    class Input(WagtailLimitOffsetPagination.Input):
        limit: int = Field(default=20, ge=1, le=MAX_LIMIT, description=f"Items per page, at most {MAX_LIMIT}.")

    def paginate_queryset(self, queryset, pagination, request, **params):
        result = super().paginate_queryset(queryset, pagination, request, **params)
        result["items"] = list(result["items"])
        describe(result["items"], getattr(request, "events_locale_id", None))
        return result


class OccurrenceFilters(Schema):
    faculty: str | None = Field(None, max_length=20, description="A faculty's short name, for example FMI.")
    type: int | None = Field(None, ge=1, description="An event type's id, in any language.")
    date_from: datetime.date | None = Field(
        None, alias="from", description="Occurrences still running on or after this date (YYYY-MM-DD)."
    )
    date_to: datetime.date | None = Field(
        None, alias="to", description="Occurrences starting on or before this date (YYYY-MM-DD)."
    )
    has_free_places: bool | None = Field(
        None, description="true: only events with unlimited or free places; false: only full events."
    )
    locale: LanguageCode = Field(  # ty: ignore[invalid-type-form]
        settings.LANGUAGE_CODE, description="The language of the events and of the names in the answer."
    )

    @model_validator(mode="after")
    def check_range(self):
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValueError("'to' cannot be before 'from'.")
        return self


class FacultyOut(Schema):
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
    faculty: FacultyOut | None = Field(description="The organising faculty; null for the central alumni office.")
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
    auth=[BearerTokenAuth(), AllowAnonymous()],
)
@paginate(EventPagination)
def list_occurrences(request: HttpRequest, filters: Query[OccurrenceFilters]):
    """Upcoming (not yet ended) occurrences of live, public events in one language, soonest first: a monthly
    meeting appears once per date."""
    locale = Locale.objects.filter(language_code=filters.locale).first()
    if locale is None:
        return EventOccurrence.objects.none()
    request.events_locale_id = locale.pk
    # Public even for token holders: this is the public calendar.
    events = get_public_pages_queryset(request, EventPage).public().filter(locale=locale)
    occurrences = occurrence_queryset(events).filter(end__gte=timezone.now())
    occurrences = occurrences.select_related("event__faculty", "event__event_type")
    if filters.faculty:
        keys = Faculty.objects.filter(short_name__iexact=filters.faculty).values("translation_key")
        occurrences = occurrences.filter(event__faculty__translation_key__in=keys)
    if filters.type:
        keys = EventType.objects.filter(pk=filters.type).values("translation_key")
        occurrences = occurrences.filter(event__event_type__translation_key__in=keys)
    if filters.date_from:
        occurrences = occurrences.filter(end__gte=start_of_day(filters.date_from))
    if filters.date_to:
        occurrences = occurrences.filter(start__lt=start_of_day(filters.date_to + datetime.timedelta(days=1)))
    if filters.has_free_places is not None:
        free = Q(event__capacity__isnull=True) | Q(event__capacity__gt=F("confirmed_count"))
        occurrences = with_confirmed_count(occurrences).filter(free if filters.has_free_places else ~free)
    return occurrences
