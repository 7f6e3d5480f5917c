"""The gala's costs and its evaluation: the office's own records, never on a public surface (no page, search
index, feed or API reads them; their admin is the office's, by model permissions that faculty groups lack)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.approvals import ApprovalMixin


class GalaCost(models.Model):
    class Source(models.TextChoices):
        STATE_BUDGET = "state_budget", _("State budget")
        OWN_REVENUE = "own_revenue", _("The university's own revenue")

    edition = models.ForeignKey(
        "gala.GalaEditionPage", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="costs"
    )
    item = models.CharField(_("item"), max_length=200, help_text=_("For example: venue, catering, trophies."))
    source = models.CharField(_("source of funding"), max_length=20, choices=Source.choices)
    planned = models.DecimalField(
        _("planned (lei)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    actual = models.DecimalField(
        _("actual (lei)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("gala cost")
        verbose_name_plural = _("gala costs")
        ordering = ["edition", "source", "item"]

    def __str__(self) -> str:
        return f"{self.edition} — {self.item}"


class GalaEvaluation(ApprovalMixin, models.Model):
    """The edition's final report: what the office concludes after the gala, with the figures `final_report`
    computes. It passes the office's approval (home.approvals): drafted by the office, checked by the directorate,
    approved by the rector, archived; the printed report shows each step, who and when."""

    edition = models.OneToOneField(
        "gala.GalaEditionPage", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="evaluation"
    )
    text = models.TextField(_("evaluation"), help_text=_("What went well, what to change next year."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")

    def __str__(self) -> str:
        return str(self.edition)
