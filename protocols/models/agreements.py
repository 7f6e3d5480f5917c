"""Weak points, protocol templates, protocols and their activities, lifecycle changes and evaluations.

A protocol's content (title, partner, terms, dates, target students, weak points, activities) is edited in the
admin and goes live through the office's approval workflow (`home.approvals`). Its lifecycle (`stage`: draft,
signed, registered, active, evaluated) is not content: it moves only forward, one step at a time, through
`protocols.lifecycle.move`, which records each step in `ProtocolChange`. The lifecycle fields (stage, signing date,
registration number and date, the signed file) are therefore kept from the database row whenever a revision is
restored or published, so an approved revision drafted before a move never takes the protocol back.

Private: the registration number and date, the signed file, the terms (the negotiated clauses; the public sees the
title, the partner's public name, the dates, the target students and the activities) and the evaluation.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from home.approvals import ApprovalMixin
from protocols.storage import private_storage, signed_file_path

TERMS_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class WeakPointQuerySet(models.QuerySet):
    def open(self) -> "WeakPointQuerySet":
        return self.filter(status=WeakPoint.Status.OPEN)


class WeakPoint(index.Indexed, models.Model):
    """A weak point of a faculty's programme that alumni could help with, and the alumni who offered to."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("weak point", "Open")
        ADDRESSED = "addressed", pgettext_lazy("weak point", "Addressed")

    faculty = models.ForeignKey(
        "home.Faculty", verbose_name=_("faculty"), on_delete=models.PROTECT, related_name="weak_points"
    )
    programme = models.CharField(_("study programme"), max_length=200)
    description = models.TextField(_("what students miss"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    volunteers = models.ManyToManyField(
        "alumni.Alumnus",
        verbose_name=_("alumni willing to help"),
        blank=True,
        related_name="weak_points",
        help_text=_("Alumni of the faculty who said they are willing to help students."),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    objects = WeakPointQuerySet.as_manager()

    search_fields = [
        index.SearchField("programme"),
        index.SearchField("description"),
        index.AutocompleteField("programme"),
        index.FilterField("faculty_id"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("weak point")
        verbose_name_plural = _("weak points")
        ordering = ["programme", "pk"]

    def __str__(self) -> str:
        summary = self.description if len(self.description) <= 60 else f"{self.description[:59]}…"
        return f"{self.programme}: {summary}"


class ProtocolTemplate(index.Indexed, models.Model):
    """The standard clauses a protocol is drafted from."""

    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(_("standard clauses"), features=TERMS_FEATURES)

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("protocol template")
        verbose_name_plural = _("protocol templates")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ProtocolQuerySet(models.QuerySet):
    def shown_publicly(self) -> "ProtocolQuerySet":
        """Live (approved) protocols in the active stage: the only ones a public surface lists."""
        return self.filter(live=True, stage=Protocol.Stage.ACTIVE)


class Protocol(ApprovalMixin, index.Indexed, ClusterableModel):
    class Stage(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("protocol stage", "Draft")
        SIGNED = "signed", pgettext_lazy("protocol stage", "Signed")
        REGISTERED = "registered", pgettext_lazy("protocol stage", "Registered")
        ACTIVE = "active", pgettext_lazy("protocol stage", "Active")
        EVALUATED = "evaluated", pgettext_lazy("protocol stage", "Evaluated")

    faculty = models.ForeignKey(
        "home.Faculty", verbose_name=_("faculty"), on_delete=models.PROTECT, related_name="protocols"
    )
    title = models.CharField(_("title"), max_length=255)
    partner = models.ForeignKey(
        "alumni.Alumnus",
        verbose_name=_("partner alumnus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="protocols",
        help_text=_("The alumnus the protocol is signed with, if it is a person of the directory."),
    )
    partner_name = models.CharField(
        _("partner organisation"),
        max_length=255,
        blank=True,
        help_text=_("The company or organisation, shown publicly. Leave empty when the partner is an alumnus."),
    )
    template = models.ForeignKey(
        ProtocolTemplate,
        verbose_name=_("drafted from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A new protocol takes the template's clauses as its terms."),
    )
    terms = RichTextField(_("terms"), blank=True, features=TERMS_FEATURES)
    starts_on = models.DateField(_("agreed start"), null=True, blank=True)
    ends_on = models.DateField(_("agreed end"), null=True, blank=True)
    target_programme = models.CharField(_("students' programme"), max_length=200, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("year of study"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    group_size = models.PositiveSmallIntegerField(
        _("group size"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    weak_points = ParentalManyToManyField(
        WeakPoint, verbose_name=_("weak points addressed"), blank=True, related_name="protocols"
    )

    # The lifecycle: moved only by protocols.lifecycle.move, kept across revisions.
    stage = models.CharField(
        _("lifecycle stage"), max_length=12, choices=Stage.choices, default=Stage.DRAFT, editable=False
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True, editable=False)
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True, editable=False)
    registration_date = models.DateField(_("registration date"), null=True, blank=True, editable=False)
    signed_file = models.FileField(
        _("signed protocol"),
        upload_to=signed_file_path,
        storage=private_storage,
        blank=True,
        max_length=255,
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ProtocolQuerySet.as_manager()

    # Never the registration number, the signed file, the terms or the evaluation.
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("partner_name"),
        index.SearchField("target_programme"),
        index.FilterField("faculty_id"),
        index.FilterField("stage"),
        index.FilterField("live"),
    ]

    LIFECYCLE_FIELDS = ("stage", "signed_on", "registration_number", "registration_date", "signed_file")

    class Meta:
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        ordering = ["-created_at", "-pk"]
        permissions = [("move_protocol", "Can record a protocol's lifecycle steps")]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        # As stored now, not as this (possibly stale) instance remembers them.
        stored = type(self).objects.filter(pk=self.pk).values(*self.LIFECYCLE_FIELDS).first() if self.pk else None
        for name in self.LIFECYCLE_FIELDS:
            setattr(obj, name, stored[name] if stored else getattr(self, name))
        return obj

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A protocol cannot end before it starts.")
        if self.partner_id is None and not self.partner_name.strip():
            errors["partner_name"] = _("Name the partner: an alumnus or an organisation.")
        if errors:
            raise ValidationError(errors)


class ProtocolActivity(Orderable):
    """A workshop, seminar or lecture the protocol brings; registrations happen on its event page when linked."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Seminar")
        LECTURE = "lecture", _("Lecture")
        OTHER = "other", pgettext_lazy("activity kind", "Other")

    protocol = ParentalKey(Protocol, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WORKSHOP)
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"))
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The event page that takes the registrations; its attendance counts for the evaluation."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title


class ProtocolChange(models.Model):
    """One step of a protocol's lifecycle: from what, to what, by whom, when."""

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(max_length=12, choices=Protocol.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Protocol.Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.protocol}: {self.from_stage or '—'} → {self.to_stage}"


class ProtocolEvaluation(models.Model):
    """The evaluation report of a protocol: participants, attendance and an assessment. Private to the admin."""

    protocol = models.OneToOneField(
        Protocol, verbose_name=_("protocol"), on_delete=models.CASCADE, related_name="evaluation"
    )
    participants = models.PositiveIntegerField(_("participants"), help_text=_("Students who took part."))
    attendance = models.PositiveIntegerField(
        _("attendance"),
        help_text=_("Proposed from the attended registrations of the activities' events; correct it if needed."),
    )
    assessment = models.TextField(_("assessment"), help_text=_("What worked, what to change, whether to renew."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("protocol evaluation")
        verbose_name_plural = _("protocol evaluations")

    def __str__(self) -> str:
        return str(self.protocol)
