"""A survey is a page built with Wagtail's form builder, with two more field types: a 1–5 scale and the 0–10
recommendation score. The page only takes answers through a round's personal link (see surveys.answering); its
translations ask the same questions, and their answers are kept under the questions of the page in the site's
default language, so that a round's report counts every language together."""

from django.db import models
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField, FormMixin
from wagtail.fields import RichTextField
from wagtail.models import Locale
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import BasePage
from surveys.fields import CHOICE_TYPES, FIELD_TYPES, SurveyFormBuilder

# How each state of a personal link answers (surveys.answering): a page that says so, with a status to match.
STATUS = {"invalid": 400, "not_yet": 403, "used": 409, "closed": 410, "invitation_only": 200}


def private(response):
    """Personal pages: never cached anywhere, and the link in the address not passed on to other sites (a POST
    still carries its origin, for the CSRF check)."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


class SurveyField(AbstractFormField):
    field_type = models.CharField(_("field type"), max_length=16, choices=FIELD_TYPES)
    page = ParentalKey("surveys.SurveyPage", on_delete=models.CASCADE, related_name="form_fields")

    # The question's key and type stay those of the original in every translation: answers are counted by them.
    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("help_text"),
        TranslatableField("choices"),
        TranslatableField("default_value"),
        SynchronizedField("clean_name", overridable=False),
        SynchronizedField("field_type", overridable=False),
        SynchronizedField("required", overridable=False),
    ]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def choice_list(self) -> list[str]:
        from wagtail.contrib.forms.forms import _split_by_newline_or_comma

        return [choice for choice in _split_by_newline_or_comma(self.choices) if choice] if self.choices else []


class SurveyPage(FormMixin, BasePage):
    """A questionnaire. Rounds (Surveys → Rounds in the admin) open it to invited people for a time."""

    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=["bold", "italic", "link"])
    cadence_months = models.PositiveSmallIntegerField(
        _("cadence"),
        default=12,
        choices=[(0, _("Once")), (6, _("Every six months")), (12, _("Every year")), (24, _("Every two years"))],
        help_text=_("How often a new round follows the last one; the next round is planned when one closes."),
    )

    form_builder = SurveyFormBuilder
    content_panels = BasePage.content_panels + [
        InlinePanel("form_fields", label=_("Questions")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel([FieldPanel("cadence_months")], heading=_("Rounds")),
    ]
    parent_page_types = ["home.HomePage", "home.FacultyPage"]
    subpage_types: list[str] = []
    template = "surveys/survey_page.html"
    landing_page_template = "surveys/survey_page_landing.html"

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def source(self) -> "SurveyPage":
        """The survey in the site's default language: rounds hang on it, answers use its questions."""
        default = self.get_translation_or_none(Locale.get_default())
        return (default or self).specific

    def serve(self, request, *args, **kwargs):
        """With a personal link, the questions; without one, or with a link that is used, forged, not yet open or
        past its round, a page in the visitor's language that says so (never a 500)."""
        from surveys.answering import GOOD, USED, link_state, record_answer
        from surveys.tokens import TOKEN_PARAMETER

        if getattr(request, "is_preview", False):
            form = self.get_form(request.POST if request.method == "POST" else None, page=self, user=request.user)
            if request.method == "POST" and form.is_valid():
                return self.render_landing_page(request)
            return self._render(request, form=form, state="preview")

        source = request.POST if request.method == "POST" else request.GET
        token = source.get(TOKEN_PARAMETER, "")
        if not token:
            return self._render(request, state="invitation_only")
        link = link_state(self, token)
        if link.state != GOOD:
            return self._render(request, state=link.state, survey_round=link.round)
        if request.method != "POST":
            form = self.get_form(page=self, user=None)
            return self._render(request, form=form, state=GOOD, token=token, survey_round=link.round)
        form = self.get_form(request.POST, page=self, user=None)
        if not form.is_valid():
            return self._render(request, status=400, form=form, state=GOOD, token=token, survey_round=link.round)
        response = record_answer(self, link.invitee, form.cleaned_data, translation.get_language() or "ro")
        if response is None:  # answered meanwhile (another tab), or the round closed while the form was open
            link = link_state(self, token)
            return self._render(request, state=USED if link.state == GOOD else link.state, survey_round=link.round)
        return private(self.render_landing_page(request, response))

    def _render(self, request, status=None, **extra):
        context = self.get_context(request)
        context.update(extra)
        status = status or STATUS.get(extra.get("state"), 200)
        return private(TemplateResponse(request, self.get_template(request), context, status=status))

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["state"] = "preview"
        return context

    def questions(self) -> list[SurveyField]:
        return list(self.get_form_fields())

    def answers_from(self, cleaned_data: dict) -> dict:
        """A form's answers under the default-language survey's questions: keys are the original's keys, and a
        chosen option is the original's wording of the option at the same place in the list."""
        source = self.source()
        own = self.questions()
        originals = {field.clean_name: field for field in source.questions()} if source.pk != self.pk else None
        answers = {}
        for field in own:
            value = cleaned_data.get(field.clean_name)
            original = originals.get(field.clean_name) if originals is not None else field
            if original is None:
                continue
            if field.field_type in CHOICE_TYPES and originals is not None:
                value = _to_original_choices(value, field.choice_list(), original.choice_list())
            answers[field.clean_name] = value
        return answers


def _to_original_choices(value, own: list[str], original: list[str]):
    def one(choice):
        if choice in own and own.index(choice) < len(original):
            return original[own.index(choice)]
        return choice

    if isinstance(value, list):
        return [one(choice) for choice in value]
    return one(value) if value not in (None, "") else value
