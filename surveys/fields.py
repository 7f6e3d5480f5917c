"""The survey's question types: Wagtail's form builder, with a 1–5 scale and the 0–10 recommendation score (the
net promoter question), both as radio buttons that work without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder

SCALE = "scale"
RECOMMENDATION = "recommendation"
CHOICE_TYPES = ("radio", "dropdown", "checkboxes")
NUMERIC_TYPES = (SCALE, RECOMMENDATION, "number")
TEXT_TYPES = ("singleline", "multiline")

FIELD_TYPES = [
    (SCALE, _("Scale from 1 to 5")),
    (RECOMMENDATION, _("Recommendation from 0 to 10")),
    ("radio", _("One choice (buttons)")),
    ("dropdown", _("One choice (list)")),
    ("checkboxes", _("Several choices")),
    ("checkbox", _("Yes or no")),
    ("number", _("Number")),
    ("singleline", _("Short text")),
    ("multiline", _("Long text")),
]

SCALE_VALUES = list(range(1, 6))
RECOMMENDATION_VALUES = list(range(0, 11))
TEXT_LIMIT = 2000


class ScaleWidget(forms.RadioSelect):
    """Radio buttons in one row, read as a group with the question as its legend."""

    scale = True


class SurveyFormBuilder(FormBuilder):
    def create_scale_field(self, field, options):
        return self._numbered(SCALE_VALUES, options)

    def create_recommendation_field(self, field, options):
        return self._numbered(RECOMMENDATION_VALUES, options)

    def _numbered(self, values, options):
        options["initial"] = None
        options["choices"] = [(value, str(value)) for value in values]
        options["widget"] = ScaleWidget
        options["coerce"] = int
        options["empty_value"] = None
        return forms.TypedChoiceField(**options)

    def create_number_field(self, field, options):
        options["initial"] = None
        return forms.DecimalField(max_digits=12, decimal_places=2, **options)

    def create_singleline_field(self, field, options):
        options["max_length"] = 255
        return forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = TEXT_LIMIT
        options.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        return forms.CharField(**options)

    def create_checkbox_field(self, field, options):
        options["initial"] = False
        return forms.BooleanField(**options)

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.error_css_class = "form__field--error"
        return form_class
