"""A survey's rounds, the people invited to each, and the answers.

- A round opens the survey to the people it invites, between its open and close dates.
- An `Invitee` is one invited person, with the personal link sent to them (signed, see surveys.tokens). It keeps
  the person's faculty and cohort at the time of the invitation, so the response rate can be read by faculty,
  and whether they answered: a link is used once.
- A `Response` holds one person's answers, keyed by the questions of the survey in the default language, with
  the faculty and cohort the report compares. In an anonymous round it keeps no link to the invitee and no time
  (only which round it belongs to), and the invitee keeps no time either: nothing in the database ties an answer to
  a person. In a named round the response points to its invitee and keeps when it was given.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COHORT_YEARS = 5


def cohort_of(graduation_year: int | None) -> int | None:
    """The first year of the five-year cohort a graduation year falls in (2012 → 2010, for 2010–2014)."""
    if not graduation_year:
        return None
    return graduation_year - graduation_year % COHORT_YEARS


def cohort_label(cohort: int | None) -> str:
    return f"{cohort}–{cohort + COHORT_YEARS - 1}" if cohort else str(_("Year not given"))


class SurveyRoundQuerySet(models.QuerySet):
    def open_at(self, moment) -> "SurveyRoundQuerySet":
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def with_counts(self) -> "SurveyRoundQuerySet":
        """Each round with how many were invited, answered and left an answer: one query for any number of rounds,
        each count its own subquery (a join of invitees and responses would multiply the rows)."""

        def counted(model, **filters):
            rows = model.objects.filter(round=OuterRef("pk"), **filters).order_by().values("round")
            return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

        return self.annotate(
            invited_count=counted(Invitee),
            answered_count=counted(Invitee, answered=True),
            response_count=counted(Response),
        )


class SurveyRound(models.Model):
    survey = models.ForeignKey(
        "surveys.SurveyPage", verbose_name=_("survey"), on_delete=models.CASCADE, related_name="rounds"
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("For example: Satisfaction 2026."))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Answers keep no link to the person who gave them. It cannot be changed once people answer."),
    )
    mailing = models.OneToOneField(
        "newsletters.Mailing",
        verbose_name=_("invitations"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # its deliveries are the invitees' links
        related_name="survey_round",
        editable=False,
    )
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_round", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = SurveyRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="surveys_round_closes_after")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A round closes after it opens.")})
        before = SurveyRound.objects.filter(pk=self.pk).values("anonymous", "survey_id").first() if self.pk else None
        if before is not None and (self.mailing_id or self.invitees.exists()):
            # The invitations told people whether their answers are anonymous, and link to this survey.
            if before["anonymous"] != self.anonymous:
                raise ValidationError({"anonymous": _("People were invited already: anonymity cannot change.")})
            if self.survey_id and before["survey_id"] != self.survey.source().pk:
                raise ValidationError({"survey": _("People were invited already: the survey cannot change.")})
        if self.survey_id and self.survey.locale_id != self.survey.source().locale_id:
            self.survey = self.survey.source()

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    def has_closed(self, moment=None) -> bool:
        return (moment or timezone.now()) >= self.closes_at


class Invitee(models.Model):
    round = models.ForeignKey(SurveyRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="invitees")
    alumnus = models.ForeignKey(
        "alumni.Alumnus", verbose_name=_("alumnus"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delivery = models.OneToOneField(
        "newsletters.Delivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_invitee"
    )
    faculty = models.ForeignKey(
        "home.Faculty", verbose_name=_("faculty"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cohort = models.PositiveSmallIntegerField(_("cohort"), null=True, blank=True)
    answered = models.BooleanField(_("answered"), default=False)

    class Meta:
        verbose_name = _("invited person")
        verbose_name_plural = _("invited people")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "alumnus"], condition=Q(alumnus__isnull=False), name="surveys_one_invitee_per_person"
            )
        ]
        indexes = [models.Index(fields=["round", "answered"])]

    def __str__(self) -> str:
        return f"{self.round} #{self.pk}"


class Response(models.Model):
    round = models.ForeignKey(SurveyRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="responses")
    # Named rounds only: who answered, and when.
    invitee = models.OneToOneField(
        Invitee, null=True, blank=True, on_delete=models.SET_NULL, related_name="response", editable=False
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    faculty = models.ForeignKey(
        "home.Faculty", verbose_name=_("faculty"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cohort = models.PositiveSmallIntegerField(_("cohort"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.round} #{self.pk}"
