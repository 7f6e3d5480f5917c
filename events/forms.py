"""The registration form on an event page."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from events.models import Registration
from home.models import Faculty

CONSENT_TEXT = _(
    "I agree that the alumni office processes my name, e-mail address and the data above to organise this event "
    "and to contact me about it. The data is kept until the event's report is made."
)


class RegistrationForm(forms.ModelForm):
    consent = forms.BooleanField(label=CONSENT_TEXT, required=True)

    class Meta:
        model = Registration
        fields = ["name", "email", "role", "faculty", "graduation_year"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Full name")
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["faculty"].queryset = Faculty.objects.filter(locale=Locale.get_active())
        self.fields["faculty"].empty_label = _("Choose your faculty")
        self.fields["graduation_year"].widget.attrs.update(inputmode="numeric", min=1919)
        self.fields["role"].choices = [("", _("Choose"))] + list(Registration.Role.choices)

    def clean_graduation_year(self):
        year = self.cleaned_data.get("graduation_year")
        # This year in Bucharest (whatever the server's clock zone), read at each check, not when the module loads.
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("The graduation year cannot be in the future."))
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Registration.Role.ALUMNUS:
            if not cleaned.get("faculty"):
                self.add_error("faculty", _("Alumni: choose the faculty you graduated from."))
            if not cleaned.get("graduation_year"):
                self.add_error("graduation_year", _("Alumni: enter your graduation year."))
        return cleaned
