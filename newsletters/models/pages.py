"""The newsletter archive and the newsletters in it: pages the office writes, previews and sends.

A newsletter answers the public only once it has been sent (its mailing started); until then it is the office's
draft, seen in the admin's preview. Its audience lives on the page and is synchronised across translations: each
recipient gets the translation in their language when there is a live one.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from alumni.models import FIRST_GRADUATION_YEAR, StudyCycle
from home import honeypot
from home.images import prefetch_images
from home.models import BasePage
from home.pagination import paginate
from home.ratelimit import check_request
from newsletters.blocks import NewsletterStreamBlock


def sent_q():
    """Newsletters whose mailing has started, by any translation of them."""
    from newsletters.models.mailings import Mailing

    return Exists(
        Mailing.objects.started().filter(kind=Mailing.Kind.NEWSLETTER, translation_key=OuterRef("translation_key"))
    )


DEFAULT_CONSENT = "Sunt de acord să primesc newsletterul alumni pe această adresă; mă pot dezabona oricând."


class NewsletterIndexPage(BasePage):
    """The public archive: the newsletters sent, newest first, in the page's language, and the form for people
    outside the alumni database to subscribe (double opt-in)."""

    page_cache_shows = ("newsletters.NewsletterPage",)

    subscribe_consent_text = models.TextField(
        _("subscription consent"),
        default=DEFAULT_CONSENT,
        help_text=_("The sentence people tick to subscribe; it is kept with each subscription."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("subscribe_consent_text")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["newsletters.NewsletterPage"]
    template = "newsletters/newsletter_index_page.html"
    items_per_page = 12

    class Meta:
        verbose_name = _("newsletter archive")

    def sent_newsletters(self):
        return NewsletterPage.objects.child_of(self).live().public().filter(sent_q()).order_by("-date", "-pk")

    def get_context(self, request, *args, form=None, **kwargs):
        from newsletters.forms import SubscribeForm

        context = super().get_context(request, *args, **kwargs)
        newsletters = prefetch_images(self.sent_newsletters(), "listing_image")
        context["newsletters"] = paginate(request, newsletters, self.items_per_page)
        context["subscribe_form"] = form or SubscribeForm(consent_text=self.subscribe_consent_text)
        context["subscribed"] = request.GET.get("subscribed") == "1"
        return context

    def serve(self, request, *args, **kwargs):
        """A valid subscription redirects to "check your e-mail" whoever the address belongs to; an invalid one
        shows the form's errors with status 400."""
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        from newsletters.forms import SubscribeForm
        from newsletters.subscriptions import request_subscription

        check_request(request, "newsletter_subscribe", key=request.POST.get("email"))
        done = redirect(f"{self.url}?subscribed=1#subscribe")
        if honeypot.caught(request):
            return done
        form = SubscribeForm(request.POST, consent_text=self.subscribe_consent_text)
        if form.is_valid():
            request_subscription(form.cleaned_data["email"], translation.get_language(), self.subscribe_consent_text)
            return done
        context = self.get_context(request, *args, form=form, **kwargs)
        return TemplateResponse(request, self.get_template(request, *args, **kwargs), context, status=400)


class NewsletterPage(BasePage):
    """One issue of the newsletter: its content, and who receives it."""

    date = models.DateField(_("date"), default=timezone.localdate)
    body = StreamField(NewsletterStreamBlock(), verbose_name=_("content"), blank=True)

    audience_faculties = ParentalManyToManyField(
        "home.Faculty",
        verbose_name=_("faculties"),
        blank=True,
        related_name="+",
        help_text=_("Only graduates of these faculties; none chosen: every faculty."),
    )
    audience_year_from = models.PositiveSmallIntegerField(_("graduated from"), null=True, blank=True)
    audience_year_to = models.PositiveSmallIntegerField(_("graduated until"), null=True, blank=True)
    audience_study_cycle = models.CharField(
        _("study cycle"), max_length=10, choices=StudyCycle.choices, blank=True, help_text=_("Empty: every cycle.")
    )
    audience_community = models.ForeignKey(
        "alumni.Community",
        verbose_name=_("professional community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience_helpers_only = models.BooleanField(_("only people willing to help students"), default=False)

    content_panels = BasePage.content_panels + [FieldPanel("date"), FieldPanel("body")]
    audience_panels = [
        MultiFieldPanel(
            [
                FieldPanel("audience_faculties", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("audience_year_from"), FieldPanel("audience_year_to")]),
                FieldPanel("audience_study_cycle"),
                FieldPanel("audience_community"),
                FieldPanel("audience_helpers_only"),
            ],
            heading=_("Audience: subscribers to the newsletter who are"),
        )
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(audience_panels, heading=_("Audience")),
            ObjectList(BasePage.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.FilterField("date")]
    api_fields = BasePage.api_fields + [APIField("date"), APIField("body")]

    parent_page_types = ["newsletters.NewsletterIndexPage"]
    subpage_types = []
    template = "newsletters/newsletter_page.html"

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def clean(self):
        super().clean()
        errors = {}
        for name in ("audience_year_from", "audience_year_to"):
            year = getattr(self, name)
            if year is not None and year < FIRST_GRADUATION_YEAR:
                errors[name] = _("Enter a year from %(year)s on.") % {"year": FIRST_GRADUATION_YEAR}
        if (
            self.audience_year_from is not None
            and self.audience_year_to is not None
            and self.audience_year_to < self.audience_year_from
        ):
            errors["audience_year_to"] = _("The last year comes after the first.")
        if errors:
            raise ValidationError(errors)

    def is_sent(self) -> bool:
        return NewsletterPage.objects.filter(pk=self.pk).filter(sent_q()).exists()

    def serve(self, request, *args, **kwargs):
        if not self.is_sent():
            raise Http404
        return super().serve(request, *args, **kwargs)
