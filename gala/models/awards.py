"""Award categories (translatable snippets), nominations and their history.

A nomination names an alumnus of the database (chosen by the office when it checks the nomination) or, as the
public typed it, a name and a faculty; it keeps who proposed it and why. The office shortlists nominations, the
decision makers choose the winners; every change of status is a `NominationChange` with who made it and when. The
jury's notes are the office's: no public surface reads them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class AwardCategory(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NominationQuerySet(models.QuerySet):
    def winners(self) -> "NominationQuerySet":
        return self.filter(status=Nomination.Status.WINNER)


class Nomination(index.Indexed, models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        WINNER = "winner", _("Winner")
        DECLINED = "declined", _("Not retained")

    edition = models.ForeignKey(
        "gala.GalaEditionPage", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="nominations"
    )
    category = models.ForeignKey(
        AwardCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominee_name = models.CharField(_("nominee"), max_length=200)
    faculty = models.ForeignKey(
        "home.Faculty", verbose_name=_("faculty"), on_delete=models.PROTECT, related_name="gala_nominations"
    )
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    alumnus = models.ForeignKey(
        "alumni.Alumnus",
        verbose_name=_("alumnus in the database"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The office links the nominee to their record once it has checked who they are."),
    )
    reason = models.TextField(_("reason"))
    # Blank once the proposer is erased.
    nominator_name = models.CharField(_("proposed by"), max_length=200, blank=True)
    nominator_email = models.EmailField(_("proposer's e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    jury_notes = models.TextField(_("jury's notes"), blank=True, help_text=_("Seen only by the alumni office."))
    created_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)

    objects = NominationQuerySet.as_manager()

    search_fields = [
        index.SearchField("nominee_name"),
        index.AutocompleteField("nominee_name"),
        index.SearchField("reason"),
        index.SearchField("nominator_name"),
        index.FilterField("status"),
        index.FilterField("faculty_id"),
        index.FilterField("edition_id"),
    ]

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("shortlist_nomination", "Can shortlist nominations"),
            ("award_nomination", "Can choose the winners"),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name} — {self.category}"

    def clean(self):
        super().clean()
        if self.edition_id:  # nominations belong to the edition in the default language, whichever was chosen
            self.edition = self.edition.source()


class NominationChange(models.Model):
    """One change of a nomination's status: from what, to what, by whom, when."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=12, choices=Nomination.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Nomination.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.nomination}: {self.from_status or '—'} → {self.to_status}"
