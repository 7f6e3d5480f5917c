"""The gala's pages: the archive (`GalaIndexPage`: every edition, and the winners across editions) and each
year's edition (`GalaEditionPage`: date, venue, programme, award categories, the nomination window and form, and
the event that takes the registrations and the invitations).

Nominations belong to the edition in the site's default language whichever translation they were made on.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale

from home import honeypot
from home.images import prefetch_images
from home.models import BasePage
from home.ratelimit import check_request


class GalaIndexPage(BasePage):
    """The gala's archive: its editions, newest first, and every winner across them."""

    page_cache_shows = ("gala.GalaEditionPage", "gala.Nomination", "gala.AwardCategory")

    parent_page_types = ["home.HomePage"]
    subpage_types = ["gala.GalaEditionPage"]
    template = "gala/gala_index_page.html"

    class Meta:
        verbose_name = _("gala archive")

    def editions(self):
        editions = GalaEditionPage.objects.child_of(self).live().public().order_by("-starts_at")
        return prefetch_images(editions, "listing_image")

    def get_context(self, request, *args, **kwargs):
        from gala.archive import winners_by_edition

        context = super().get_context(request, *args, **kwargs)
        editions = list(self.editions())
        winners = winners_by_edition(editions)
        context["editions"] = editions
        context["winners"] = [(edition, winners[edition.pk]) for edition in editions if winners[edition.pk]]
        return context


class GalaEditionPage(BasePage):
    page_cache_shows = ("gala.Nomination", "gala.AwardCategory")

    starts_at = models.DateTimeField(_("starts"))
    venue = models.CharField(_("venue"), max_length=255)
    programme = RichTextField(
        pgettext_lazy("gala evening", "programme"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
    )
    categories = ParentalManyToManyField(
        "gala.AwardCategory", verbose_name=_("award categories"), blank=True, related_name="+"
    )
    nominations_open = models.DateTimeField(_("nominations open"), null=True, blank=True)
    nominations_close = models.DateTimeField(_("nominations close"), null=True, blank=True)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The event page that takes the registrations; invitations are sent from it."),
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("venue")]),
        FieldPanel("programme"),
        MultiFieldPanel(
            [
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("nominations_open"), FieldPanel("nominations_close")]),
            ],
            heading=_("Awards and nominations"),
        ),
        FieldPanel("event"),
    ]
    parent_page_types = ["gala.GalaIndexPage"]
    subpage_types: list[str] = []
    template = "gala/gala_edition_page.html"

    class Meta:
        verbose_name = _("gala edition")

    def clean(self):
        super().clean()
        if self.nominations_open and self.nominations_close and self.nominations_close <= self.nominations_open:
            raise ValidationError({"nominations_close": _("Nominations close after they open.")})

    def source(self) -> "GalaEditionPage":
        default = self.get_translation_or_none(Locale.get_default())
        return (default or self).specific

    def nominations_are_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        if self.nominations_open is None or self.nominations_close is None:
            return False
        return self.nominations_open <= moment < self.nominations_close

    def shown_categories(self) -> list:
        """The edition's categories in the page's language when translated."""
        categories = list(self.source().categories.all())
        locale = self.locale
        translated = (
            {
                category.translation_key: category
                for category in type(categories[0]).objects.filter(
                    translation_key__in=[category.translation_key for category in categories], locale=locale
                )
            }
            if categories
            else {}
        )
        return [translated.get(category.translation_key, category) for category in categories]

    def get_context(self, request, *args, form=None, **kwargs):
        from gala.archive import winners_by_edition
        from gala.forms import NominationForm

        context = super().get_context(request, *args, **kwargs)
        context["categories"] = self.shown_categories()
        context["now"] = timezone.now()
        context["winners"] = winners_by_edition([self])[self.pk]
        context["nominations_are_open"] = self.source().nominations_are_open()
        if context["nominations_are_open"]:
            context["form"] = form or NominationForm(edition=self)
        context["nominated"] = request.GET.get("nominated") == "1"
        return context

    def serve(self, request, *args, **kwargs):
        """A nomination in the window is saved and answered with a thank-you; outside it, or with errors, the page
        says so with status 400 (never a 500)."""
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        from gala.forms import NominationForm
        from gala.nominating import nominate

        check_request(request, "gala_nomination", key=request.POST.get("nominator_email"))
        done = redirect(f"{self.url}?nominated=1#nominate")
        if honeypot.caught(request):
            return done
        form = NominationForm(request.POST, edition=self)
        if form.is_valid() and nominate(self, form.cleaned_data, translation.get_language()):
            return done
        context = self.get_context(request, *args, form=form, **kwargs)
        return TemplateResponse(request, self.get_template(request, *args, **kwargs), context, status=400)
