"""The abstract base page every public page type extends: listing and social fields with their panels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from home.fragments import page_fragment
from home.images import prefetch_images
from home.pagination import paginate
from home.routing import DirectRouteMixin
from home.text import romanian_sort_key, search_text


def image_field(verbose_name) -> models.ForeignKey:
    """An optional image: a page or record keeps its place when the image is deleted."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def _searchable_text(value) -> str:
    """A search field's value as text: a StreamField's searchable content is a list of strings."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return " ".join(_searchable_text(item) for item in value)
    return str(value)


class SortedByName:
    """For models with `name` and `sort_key` fields (ordering = ["sort_key"]): lists in Romanian alphabetical order
    (ș after s, ă after a)."""

    def save(self, *args, **kwargs):
        self.sort_key = romanian_sort_key(self.name)
        super().save(*args, **kwargs)


class ListingFields(models.Model):
    """How a page looks as a card in listings; blank fields fall back to the page's own."""

    listing_title = models.CharField(
        _("listing title"), max_length=255, blank=True, help_text=_("Replaces the title on cards in listings.")
    )
    listing_summary = models.CharField(
        _("listing summary"), max_length=300, blank=True, help_text=_("One or two sentences shown on cards.")
    )
    listing_image = image_field(_("listing image"))

    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("listing_title"), FieldPanel("listing_summary"), FieldPanel("listing_image")],
            heading=_("Listings"),
        )
    ]

    class Meta:
        abstract = True


class SocialFields(models.Model):
    """What a link preview shows on social networks (Open Graph)."""

    social_image = image_field(_("social image"))
    social_text = models.CharField(_("social text"), max_length=255, blank=True)

    promote_panels = [
        MultiFieldPanel([FieldPanel("social_image"), FieldPanel("social_text")], heading=_("Social networks"))
    ]

    class Meta:
        abstract = True


class BasePage(DirectRouteMixin, ListingFields, SocialFields, Page):
    """Every public page: card fields, social fields, a meta description and diacritic-free search text; routed to
    in two queries whatever its depth (home/routing.py)."""

    introduction = models.TextField(_("introduction"), blank=True)

    # Model labels of what the page lists besides itself and its ancestors: a change to any of them makes the
    # page's cached answer stale (home/page_cache.py).
    page_cache_shows: tuple[str, ...] = ()

    promote_panels = Page.promote_panels + ListingFields.promote_panels + SocialFields.promote_panels
    content_panels = Page.content_panels + [FieldPanel("introduction")]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("folded_search_text"),
    ]

    api_fields = [
        APIField("introduction"),
        APIField("listing_title"),
        APIField("listing_summary"),
    ]

    class Meta:
        abstract = True

    @property
    def card_title(self) -> str:
        return self.listing_title or self.title

    @property
    def card_summary(self) -> str:
        return self.listing_summary or self.introduction

    @property
    def card_image(self):
        return self.listing_image

    def get_meta_description(self) -> str:
        return self.search_description or self.listing_summary or self.introduction[:300]

    def get_social_image(self):
        return self.social_image or self.card_image

    @classmethod
    def get_indexed_objects(cls):
        # folded_search_text reads each page's language: one query for the locales, not one per page.
        return super().get_indexed_objects().select_related("locale")

    def folded_search_text(self) -> str:
        """The text of every other searched field (title, introduction, body, ...) folded and stemmed in the page's
        language (home.text.search_text): "stiinte" finds "Științe" and "Ştiinţe", "absolvent" finds
        "absolvenților". The site search's queries go through the same helper (search.kinds)."""
        texts = [
            _searchable_text(field.get_value(self))
            for field in self.get_search_fields()
            if isinstance(field, index.SearchField) and field.field_name != "folded_search_text"
        ]
        return search_text(" ".join(texts), self.locale.language_code)


class FilteredListingMixin:
    """A page that lists its items through a django-filter FilterSet, paginated.

    Invalid filter values (a year that is not a year, garbage dates) re-render the page with the form's
    errors and answer 400, never a 500.
    """

    filterset_class = None
    listing_model = None
    items_per_page = 12
    listing_context_name = "items"

    def get_listing_queryset(self, request):
        return self.listing_model.objects.child_of(self).live().public()

    def get_listing_images(self) -> tuple[str, ...]:
        return ("listing_image",)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The rendered listing (the template's "listing" fragment) for this query string: nothing to build on a hit.
        fragment = page_fragment(request, "listing", self, vary=[request.GET.urlencode()])
        context["page_fragments"] = {"listing": fragment}
        if fragment is not None and fragment.get() is not None:
            return context
        queryset = self.get_listing_queryset(request)
        filterset = self.filterset_class(request.GET or None, queryset=queryset, request=request)
        invalid = filterset.is_bound and not filterset.is_valid()
        if fragment is not None:
            fragment.storable = not invalid  # answered 400 with the form's errors: not kept
        context["filterset"] = filterset
        context[self.listing_context_name] = paginate(
            request,
            prefetch_images(queryset.none() if invalid else filterset.qs, *self.get_listing_images()),
            self.items_per_page,
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        filterset = getattr(response, "context_data", {}).get("filterset")
        if filterset is not None and filterset.is_bound and filterset.errors:
            response.status_code = 400
        return response
