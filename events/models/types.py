"""Event types: a small translatable taxonomy (themed meeting, workshop, career day, gala...)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import TranslatableField

from home.models import SortedByName


class EventType(SortedByName, TranslatableMixin, models.Model):
    """A kind of event, named in each language; listed in Romanian alphabetical order."""

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
