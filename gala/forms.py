"""The public nomination form of a gala edition: the category, who is nominated (name, faculty, year) and why,
and who proposes them; refused outside the nomination window."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from alumni.models import FIRST_GRADUATION_YEAR


class NominationForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Award category"), coerce=str)
    nominee_name = forms.CharField(label=_("Who do you nominate?"), max_length=200)
    faculty = forms.TypedChoiceField(label=_("Their faculty"), coerce=int)
    graduation_year = forms.IntegerField(label=_("Graduation year"), required=False, min_value=FIRST_GRADUATION_YEAR)
    reason = forms.CharField(
        label=_("Why do they deserve the award?"),
        max_length=3000,
        min_length=30,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What they did, for whom, when: at least a few sentences."),
        error_messages={
            "min_length": _("Write at least %(limit_value)d characters (there are %(show_value)d)."),
            "max_length": _("Write at most %(limit_value)d characters (there are %(show_value)d)."),
        },
    )
    nominator_name = forms.CharField(label=_("Your name"), max_length=200)
    nominator_email = forms.EmailField(label=_("Your e-mail"), help_text=_("Only the alumni office sees it."))

    def __init__(self, *args, edition, **kwargs):
        from home.models import Faculty

        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["category"].choices = [("", "—")] + [
            (str(category.translation_key), category.name) for category in edition.shown_categories()
        ]
        locale = edition.locale
        faculties = Faculty.objects.filter(locale=locale).order_by("name") or Faculty.objects.filter(
            locale__language_code="ro"
        ).order_by("name")
        self.fields["faculty"].choices = [("", "—")] + [(faculty.pk, faculty.name) for faculty in faculties]
        self.fields["nominator_email"].widget.attrs.update(autocomplete="email")
        self.fields["nominator_name"].widget.attrs.update(autocomplete="name")

    def clean(self):
        cleaned = super().clean()
        if not self.edition.source().nominations_are_open():
            raise forms.ValidationError(_("Nominations for this edition are closed."), code="closed")
        return cleaned


class NominationAdminForm(WagtailAdminModelForm):
    """A nomination in the admin: its faculty among the user's own (a faculty editor cannot move it elsewhere)."""

    def __init__(self, *args, **kwargs):
        from home.permissions import faculties_for_user

        super().__init__(*args, **kwargs)
        if self.for_user is not None and "faculty" in self.fields:
            self.fields["faculty"].queryset = faculties_for_user(self.for_user, central=True)

    def save(self, commit=True):
        from gala.models import NominationChange

        new = self.instance.pk is None
        nomination = super().save(commit)
        if new and commit:  # entered by the office (a nomination on paper, say): its first step is recorded too
            NominationChange.objects.create(nomination=nomination, to_status=nomination.status, by=self.for_user)
        return nomination


class GalaEvaluationForm(WagtailAdminModelForm):
    class Meta:
        from gala.models import GalaEvaluation

        model = GalaEvaluation
        fields = ["edition", "text"]

    def save(self, commit=True):
        if self.instance.recorded_by_id is None and self.for_user is not None and self.for_user.is_authenticated:
            self.instance.recorded_by = self.for_user
        return super().save(commit)
