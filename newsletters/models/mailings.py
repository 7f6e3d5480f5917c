"""Mailings and their deliveries: the one outgoing-mail pipeline.

A mailing is one sending of a message to an audience: a newsletter (its page), or an invitation to an event (the
event's page, a template and the audience chosen); survey rounds will use the same rows. Its audience is frozen
into one `Delivery` per recipient when it starts, so that sending is resumable and idempotent: a delivery is
claimed before its message goes out and is never sent again, whatever crashes or runs twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _


class MailingQuerySet(models.QuerySet):
    def started(self) -> "MailingQuerySet":
        return self.filter(started_at__isnull=False)

    def with_counts(self) -> "MailingQuerySet":
        """Each mailing with its deliveries counted by state (one query for any number of mailings)."""
        states = Delivery.Status
        return self.annotate(
            # People the mailing is for: those who left before their turn are counted apart (skipped).
            recipients=Count("deliveries", filter=~Q(deliveries__status=states.SKIPPED)),
            sent_count=Count("deliveries", filter=Q(deliveries__status=states.SENT)),
            failed_count=Count("deliveries", filter=Q(deliveries__status__in=[states.FAILED, states.INTERRUPTED])),
            skipped_count=Count("deliveries", filter=Q(deliveries__status=states.SKIPPED)),
            pending_count=Count("deliveries", filter=Q(deliveries__status__in=[states.PENDING, states.SENDING])),
        )


class Mailing(models.Model):
    class Kind(models.TextChoices):
        NEWSLETTER = "newsletter", _("Newsletter")
        INVITATION = "invitation", _("Invitation")
        SURVEY = "survey", _("Survey invitation")

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        # The mail server failed (unreachable, asking to try later, or refusing every message alike): the rows not
        # sent wait, none marked failed for it, until the sending is resumed (newsletters/sending.py).
        PAUSED = "paused", _("Paused (mail server fault)")
        SENT = "sent", _("Sent")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWSLETTER)
    # The newsletter or event; kept as `translation_key` too, so that the mailing stays one per newsletter
    # whichever translation is sent from, and its record stays when the page is deleted.
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    translation_key = models.UUIDField(null=True, blank=True, editable=False)
    subject = models.CharField(_("subject"), max_length=255)
    template = models.ForeignKey(
        "newsletters.InvitationTemplate",
        verbose_name=_("invitation template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience = models.JSONField(_("audience"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENDING)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    paused_reason = models.CharField(_("why it paused"), max_length=500, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MailingQuerySet.as_manager()

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-started_at", "-pk"]
        permissions = [("send_mailing", "Can send newsletters and tests of them")]
        constraints = [
            # A newsletter goes out once; an event may have several invitations (another audience, a reminder).
            models.UniqueConstraint(
                fields=["kind", "translation_key"],
                condition=Q(kind="newsletter"),
                name="newsletters_one_mailing_per_page",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One recipient of one mailing: an alumnus, or a subscriber from outside the database. `email` and the link to
    the person are blanked when the person is erased; the row stays as an anonymous count."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        INTERRUPTED = "interrupted", _("Interrupted (not sent again)")
        SKIPPED = "skipped", _("Not sent (unsubscribed or erased since)")

    mailing = models.ForeignKey(Mailing, verbose_name=_("mailing"), on_delete=models.CASCADE, related_name="deliveries")
    alumnus = models.ForeignKey(
        "alumni.Alumnus", verbose_name=_("alumnus"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subscriber = models.ForeignKey(
        "newsletters.Subscriber",
        verbose_name=_("subscriber"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="ro")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set just before the message is handed to the mail server: a claimed row without it was never tried.
    attempted_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "email"], condition=~Q(email=""), name="newsletters_one_delivery_per_address"
            ),
        ]
        indexes = [models.Index(fields=["mailing", "status"])]

    def __str__(self) -> str:
        return f"{self.mailing} → {self.email or '—'}"
