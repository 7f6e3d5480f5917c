"""The alumni app's pages: the directory (with its community pages) and the join form.

The pages serve themselves, like Wagtail's form pages; what they show is built by modules that are not views
(`alumni.directory.page` for the directory, `alumni.forms` and `alumni.registration` for joining), imported when
a page is served since those modules import the models.
"""

from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from home import honeypot
from home.models import BasePage, FacultyPage
from home.ratelimit import check_request

COMMUNITY_ROUTE = "community"


class DirectoryPage(RoutablePageMixin, BasePage):
    """The alumni directory: search by name, filters with counts, pages of people, community pages.

    Under the home page it covers every faculty; under a faculty section only that faculty's alumni.
    """

    page_cache_shows = ("alumni.Alumnus", "alumni.Community")

    parent_page_types = ["home.HomePage", "home.FacultyPage"]
    subpage_types: list[str] = []
    template = "alumni/directory_page.html"
    community_template = "alumni/community_page.html"
    items_per_page = 20

    class Meta:
        verbose_name = _("alumni directory")

    def section_faculty_key(self):
        """The faculty a directory under a faculty section covers (its translation key); None under the home page."""
        parent_path = self.path[: -self.steplen]
        return FacultyPage.objects.filter(path=parent_path).values_list("faculty__translation_key", flat=True).first()

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The directory; invalid filter values re-render the form with its errors and answer 400."""
        from alumni.directory.page import directory_context

        check_request(request, "directory")
        context = self.get_context(request)
        context.update(directory_context(self, request))
        status = 400 if context["filterset"].errors else 200
        return TemplateResponse(request, self.get_template(request), context, status=status)

    @path("comunitati/<slug:slug>/", name=COMMUNITY_ROUTE)
    def community_route(self, request, slug: str):
        from alumni.directory.page import community_context

        check_request(request, "directory")
        context = self.get_context(request)
        context.update(community_context(self, request, slug))
        return TemplateResponse(request, self.community_template, context)


class JoinPage(BasePage):
    """The form a graduate joins the alumni community with; the consent wording lives here, versioned."""

    page_cache_shows = ("alumni.Community",)

    directory_consent_text = models.TextField(
        _("directory consent"),
        help_text=_(
            "The exact sentence the person ticks to be listed in the directory. Changing it starts a new version."
        ),
    )
    newsletter_consent_text = models.TextField(_("newsletter consent"))
    surveys_consent_text = models.TextField(_("surveys consent"))
    privacy_notice = RichTextField(_("privacy notice"), blank=True, features=["bold", "italic", "link", "ul"])
    thank_you_text = models.TextField(
        _("after submitting"),
        help_text=_("Shown after the form is sent, while the person's e-mail confirmation is awaited."),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    template = "alumni/join_page.html"
    max_count_per_parent = 1

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("directory_consent_text"),
                FieldPanel("newsletter_consent_text"),
                FieldPanel("surveys_consent_text"),
                FieldPanel("privacy_notice"),
            ],
            heading=_("Consents"),
        ),
        FieldPanel("thank_you_text"),
    ]

    class Meta:
        verbose_name = _("alumni registration page")

    def consent_text(self, purpose: str) -> str:
        return getattr(self, f"{purpose}_consent_text")

    def get_form(self, data=None):
        from alumni.forms import AlumnusRegistrationForm
        from alumni.registration import consent_texts_for

        return AlumnusRegistrationForm(data, consent_texts=consent_texts_for(self))

    def get_context(self, request, *args, form=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["form"] = form or self.get_form()
        context["sent"] = request.GET.get("sent") == "1"
        return context

    def serve(self, request, *args, **kwargs):
        """GET shows the form; a valid POST joins (see `alumni.registration.register`) and redirects to "check your
        e-mail", whether or not the address was known; an invalid one shows the errors with status 400."""
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        from alumni.registration import register

        check_request(request, "join", key=request.POST.get("email"))
        if honeypot.caught(request):
            return redirect(f"{self.url}?sent=1#join")
        form = self.get_form(request.POST)
        if form.is_valid():
            register(self, form.cleaned_data, language=translation.get_language(), consent_texts=form.consent_texts)
            return redirect(f"{self.url}?sent=1#join")
        context = self.get_context(request, *args, form=form, **kwargs)
        return TemplateResponse(request, self.get_template(request, *args, **kwargs), context, status=400)
