"""Events: types, event pages with recurrence expanded into stored occurrences, the event index, and
registrations (one table for events, the gala and protocol activities).

`types` (EventType), `pages` (EventIndexPage, EventPage, EventRecurrenceException), `occurrences`
(EventOccurrence) and `registrations` (Registration), each with its QuerySet: import them from here.
"""

from events.models.occurrences import EventOccurrence, EventOccurrenceQuerySet
from events.models.pages import (
    MAX_OCCURRENCES,
    EventIndexPage,
    EventPage,
    EventPageQuerySet,
    EventRecurrenceException,
)
from events.models.registrations import Registration, RegistrationQuerySet
from events.models.types import EventType

__all__ = [
    "MAX_OCCURRENCES",
    "EventIndexPage",
    "EventOccurrence",
    "EventOccurrenceQuerySet",
    "EventPage",
    "EventPageQuerySet",
    "EventRecurrenceException",
    "EventType",
    "Registration",
    "RegistrationQuerySet",
]
