"""The archive's subscription form: an address and the consent, in the wording the office wrote on the page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alumni.models import ConsentPurpose


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    consent = forms.BooleanField(
        error_messages={"required": _("Tick the box to agree to receive the newsletter.")},
    )

    def __init__(self, *args, consent_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text
        self.fields["email"].widget.attrs.update(autocomplete="email")


class AudienceForm(forms.Form):
    """Who receives a mailing: the people who consent to its purpose, narrowed as the office chooses."""

    purpose = ConsentPurpose.NEWSLETTER

    faculties = forms.ModelMultipleChoiceField(
        label=_("Faculties"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every faculty."),
    )
    year_from = forms.IntegerField(label=_("Graduated from"), required=False, min_value=1900, max_value=2200)
    year_to = forms.IntegerField(label=_("Graduated until"), required=False, min_value=1900, max_value=2200)
    study_cycle = forms.ChoiceField(label=_("Study cycle"), required=False)
    community = forms.ModelChoiceField(label=_("Professional community"), queryset=None, required=False)
    helpers_only = forms.BooleanField(label=_("Only people willing to help students"), required=False)

    def __init__(self, *args, **kwargs):
        from wagtail.models import Locale

        from alumni.models import Community, StudyCycle
        from home.models import Faculty

        super().__init__(*args, **kwargs)
        default = Locale.get_default()
        self.fields["faculties"].queryset = Faculty.objects.filter(locale=default)
        self.fields["community"].queryset = Community.objects.filter(locale=default)
        self.fields["study_cycle"].choices = [("", _("Every cycle")), *StudyCycle.choices]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("The last year comes after the first."))
        return cleaned

    def audience(self):
        from newsletters.audiences import Audience

        data = self.cleaned_data
        return Audience.from_choices(
            faculties=data["faculties"],
            year_from=data["year_from"],
            year_to=data["year_to"],
            study_cycle=data["study_cycle"],
            community=data["community"],
            helpers_only=data["helpers_only"],
            purpose=self.purpose,
        )


class InvitationForm(AudienceForm):
    """The office's choices for an invitation: the text, and who receives it (people who consent to the office's
    messages, narrowed as chosen)."""

    template = forms.ModelChoiceField(label=_("Text"), queryset=None, empty_label=_("Choose a text"))

    field_order = ["template"]

    def __init__(self, *args, **kwargs):
        from wagtail.models import Locale

        from newsletters.models import InvitationTemplate

        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = InvitationTemplate.objects.filter(locale=Locale.get_default())
