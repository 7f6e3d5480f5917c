"""Faculty action plans and the strategy's timeline: each faculty's alumni coordinators (with their history), its
yearly action plan (draft → submitted → centralised by the office), the strategy's measures with a deadline per
faculty, the office's meetings with the coordinators and their decisions, and the reminders sent about them.

Every faculty (the default-language `home.Faculty` row) is a unit. Plans, actions and measure deadlines are cut
along the faculty (home.permissions); measures and meetings are the central office's.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from office.academic_year import validate_academic_year

CENTRALISE_PERMISSION = "office.centralise_actionplan"


# Coordinators -----------------------------------------------------------------------------------------------


class CoordinatorAppointmentQuerySet(models.QuerySet):
    def current(self) -> CoordinatorAppointmentQuerySet:
        return self.filter(ended_on__isnull=True)


class CoordinatorAppointmentManager(models.Manager.from_queryset(CoordinatorAppointmentQuerySet)):
    @transaction.atomic
    def appoint(self, *, faculty, name: str, email: str, appointed_on: datetime.date, user=None):
        """A new coordinator for the faculty: the current one's appointment ends the day before (or that day,
        if it began then), and the faculty's public coordinator fields show the new one."""
        appointment = self.model(faculty=faculty, name=name, email=email, user=user, appointed_on=appointed_on)
        appointment.full_clean()
        appointment.save()
        return appointment


class CoordinatorAppointment(models.Model):
    faculty = models.ForeignKey(
        "home.Faculty", verbose_name=_("faculty"), on_delete=models.CASCADE, related_name="coordinator_appointments"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("admin user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinator_appointments",
        help_text=_("The coordinator's sign-in to the admin, if they have one."),
    )
    appointed_on = models.DateField(_("appointed on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True, help_text=_("Empty while they are in office."))

    objects = CoordinatorAppointmentManager()

    class Meta:
        verbose_name = _("coordinator appointment")
        verbose_name_plural = _("coordinator appointments")
        ordering = ["faculty__sort_key", "-appointed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["faculty"], condition=Q(ended_on__isnull=True), name="office_one_current_coordinator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.faculty.short_name})"

    def save(self, *args, **kwargs):
        """Saving a current appointment ends the faculty's other current one, in the same transaction, and keeps the
        faculty's public coordinator fields on the current coordinator."""
        with transaction.atomic():
            if self.ended_on is None:
                previous = (
                    CoordinatorAppointment.objects.select_for_update()
                    .filter(faculty_id=self.faculty_id, ended_on__isnull=True)
                    .exclude(pk=self.pk)
                )
                for appointment in previous:
                    if appointment.appointed_on > self.appointed_on:
                        raise ValidationError(
                            {"appointed_on": _("The current coordinator was appointed later than this date.")}
                        )
                    appointment.ended_on = max(appointment.appointed_on, self.appointed_on - datetime.timedelta(days=1))
                    super(CoordinatorAppointment, appointment).save(update_fields=["ended_on"])
            super().save(*args, **kwargs)
            sync_faculty_coordinator(self.faculty_id)

    def delete(self, *args, **kwargs):
        faculty_id = self.faculty_id
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            sync_faculty_coordinator(faculty_id)
        return result

    def validate_constraints(self, exclude=None):
        # One current appointment per faculty is kept by save(), which ends the current one first: a new
        # appointment is not a violation of it.
        super().validate_constraints(exclude={*(exclude or ()), "faculty"})

    def clean(self):
        super().clean()
        if self.ended_on and self.appointed_on and self.ended_on < self.appointed_on:
            raise ValidationError({"ended_on": _("An appointment ends after it begins.")})
        if self.ended_on is None and self.faculty_id and self.appointed_on:
            later = (
                CoordinatorAppointment.objects.current()
                .filter(faculty_id=self.faculty_id, appointed_on__gt=self.appointed_on)
                .exclude(pk=self.pk)
            )
            if later.exists():
                raise ValidationError(
                    {"appointed_on": _("The current coordinator was appointed later than this date.")}
                )

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


def sync_faculty_coordinator(faculty_id: int) -> None:
    """The faculty's coordinator name and e-mail (shown on its public page, in every language) from its current
    appointment; blank when nobody is in office."""
    from home.models import Faculty

    faculty = Faculty.objects.filter(pk=faculty_id).first()
    if faculty is None:
        return
    current = CoordinatorAppointment.objects.current().filter(faculty_id=faculty_id).first()
    name, email = (current.name, current.email) if current else ("", "")
    # Saved row by row (a handful of languages) so that the layout cache and the search index hear of it.
    for row in Faculty.objects.filter(translation_key=faculty.translation_key):
        if (row.coordinator_name, row.coordinator_email) != (name, email):
            row.coordinator_name, row.coordinator_email = name, email
            row.save(update_fields=["coordinator_name", "coordinator_email"])


# Action plans -----------------------------------------------------------------------------------------------


class ActionPlanQuerySet(models.QuerySet):
    def for_year(self, academic_year: str) -> ActionPlanQuerySet:
        return self.filter(academic_year=academic_year)


class ActionPlan(ClusterableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CENTRALISED = "centralised", _("Centralised")

    faculty = models.ForeignKey(
        "home.Faculty", verbose_name=_("faculty"), on_delete=models.PROTECT, related_name="action_plans"
    )
    academic_year = models.CharField(
        _("academic year"), max_length=9, validators=[validate_academic_year], help_text=_("For example 2025-2026.")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    centralised_at = models.DateTimeField(_("centralised"), null=True, blank=True, editable=False)
    centralised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-academic_year", "faculty__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["faculty", "academic_year"], name="office_one_plan_per_faculty_year")
        ]
        permissions = [("centralise_actionplan", "Can centralise action plans and return them to draft")]

    def __str__(self) -> str:
        return f"{self.faculty.short_name} {self.academic_year}"

    def is_editable_by(self, user) -> bool:
        """A faculty edits its plan while it is a draft; the office edits it at any step."""
        return self.status == self.Status.DRAFT or user.has_perm(CENTRALISE_PERMISSION)

    def allowed_moves(self, user) -> list[str]:
        """The steps the user may take from here ("submit", "centralise", "return"), assuming they may change
        this faculty's plans."""
        moves = []
        if self.status == self.Status.DRAFT:
            moves.append("submit")
        if user.has_perm(CENTRALISE_PERMISSION):
            if self.status == self.Status.SUBMITTED:
                moves.append("centralise")
            if self.status != self.Status.DRAFT:
                moves.append("return")
        return moves

    @transaction.atomic
    def move(self, step: str, user) -> ActionPlan:
        """Take a step, recording who and when; PermissionDenied for a step the user may not take from here."""
        plan = ActionPlan.objects.select_for_update().get(pk=self.pk)
        if step not in plan.allowed_moves(user):
            raise PermissionDenied(_("You may not make this change."))
        now = timezone.now()
        if step == "submit":
            plan.status, plan.submitted_at, plan.submitted_by = self.Status.SUBMITTED, now, user
        elif step == "centralise":
            plan.status, plan.centralised_at, plan.centralised_by = self.Status.CENTRALISED, now, user
        else:
            plan.status, plan.centralised_at, plan.centralised_by = self.Status.DRAFT, None, None
        plan.save(update_fields=["status", "submitted_at", "submitted_by", "centralised_at", "centralised_by"])
        self.refresh_from_db()
        return plan


class DeadlineQuerySet(models.QuerySet):
    """Items with a `deadline` and a `done_on`, finished once `done_on` is set."""

    def open(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, today: datetime.date):
        """Past their deadline on `today` and neither done nor cancelled."""
        return self.open().filter(deadline__lt=today)

    def due_by(self, day: datetime.date):
        """Open items whose deadline is on or before `day` (the overdue included)."""
        return self.open().filter(deadline__lte=day)


class PlanActionQuerySet(DeadlineQuerySet):
    def open(self):
        return self.exclude(status__in=[PlanAction.Status.DONE, PlanAction.Status.CANCELLED])


class PlanAction(Orderable):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    plan = ParentalKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    responsible = models.CharField(_("responsible person"), max_length=200)
    responsible_email = models.EmailField(_("responsible person's e-mail"), blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("What shows it was done: events held, participants, documents.")
    )
    measure = models.ForeignKey(
        "office.Measure",
        verbose_name=_("strategy measure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
    )

    objects = PlanActionQuerySet.as_manager()

    class Meta(Orderable.Meta):
        verbose_name = _("planned action")
        verbose_name_plural = _("planned actions")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.status == self.Status.DONE and not self.done_on:
            raise ValidationError({"done_on": _("Give the date it was done.")})
        if self.status != self.Status.DONE and self.done_on:
            raise ValidationError({"done_on": _("Only a done action has a date it was done.")})

    @property
    def faculty_id(self) -> int | None:
        return self.plan.faculty_id if self.plan_id else None


# The strategy's measures ------------------------------------------------------------------------------------


class Measure(ClusterableModel):
    """One of the strategy's concrete measures, with a deadline for each faculty."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    direction = models.CharField(
        _("direction of action"), max_length=200, blank=True, help_text=_("The strategy's heading it falls under.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("strategy measure")
        verbose_name_plural = _("strategy measures")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.title


class MeasureDeadline(models.Model):
    measure = ParentalKey(Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="deadlines")
    faculty = models.ForeignKey(
        "home.Faculty", verbose_name=_("faculty"), on_delete=models.CASCADE, related_name="measure_deadlines"
    )
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure deadline")
        verbose_name_plural = _("measure deadlines")
        ordering = ["deadline", "faculty__sort_key", "pk"]
        constraints = [models.UniqueConstraint(fields=["measure", "faculty"], name="office_one_deadline_per_faculty")]

    def __str__(self) -> str:
        return f"{self.measure} — {self.faculty.short_name}"


# Meetings with the coordinators -----------------------------------------------------------------------------


class CoordinatorMeeting(ClusterableModel):
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    faculties = ParentalManyToManyField(
        "home.Faculty", verbose_name=_("faculties attending"), blank=True, related_name="coordinator_meetings"
    )
    minutes = RichTextField(_("minutes"), blank=True, features=["bold", "italic", "ol", "ul", "link", "h3"])

    class Meta:
        verbose_name = _("coordinators' meeting")
        verbose_name_plural = _("coordinators' meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d.%m.%Y})"


class MeetingDecision(Orderable):
    meeting = ParentalKey(CoordinatorMeeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    responsible = models.CharField(_("responsible person"), max_length=200)
    responsible_email = models.EmailField(_("responsible person's e-mail"), blank=True)
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta(Orderable.Meta):
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


# Reminders --------------------------------------------------------------------------------------------------


class SentReminder(models.Model):
    """One reminder about one item on one day: a rerun the same day finds it and sends nothing."""

    class Kind(models.TextChoices):
        ACTION = "action", _("Planned action")
        MEASURE = "measure", _("Measure deadline")
        DECISION = "decision", _("Meeting decision")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    item_id = models.PositiveBigIntegerField()
    sent_on = models.DateField()
    email = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [models.UniqueConstraint(fields=["kind", "item_id", "sent_on"], name="office_one_reminder_a_day")]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id} → {self.email} ({self.sent_on})"
