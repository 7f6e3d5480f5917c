"""Events: types, event pages with recurrence expanded into stored occurrences, the event index, and
registrations (one table for events, the gala and protocol activities)."""

import datetime
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from home.blocks import BaseStreamBlock
from home.models import BasePage
from home.models.base import FilteredListingMixin
from home.text import romanian_sort_key

# Occurrences of one recurring event are capped: a weekly event for ten years is 520; nothing real needs more.
MAX_OCCURRENCES = 600


class EventType(TranslatableMixin, models.Model):
    """A kind of event (themed meeting, workshop, career day, gala...): a small translatable taxonomy."""

    name = models.CharField(_("name"), max_length=100)
    sort_key = models.CharField(max_length=300, editable=False, db_index=True, default="")

    panels = [FieldPanel("name")]
    translatable_fields = [TranslatableField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("event type")
        verbose_name_plural = _("event types")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = romanian_sort_key(self.name)
        super().save(*args, **kwargs)


class EventIndexPage(FilteredListingMixin, BasePage):
    """A calendar of event occurrences, as a list (`?view=list`, the default) or a month grid (`?view=month`).

    Under a faculty section it lists the events below that section; under the home page it is the aggregated
    calendar of every faculty and the central office (all live, public events of the page's language).
    """

    parent_page_types = ["home.HomePage", "home.FacultyPage"]
    subpage_types = ["events.EventPage"]
    template = "events/event_index_page.html"
    listing_context_name = "events"
    items_per_page = 20

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
        from home.models import FacultyPage

        return not issubclass(self.section.specific_class, FacultyPage)

    @property
    def filterset_class(self):
        import functools

        from events.filters import EventFilterSet

        return functools.partial(EventFilterSet, aggregated=self.is_aggregated, locale_id=self.locale_id)

    def get_listing_queryset(self, request):
        from events.views import occurrence_queryset

        events = EventPage.objects.descendant_of(self.section).live().public().filter(locale_id=self.locale_id)
        return occurrence_queryset(events)

    def get_listing_images(self):
        return ("event__listing_image", "event__image")

    def get_context(self, request, *args, **kwargs):
        from events import views

        if request.GET.get("view") == "month":
            # The month grid is not paginated: skip the mixin's listing and build the grid instead.
            context = super(FilteredListingMixin, self).get_context(request, *args, **kwargs)
            context.update(views.month_context(self, request))
        else:
            context = super().get_context(request, *args, **kwargs)
            context.update(calendar_view="list", **views.list_links(request))
            views.load_page(context["events"], context["filterset"], self.get_listing_images(), request)
            views.describe_errors(context["filterset"])
        context["is_aggregated"] = self.is_aggregated
        return context


class EventPage(BasePage):
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
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def card_image(self):
        return self.listing_image or self.image

    @property
    def is_past(self) -> bool:
        return (self.end or self.start) < timezone.now()

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

    def get_context(self, request, *args, **kwargs):
        from events.forms import RegistrationForm
        from events.registration import places_left

        context = super().get_context(request, *args, **kwargs)
        context["registration_open"] = self.registration_window_open()
        context["places_left"] = places_left(self)
        context.setdefault("registration_form", RegistrationForm() if context["registration_open"] else None)
        context["registered_status"] = request.GET.get("registered")
        return context

    def serve(self, request, *args, **kwargs):
        """GET shows the event; POST registers, then redirects (so a reload does not register twice)."""
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        from django.shortcuts import redirect
        from django.template.response import TemplateResponse
        from django.utils import translation

        from events.forms import CONSENT_TEXT, RegistrationForm
        from events.registration import RegistrationError, register

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


class EventOccurrence(models.Model):
    """One dated occurrence of an event: calendars and listings query these by date, in SQL."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["event", "start"])]

    def __str__(self) -> str:
        return f"{self.event.title} @ {self.start:%Y-%m-%d %H:%M}"


class Registration(models.Model):
    """A person's place (or place on the waiting list) at an event."""

    class Role(models.TextChoices):
        ALUMNUS = "alumnus", _("Alumnus")
        STUDENT = "student", _("Student")
        STAFF = "staff", _("University staff")
        GUEST = "guest", _("Guest")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        EventPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    faculty = models.ForeignKey(
        "home.Faculty", verbose_name=_("faculty"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"), null=True, blank=True, validators=[MinValueValidator(1919), MaxValueValidator(2100)]
    )
    language = models.CharField(_("language"), max_length=10, default="ro")
    consent_text = models.TextField(_("consent shown"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.event.title}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


def registration_counts(event_ids) -> dict[int, dict[str, int]]:
    """Registered, waiting and attended per event, in one query: what reports and listings show."""
    rows = (
        Registration.objects.filter(event_id__in=list(event_ids))
        .values("event_id")
        .annotate(
            registered=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
            attended=Count("pk", filter=Q(checked_in_at__isnull=False, status=Registration.Status.CONFIRMED)),
        )
    )
    counts = {row["event_id"]: {k: row[k] for k in ("registered", "waiting", "attended")} for row in rows}
    return {event_id: counts.get(event_id, {"registered": 0, "waiting": 0, "attended": 0}) for event_id in event_ids}
