"""Events' demo data: the event types, each faculty's calendar ("evenimente") and the central one ("calendar"), a
year of events around today with the gala and a monthly club, and registrations where places are limited.

Faculty editors get no events permissions here: they edit their events through the page permissions on their
section, and the registrations admin lists every faculty's registrations, which is the central office's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.text import slugify

from events import demo_content as content
from events.demo_content import DemoEvent
from events.factories import EventIndexPageFactory, EventPageFactory, EventTypeFactory, RegistrationFactory
from events.models import EventPage, EventRecurrenceException, EventType, Registration
from home.demo_content import ARTICLE_BODY_EN, ARTICLE_BODY_RO, FACULTIES_BY_SHORT_NAME, paragraphs
from home.factories import translate_snippet
from home.models import ArticleIndexPage

if TYPE_CHECKING:
    from home.extensions import DemoContext
    from home.models import Faculty, FacultyPage

CALENDAR_ORDER = 20  # in the main navigation: after the news, before the directory


def load(context: DemoContext) -> None:
    calendar = Calendar(context, build_event_types(context))
    for position, faculty_page in enumerate(context.faculty_pages):
        calendar.build_faculty_events(faculty_page, position)
    context.add_navigation(calendar.build_central_events(), order=CALENDAR_ORDER)


def build_event_types(context: DemoContext) -> dict[str, tuple[EventType, EventType]]:
    """Romanian event types with their English translations: {key: (Romanian, English)}."""
    types = {}
    for key, name_ro, name_en in content.EVENT_TYPES:
        event_type = EventType.objects.filter(name=name_ro, locale=context.romanian).first()
        if event_type is None:
            event_type = EventTypeFactory(name=name_ro, locale=context.romanian)
        types[key] = (event_type, translate_snippet(event_type, context.english, name=name_en))
    return types


@dataclass
class Calendar:
    context: DemoContext
    types: dict[str, tuple[EventType, EventType]]

    def build_faculty_events(self, faculty_page: FacultyPage, position: int) -> None:
        """The faculty's event index, right after its news, with a year of events (and the club in a few)."""
        context = self.context
        index = context.child(
            faculty_page,
            EventIndexPageFactory,
            "evenimente",
            after=ArticleIndexPage.objects.child_of(faculty_page).first(),
            title="Evenimente",
            show_in_menus=True,
            introduction="Întâlniri tematice, seri de networking și activități cu studenții.",
        )
        context.translate(
            index,
            title="Events",
            slug="events",
            introduction="Themed meetings, networking evenings and activities with students.",
        )
        # Each faculty a few days apart, so the aggregated calendar does not stack fourteen events on one day.
        shift = position * 3 % 11 - 5
        faculty = faculty_page.faculty
        for number, demo in enumerate(content.EVENTS):
            self.build_event(
                index,
                demo,
                days=demo.days + shift,
                pattern=position + number,
                faculty=faculty,
                venue_suffix=f", {faculty.short_name}",
            )
        if faculty.short_name in content.CLUB_FACULTIES:
            club = content.CLUB
            self.build_event(index, club, days=club.days + shift, pattern=position, faculty=faculty, monthly=True)

    def build_central_events(self) -> EventPage:
        """The central office's calendar (which also lists every faculty's events), the gala and its own events."""
        context = self.context
        calendar = context.child(
            context.home,
            EventIndexPageFactory,
            "calendar",
            after=ArticleIndexPage.objects.child_of(context.home).first(),
            title="Calendar",
            show_in_menus=True,
            introduction="Evenimentele Biroului Alumni.",
        )
        context.translate(calendar, title="Calendar", slug="calendar", introduction="Events of the Alumni Office.")
        self.build_event(calendar, content.GALA, days=content.GALA.days, registrations=content.GALA_REGISTRATIONS)
        for number, demo in enumerate(content.CENTRAL_EVENTS):
            self.build_event(calendar, demo, days=demo.days, pattern=number)
        return calendar

    def build_event(
        self,
        parent: EventPage,
        demo: DemoEvent,
        *,
        days: int,
        pattern: int = 0,
        faculty: Faculty | None = None,
        venue_suffix: str = "",
        monthly: bool = False,
        registrations: dict[str, tuple[float, int]] | None = None,
    ) -> EventPage:
        """An event and its English translation (pointing to the English faculty and type), with registrations
        when places are limited (`registrations` by language, else the pattern's); a monthly event repeats for
        CLUB_MONTHS months with one date skipped."""
        context = self.context
        fields_text = FACULTIES_BY_SHORT_NAME[faculty.short_name].title_fields if faculty else {}
        event_type, event_type_en = self.types[demo.type]
        title = demo.title_ro.format(**fields_text)
        day = context.today + timedelta(days=days)
        if monthly and day.day > 28:
            # A club meets every month: on the 29th-31st it would skip the months without that day (RFC 5545).
            day -= timedelta(days=day.day - 28)
        start = timezone.make_aware(datetime.combine(day, time(demo.hour)))
        fields = {"event_type": event_type, "faculty": faculty, "capacity": demo.capacity}
        organiser = f"responsabilul alumni {faculty.short_name}" if faculty else "Biroul Alumni"
        event = context.child(
            parent,
            EventPageFactory,
            slugify(title)[:80],
            title=title,
            start=start,
            end=start + timedelta(hours=demo.duration),
            venue=f"{demo.venue}{venue_suffix}",
            introduction=demo.introduction_ro or f"Eveniment organizat de {organiser}.",
            body=paragraphs(ARTICLE_BODY_RO[:1]) if demo.with_body else [],
            **(self.monthly_fields(start) if monthly else {}),
            **fields,
        )
        update_event(event, **fields)
        organiser_en = f"the {faculty.short_name} alumni coordinator" if faculty else "the Alumni Office"
        english_fields = {
            "event_type": event_type_en,
            "faculty": faculty.get_translation(context.english) if faculty else None,
        }
        title_en = demo.title_en.format(**fields_text)
        event_en = context.translate(
            event,
            title=title_en,
            slug=slugify(title_en)[:80],
            introduction=demo.introduction_en or f"An event organised by {organiser_en}.",
            body=paragraphs(ARTICLE_BODY_EN[:1]) if demo.with_body else [],
            **english_fields,
        )
        update_event(event_en, **english_fields, capacity=demo.capacity)
        if demo.capacity:
            share = content.REGISTRATION_PATTERNS[pattern % len(content.REGISTRATION_PATTERNS)]
            registrations = registrations or {"ro": share, "en": share}
            register_people(event, *registrations["ro"], "ro")
            register_people(event_en, *registrations["en"], "en")
        return event

    def monthly_fields(self, start: datetime) -> dict:
        """Monthly for CLUB_MONTHS months, skipping the first date at least six weeks away (the club's break)."""
        until = (start + timedelta(days=31 * (content.CLUB_MONTHS - 1))).date()
        series = EventPage(start=start, recurrence=EventPage.Recurrence.MONTHLY, recurrence_until=until)
        later = [day for day in series.occurrence_starts() if day.date() >= self.context.today + timedelta(days=42)]
        skipped = [EventRecurrenceException(date=timezone.localtime(later[0]).date())] if later else []
        return {"recurrence": EventPage.Recurrence.MONTHLY, "recurrence_until": until, "recurrence_exceptions": skipped}


def update_event(event: EventPage, **fields) -> None:
    """Bring an event made by an older version of the demo up to date (type, faculty, places)."""
    changed = {name: value for name, value in fields.items() if getattr(event, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(event, name, value)
        event.save_revision().publish()


def register_people(event: EventPage, share: float, waiting: int, language: str) -> None:
    """Confirmed registrations for `share` of the places and `waiting` more on the waiting list, once."""
    if not event.capacity or Registration.objects.filter(event=event).exists():
        return
    confirmed = min(event.capacity, round(event.capacity * share))
    Registration.objects.bulk_create(
        RegistrationFactory.build(
            event=event,
            number=number + 1,
            language=language,
            status=Registration.Status.CONFIRMED if number < confirmed else Registration.Status.WAITING,
        )
        for number in range(confirmed + waiting)
    )
