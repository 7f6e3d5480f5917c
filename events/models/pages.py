"""Event pages, with recurrence expanded into stored occurrences, and the event index (the calendar) they live
under."""

import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from events.dates import next_local_midnight
from events.models.occurrences import EventOccurrence, EventOccurrenceQuerySet
from events.models.types import EventType
from home import honeypot
from home.blocks import BaseStreamBlock
from home.extensions import registration_prefill
from home.fragments import page_fragment
from home.images import prefetch_images
from home.models import BasePage, FacultyPage, image_field
from home.page_cache import recording, valid_until
from home.ratelimit import check_request

if TYPE_CHECKING:
    from home.feeds import FeedScope

# Occurrences of one recurring event are capped: a weekly event for ten years is 520; nothing real needs more.
MAX_OCCURRENCES = 600


class EventIndexPage(RoutablePageMixin, BasePage):
    """A calendar of event occurrences: a paginated list at the page's address, a month grid at `month/`
    (`month/?month=2026-12`), both with the same filters. The old `?view=month` addresses redirect to the grid.

    Under a faculty section it lists the events below that section; under the home page it is the aggregated
    calendar of every faculty and the central office (all live, public events of the page's language).
    """

    page_cache_shows = ("events.EventPage", "events.Registration", "events.EventType")

    parent_page_types = ["home.HomePage", "home.FacultyPage"]
    subpage_types = ["events.EventPage"]
    template = "events/event_index_page.html"
    items_per_page = 20
    # The images a listed occurrence shows, in order of preference.
    listing_images = ("event__listing_image", "event__image")

    class Meta:
        verbose_name = _("event index")

    @property
    def section(self):
        """The page this calendar covers: the home page (aggregated) or a faculty section (one query, once)."""
        if getattr(self, "_section", None) is None:
            self._section = self.get_parent()
        return self._section

    @property
    def is_aggregated(self) -> bool:
        return not issubclass(self.section.specific_class, FacultyPage)

    def occurrences(self) -> EventOccurrenceQuerySet:
        """The occurrences of the live, public events of this calendar's section and language, soonest first."""
        events = EventPage.objects.descendant_of(self.section).live().public().filter(locale_id=self.locale_id)
        return EventOccurrence.objects.of_events(events)

    def month_url(self, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("month")

    @path("", name="list")
    def list_route(self, request):
        if request.GET.get("view") == "month":
            params = request.GET.copy()
            params.pop("view")
            query = params.urlencode()
            return redirect(self.month_url(request) + (f"?{query}" if query else ""), permanent=True)
        from events.calendar import list_context

        return self.render_calendar(request, "list", list_context)

    @path("month/", name="month")
    def month_route(self, request):
        from events.calendar import month_context

        return self.render_calendar(request, "month", month_context)

    def render_calendar(self, request, view: str, build_context):
        """The page with one of its views (`build_context(page, request)` gives what it shows); invalid filter
        values answer 400, with the form's errors. The rendered view is one of the page's fragments
        (home/fragments.py), built only when it is not stored."""
        fragment = page_fragment(request, "calendar", self, vary=[view, request.GET.urlencode()])
        calendar_context = {}
        if fragment is None or fragment.get() is None:
            calendar_context = {**build_context(self, request), "is_aggregated": self.is_aggregated}
            if fragment is not None:
                filterset = calendar_context["filterset"]
                fragment.storable = not (filterset.is_bound and filterset.errors)
                fragment.until = calendar_changes
        response = self.render(
            request, context_overrides={**calendar_context, "page_fragments": {"calendar": fragment}}
        )
        if recording(request):  # what is upcoming changes when an occurrence starts or ends; "today" at midnight
            valid_until(request, calendar_changes())
        filterset = calendar_context.get("filterset")
        if filterset is not None and filterset.is_bound and filterset.errors:
            response.status_code = 400
        return response


def calendar_changes() -> datetime.datetime:
    """When a calendar changes by itself: an occurrence starts or ends (what is upcoming), or midnight (today)."""
    moments = [EventOccurrence.objects.next_change(), next_local_midnight()]
    return min(moment for moment in moments if moment is not None)


class EventPageQuerySet(PageQuerySet):
    def with_next_start(self, now: datetime.datetime | None = None) -> "EventPageQuerySet":
        """`next_start`: the start of each event's next occurrence not yet over (None when all are over)."""
        upcoming = EventOccurrence.objects.filter(event_id=OuterRef("pk")).upcoming(now)
        return self.annotate(next_start=Subquery(upcoming.order_by("start").values("start")[:1]))

    def upcoming_below(self, page, limit: int) -> list["EventPage"]:
        """The next `limit` live, public events below `page`, soonest first by their next date: a recurring series
        stays until its last date. Three queries whatever their number."""
        events = (
            self.descendant_of(page)
            .live()
            .public()
            .with_next_start()
            .filter(next_start__isnull=False)
            .order_by("next_start", "pk")
        )
        return list(prefetch_images(events, "listing_image", "image")[:limit])

    def in_feed(self, scope: "FeedScope", since: datetime.datetime) -> "EventPageQuerySet":
        """The live, public events a calendar feed lists, oldest first: those of the scope's language with a date
        since `since`, and for a faculty's feed those it organises (the `faculty` field) or, when that field is
        empty, those below its faculty sections. What the iCalendar needs is fetched alongside."""
        recent = (
            Q(start__gte=since)
            | Q(end__gte=since)
            | (~Q(recurrence=EventPage.Recurrence.NONE) & Q(recurrence_until__gte=timezone.localdate(since)))
        )
        events = self.live().public().filter(recent, locale=scope.locale)
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


class EventPage(BasePage):
    page_cache_shows = ("events.EventType",)

    class Recurrence(models.TextChoices):
        NONE = "", _("Does not repeat")
        WEEKLY = "weekly", _("Every week")
        MONTHLY = "monthly", _("Every month")

    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    event_type = models.ForeignKey(
        EventType, verbose_name=_("type"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    faculty = models.ForeignKey(
        "home.Faculty",
        verbose_name=_("organising faculty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Leave empty for events of the central alumni office."),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    speakers = models.TextField(_("speakers"), blank=True, help_text=_("One per line."))
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for unlimited places.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    recurrence = models.CharField(_("repeats"), max_length=10, choices=Recurrence.choices, blank=True, default="")
    recurrence_until = models.DateField(_("repeats until"), null=True, blank=True)
    image = image_field(_("image"))
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("recurrence"), FieldPanel("recurrence_until")]),
                InlinePanel("recurrence_exceptions", label=_("Dates skipped")),
                FieldPanel("venue"),
                FieldPanel("online_url"),
            ],
            heading=_("When and where"),
        ),
        FieldRowPanel([FieldPanel("event_type"), FieldPanel("faculty")]),
        FieldPanel("speakers"),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("venue"),
        index.SearchField("body"),
        index.SearchField("speakers"),
        index.FilterField("start"),
        index.FilterField("faculty"),
        index.FilterField("event_type"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("start"),
        APIField("end"),
        APIField("venue"),
        APIField("online_url"),
        APIField("speakers"),
        APIField("capacity"),
        APIField("recurrence"),
        APIField("recurrence_until"),
        APIField("body"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    template = "events/event_page.html"

    objects = PageManager.from_queryset(EventPageQuerySet)()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def card_image(self):
        return self.listing_image or self.image

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("An event cannot end before it starts.")
        if self.recurrence and not self.recurrence_until:
            errors["recurrence_until"] = _("Say until when the event repeats.")
        if self.recurrence and self.recurrence_until and self.start and self.recurrence_until < self.start.date():
            errors["recurrence_until"] = _("The last date must come after the first.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes < opens:
            errors["registration_closes_at"] = _("Registration cannot close before it opens.")
        if errors:
            raise ValidationError(errors)

    # Dates ----------------------------------------------------------------------------------------------

    @property
    def duration(self) -> datetime.timedelta:
        return (self.end - self.start) if self.end else datetime.timedelta(0)

    def occurrence_starts(self) -> list[datetime.datetime]:
        """Every start of this event, recurrence expanded in local time so that 18:00 stays 18:00 across
        daylight-saving changes, skipped dates left out."""
        if not self.recurrence or not self.recurrence_until:
            return [self.start]
        zone = ZoneInfo(settings.TIME_ZONE)
        local_start = timezone.localtime(self.start, zone).replace(tzinfo=None)
        until = datetime.datetime.combine(self.recurrence_until, datetime.time.max)
        frequency = rrule.WEEKLY if self.recurrence == self.Recurrence.WEEKLY else rrule.MONTHLY
        skipped = {exception.date for exception in self.recurrence_exceptions.all()}
        starts = []
        for local in rrule.rrule(frequency, dtstart=local_start, until=until, count=None):
            if local.date() in skipped:
                continue
            starts.append(timezone.make_aware(local, zone))
            if len(starts) >= MAX_OCCURRENCES:
                break
        return starts

    def next_start(self, now: datetime.datetime | None = None) -> datetime.datetime | None:
        """The start of the next occurrence not yet over (of a recurring series, the next date on which it takes
        place), None once the last one is over. Computed from the page's own values, so previews of a draft
        are right too; `EventPageQuerySet.with_next_start` reads the same from the stored occurrences."""
        now = now or timezone.now()
        duration = self.duration
        return next((start for start in self.occurrence_starts() or [self.start] if start + duration >= now), None)

    @property
    def is_past(self) -> bool:
        """Whether the last date of the event (of a recurring series, its last occurrence) is over."""
        return self.next_start() is None

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        # Drafts only touch revision bookkeeping; occurrences follow the published values.
        if update_fields is None or {"start", "end", "recurrence", "recurrence_until"} & set(update_fields):
            self.rebuild_occurrences()

    def rebuild_occurrences(self) -> None:
        duration = self.duration
        EventOccurrence.objects.filter(event=self).delete()
        EventOccurrence.objects.bulk_create(
            EventOccurrence(event=self, start=start, end=start + duration) for start in self.occurrence_starts()
        )

    # Registration -------------------------------------------------------------------------------------

    def registration_window_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        closes = self.registration_closes_at or self.start
        return now < closes

    def places_left(self) -> int | None:
        """Places not taken by confirmed registrations; None when places are unlimited."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.registrations.confirmed().count(), 0)

    def get_context(self, request, *args, **kwargs):
        from events.forms import RegistrationForm

        context = super().get_context(request, *args, **kwargs)
        # A recurring series shows its next date; `next_start` is None once its last date is over (`is_past`).
        context["next_start"] = next_start = self.next_start()
        context["next_end"] = next_start + self.duration if next_start and self.end else None
        context["is_past"] = next_start is None
        context["registration_open"] = self.registration_window_open()
        context["places_left"] = self.places_left()
        # The page changes by itself when registration opens or closes and when this date is over.
        valid_until(
            request,
            self.registration_opens_at,
            self.registration_closes_at or self.start,
            next_start,
            next_start + self.duration if next_start else None,
        )
        if "registration_form" not in context and context["registration_open"]:
            # An invitation's personal link fills in the person's details (home's registration-prefill hook).
            context["registration_prefilled"] = initial = registration_prefill(request, self)
            context["registration_form"] = RegistrationForm(initial=initial)
        context.setdefault("registration_form", None)
        context["registered_status"] = request.GET.get("registered")
        return context

    def serve(self, request, *args, **kwargs):
        """GET shows the event; POST registers, then redirects (so a reload does not register twice)."""
        if request.method != "POST":
            response = super().serve(request, *args, **kwargs)
            if getattr(response, "context_data", {}).get("registration_prefilled"):
                response["Cache-Control"] = "private, no-store"  # someone's own details: never in a shared cache
            return response
        from django.template.response import TemplateResponse
        from django.utils import translation

        from events.forms import CONSENT_TEXT, RegistrationForm
        from events.registration import RegistrationError, register

        check_request(request, "event_registration", key=request.POST.get("email"))
        if honeypot.caught(request):  # answered as a registration would be, with nothing registered
            return redirect(f"{self.url}?registered=confirmed#registration")
        if not self.registration_window_open():
            context = self.get_context(request, *args, **kwargs)
            context["registration_error"] = _("Registration for this event is closed.")
            return TemplateResponse(request, self.get_template(request), context, status=400)
        form = RegistrationForm(request.POST)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ("name", "email", "role", "faculty", "graduation_year")}
            try:
                registration = register(
                    self, language=translation.get_language(), consent_text=str(CONSENT_TEXT), **fields
                )
            except RegistrationError as error:
                form.add_error(None, error.message)
            else:
                return redirect(f"{self.url}?registered={registration.status}#registration")
        context = self.get_context(request, *args, **kwargs)
        context["registration_form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=400)


class EventRecurrenceException(Orderable):
    """A date on which a recurring event does not take place."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="recurrence_exceptions")
    date = models.DateField(_("date"))

    panels = [FieldPanel("date")]

    class Meta(Orderable.Meta):
        verbose_name = _("skipped date")
