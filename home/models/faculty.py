"""The faculty: the unit of ownership that pages, alumni, protocols and nominations belong to."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.text import fold_diacritics

from .base import SortedByName

hex_colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, for example #1f4e8c."))


class Faculty(SortedByName, TranslatableMixin, index.Indexed, models.Model):
    """A unit that keeps its own alumni community: a faculty, or a doctoral school (the strategy counts each
    doctoral school as a unit too, with its coordinator, plan and syntheses)."""

    class Kind(models.TextChoices):
        FACULTY = "faculty", _("Faculty")
        DOCTORAL_SCHOOL = "doctoral_school", _("Doctoral school")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of unit"), max_length=20, choices=Kind.choices, default=Kind.FACULTY)
    short_name = models.CharField(_("short name"), max_length=20, help_text=_("The acronym, for example FMI."))
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#1f4e8c",
        validators=[hex_colour_validator],
        help_text=_("Used for the faculty's section; keep it dark enough for white text."),
    )
    coordinator_name = models.CharField(_("alumni coordinator"), max_length=200, blank=True)
    coordinator_role = models.CharField(_("coordinator's role"), max_length=200, blank=True)
    coordinator_email = models.EmailField(_("coordinator's e-mail"), blank=True)
    coordinator_phone = models.CharField(_("coordinator's phone"), max_length=40, blank=True)
    sort_key = models.CharField(max_length=600, editable=False, db_index=True, default="")

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("short_name"),
        FieldPanel("accent_colour"),
        MultiFieldPanel(
            [
                FieldPanel("coordinator_name"),
                FieldPanel("coordinator_role"),
                FieldPanel("coordinator_email"),
                FieldPanel("coordinator_phone"),
            ],
            heading=_("Alumni coordinator"),
        ),
    ]

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("coordinator_role"),
        SynchronizedField("kind"),
        SynchronizedField("short_name"),
        SynchronizedField("accent_colour"),
        SynchronizedField("coordinator_name"),
        SynchronizedField("coordinator_email"),
        SynchronizedField("coordinator_phone"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.SearchField("folded_name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("faculty")
        verbose_name_plural = _("faculties")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return self.name

    def folded_name(self) -> str:
        return fold_diacritics(self.name)
