"""Registrations: a person's place (or place on the waiting list) at an event; one table serves events, the gala
and protocol activities, and its counts feed every report."""

from collections.abc import Iterable

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q
from django.utils.translation import gettext_lazy as _


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self) -> "RegistrationQuerySet":
        return self.filter(status=Registration.Status.CONFIRMED)

    def active(self) -> "RegistrationQuerySet":
        """Confirmed or waiting: what holds an e-mail address at an event."""
        return self.exclude(status=Registration.Status.CANCELLED)

    def of_email(self, email: str) -> "RegistrationQuerySet":
        """A person's registrations, whatever the case of their address."""
        return self.filter(email__iexact=email.strip())

    def confirmed_count_of(self, event_id: OuterRef) -> "RegistrationQuerySet":
        """The number of confirmed registrations of the event `event_id` names, as a one-value subquery."""
        return (
            self.confirmed()
            .filter(event_id=event_id)
            .order_by()
            .values("event_id")
            .annotate(count=Count("pk"))
            .values("count")
        )

    def confirmed_counts(self, event_ids: Iterable[int]) -> dict[int, int]:
        """Confirmed registrations per event, for the events that have any: one query (none for no events)."""
        event_ids = list(event_ids)
        if not event_ids:
            return {}
        return dict(
            self.confirmed().filter(event_id__in=event_ids).order_by().values_list("event_id").annotate(Count("pk"))
        )

    def counts_by_event(self, event_ids: Iterable[int]) -> dict[int, dict[str, int]]:
        """Registered, waiting and attended per event, in one query: what reports and check-in lists show."""
        event_ids = list(event_ids)
        rows = (
            self.filter(event_id__in=event_ids)
            .order_by()
            .values("event_id")
            .annotate(
                registered=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
                waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
                attended=Count("pk", filter=Q(checked_in_at__isnull=False, status=Registration.Status.CONFIRMED)),
            )
        )
        counts = {row["event_id"]: {k: row[k] for k in ("registered", "waiting", "attended")} for row in rows}
        empty = {"registered": 0, "waiting": 0, "attended": 0}
        return {event_id: counts.get(event_id, dict(empty)) for event_id in event_ids}


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
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
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

    objects = RegistrationQuerySet.as_manager()

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
