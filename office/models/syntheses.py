"""What faculties send the central office and what the office keeps: syntheses of a period (planned actions, or
actions carried out, with their evidence), under the office's approval; and the yearly snapshot of the alumni
database, frozen so that years can be compared."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from home.approvals import ApprovalMixin


class Synthesis(ApprovalMixin, index.Indexed, models.Model):
    """A faculty's synthesis for a period. Its figures (`data`) are compiled from the records when it is saved, so
    the version that is checked and approved is the one archived, whatever changes in the records afterwards."""

    class Kind(models.TextChoices):
        PLANNED = "planned", _("Planned actions")
        DONE = "done", _("Actions carried out")

    faculty = models.ForeignKey(
        "home.Faculty", verbose_name=_("faculty"), on_delete=models.PROTECT, related_name="syntheses"
    )
    kind = models.CharField(_("synthesis of"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    notes = models.TextField(
        _("the faculty's notes"), blank=True, help_text=_("What the figures do not say: context, difficulties, plans.")
    )
    data = models.JSONField(_("figures"), default=dict, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    search_fields = [
        index.SearchField("notes"),
        index.FilterField("faculty_id"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("synthesis")
        verbose_name_plural = _("syntheses")
        ordering = ["-period_end", "faculty__sort_key", "kind"]

    def __str__(self) -> str:
        period = f"{self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"
        return f"{self.faculty.short_name}: {self.get_kind_display()} ({period})"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end comes after the start.")})

    def compile(self) -> None:
        """Compile the figures from the records, as of now."""
        from office.synthesis import compile_synthesis

        self.data = compile_synthesis(self.faculty, self.period_start, self.period_end, self.kind).as_dict()


class DatabaseSnapshot(models.Model):
    """The alumni database as it stood when the office froze it for a year: counts per faculty, study cycle and
    consent. Frozen once per year; never edited."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    rows = models.JSONField(_("counts"), default=list, editable=False)
    taken_at = models.DateTimeField(_("frozen"), default=timezone.now, editable=False)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("yearly snapshot")
        verbose_name_plural = _("yearly snapshots")
        ordering = ["-year"]
        permissions = [("view_dashboard", "Can see the central office's dashboard")]

    def __str__(self) -> str:
        return str(self.year)
