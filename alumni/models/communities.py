"""Professional communities alumni join (software engineers, teachers, physicians, ...), in each language."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import SortedByName


class CommunityQuerySet(models.QuerySet):
    def with_slug(self, slug: str, locale_id: int) -> Community | None:
        """The community with this slug in the given language, or else in any language (an untranslated one)."""
        in_language = self.filter(slug=slug, locale_id=locale_id).first()
        return in_language or self.filter(slug=slug).order_by("locale_id").first()

    def names_by_key(self, keys, locale_id: int) -> dict:
        """{translation key: (name, slug)} of these communities in one language: one query (none for no keys)."""
        if not keys:
            return {}
        rows = self.filter(translation_key__in=keys, locale_id=locale_id)
        return {key: (name, slug) for key, name, slug in rows.values_list("translation_key", "name", "slug")}


class Community(SortedByName, TranslatableMixin, index.Indexed, models.Model):
    """A professional community alumni can join (software engineers, teachers, physicians, ...)."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    sort_key = models.CharField(max_length=450, editable=False, db_index=True, default="")

    objects = CommunityQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    translatable_fields = [TranslatableField("name"), TranslatableField("description"), SynchronizedField("slug")]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("professional community")
        verbose_name_plural = _("professional communities")
        ordering = ["sort_key"]
        unique_together = [("translation_key", "locale"), ("locale", "slug")]

    def __str__(self) -> str:
        return self.name
