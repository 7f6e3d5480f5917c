"""The page tree: the home page, one section per faculty, articles and plain content pages."""

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.images import prefetch_images

from .base import BasePage, FilteredListingMixin, image_field
from .faculty import Faculty


class HomePage(BasePage):
    page_cache_shows = ("home.ArticlePage", "home.FacultyPage")

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [APIField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.FacultyPage",
        "home.StandardPage",
        "home.ArticleIndexPage",
        "events.EventIndexPage",
        "alumni.DirectoryPage",
        "alumni.JoinPage",
    ]
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Built when the page's "content" fragment is rendered, not when it is served from the fragment cache
        # (`public()` reads the view restrictions at once). The faculty tiles show no image.
        context["faculty_pages"] = SimpleLazyObject(
            lambda: (
                FacultyPage.objects.child_of(self)
                .live()
                .public()
                .select_related("faculty")
                .order_by("faculty__sort_key")
            )
        )
        context["latest_articles"] = SimpleLazyObject(lambda: latest_articles(self, 6))
        return context


class FacultyPage(BasePage):
    page_cache_shows = ("home.ArticlePage",)

    faculty = models.ForeignKey(
        "home.Faculty", verbose_name=_("faculty"), on_delete=models.PROTECT, related_name="pages"
    )
    hero_image = image_field(_("hero image"))
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("faculty"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.FilterField("faculty")]
    api_fields = BasePage.api_fields + [APIField("faculty_id"), APIField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ArticleIndexPage", "events.EventIndexPage", "home.StandardPage", "alumni.DirectoryPage"]
    template = "home/faculty_page.html"

    class Meta:
        verbose_name = _("faculty section")
        verbose_name_plural = _("faculty sections")

    @property
    def card_image(self):
        return self.listing_image or self.hero_image

    def localized_faculty(self):
        """The faculty in this page's language (names and roles are translated), in one query."""
        faculty = Faculty.objects.filter(
            translation_key=Faculty.objects.filter(pk=self.faculty_id).values("translation_key")[:1],
            locale_id=self.locale_id,
        ).first()
        return faculty or self.faculty

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Built when the page's fragments are rendered, not when they are served from the fragment cache.
        context["faculty"] = SimpleLazyObject(self.localized_faculty)
        context["latest_articles"] = SimpleLazyObject(lambda: latest_articles(self, 3))
        context["section_pages"] = SimpleLazyObject(lambda: self.get_children().live().public().in_menu())
        return context


def latest_articles(page, count: int) -> list["ArticlePage"]:
    """The newest `count` live, public articles below `page`, with the images their cards show."""
    articles = ArticlePage.objects.descendant_of(page).live().public().order_by("-date", "-pk")
    return list(prefetch_images(articles, "listing_image", "image")[:count])


class StandardPage(BasePage):
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [APIField("body")]

    parent_page_types = ["home.HomePage", "home.FacultyPage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    template = "home/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


class ArticleIndexPage(FilteredListingMixin, BasePage):
    page_cache_shows = ("home.ArticlePage",)

    parent_page_types = ["home.HomePage", "home.FacultyPage"]
    subpage_types = ["home.ArticlePage"]
    template = "home/article_index_page.html"
    listing_context_name = "articles"

    class Meta:
        verbose_name = _("article index")

    @property
    def filterset_class(self):
        from home.filters import ArticleFilterSet

        return ArticleFilterSet

    def get_listing_queryset(self, request):
        return ArticlePage.objects.child_of(self).live().public().order_by("-date", "-pk")

    def get_listing_images(self):
        return ("listing_image", "image")


class ArticlePage(BasePage):
    date = models.DateField(_("date"), default=timezone.localdate)
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    image = image_field(_("main image"))
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("author_name"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.FilterField("date")]
    api_fields = BasePage.api_fields + [APIField("date"), APIField("author_name"), APIField("body")]

    parent_page_types = ["home.ArticleIndexPage"]
    subpage_types = []
    template = "home/article_page.html"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @property
    def card_image(self):
        return self.listing_image or self.image
