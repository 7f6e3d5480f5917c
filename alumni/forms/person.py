"""Forms of a person's own data: joining, the invitation an imported person answers, the profile, visibility."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from alumni.models import (
    FIRST_GRADUATION_YEAR,
    HELP_OFFER_FIELDS,
    NEVER_PUBLIC_FIELDS,
    PERSON_FIELDS,
    VISIBILITY_DEFAULTS,
    Alumnus,
    Community,
    ConsentPurpose,
    Visibility,
    last_graduation_year,
)
from home.models import Faculty

PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp")
PHOTO_MAX_BYTES = 5 * 1024 * 1024

# Used only when no registration page exists to take the wording from (an invitation before the page is made).
FALLBACK_CONSENT_TEXTS = {
    ConsentPurpose.DIRECTORY: _("I agree to be listed in the alumni directory with the data and visibility I choose."),
    ConsentPurpose.NEWSLETTER: _("I agree to receive the alumni newsletter by e-mail."),
    ConsentPurpose.SURVEYS: _("I agree to receive satisfaction surveys by e-mail."),
}

_HELP_FIELDS = list(HELP_OFFER_FIELDS.values())
# The e-mail address is the account's key: changing it goes through the coordinator.
PROFILE_FIELDS = [name for name in PERSON_FIELDS if name != "email"] + ["communities"]


def _localized_names(model, rows, locale: Locale) -> dict:
    """translation_key -> name of each row's translation in the locale (one query)."""
    keys = [row.translation_key for row in rows]
    return dict(model.objects.filter(locale=locale, translation_key__in=keys).values_list("translation_key", "name"))


class LocalizedChoiceMixin:
    """Choices are the default-language rows (what the person is stored with), labelled in the page's language."""

    localized_labels: dict = {}

    def label_from_instance(self, obj):
        return self.localized_labels.get(obj.translation_key) or obj.name


class FacultyChoiceField(LocalizedChoiceMixin, forms.ModelChoiceField):
    pass


class CommunityChoiceField(LocalizedChoiceMixin, forms.ModelMultipleChoiceField):
    pass


def _localize_choices(field, model) -> None:
    default, active = Locale.get_default(), Locale.get_active()
    field.queryset = model.objects.filter(locale=default).order_by("sort_key")
    field.localized_labels = {} if active == default else _localized_names(model, list(field.queryset), active)


class PersonFieldsMixin:
    """What registration, invitation and profile share: localized choices, input hints, year bounds."""

    def setup_person_fields(self) -> None:
        if "communities" in self.fields:
            self.fields["communities"] = CommunityChoiceField(
                queryset=Community.objects.none(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=_("Professional communities"),
            )
            _localize_choices(self.fields["communities"], Community)
        for name, autocomplete in (
            ("first_name", "given-name"),
            ("last_name", "family-name"),
            ("phone", "tel"),
            ("employer", "organization"),
            ("job_title", "organization-title"),
            ("city", "address-level2"),
            ("country", "country-name"),
        ):
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = autocomplete
        if "graduation_year" in self.fields:
            self.fields["graduation_year"].widget.attrs.update(
                inputmode="numeric", min=FIRST_GRADUATION_YEAR, max=last_graduation_year()
            )
        for name in ("study_cycle", "sector"):
            if name in self.fields:
                self.fields[name].choices = [("", _("Choose")), *self.fields[name].choices[1:]]

    def help_fields(self):
        return [self[name] for name in _HELP_FIELDS if name in self.fields]


class ConsentFieldsMixin:
    """Three separate, unticked consents, each labelled with the exact sentence the person is agreeing to."""

    def add_consent_fields(self, consent_texts: dict[str, str], initial: dict[str, bool] | None = None) -> None:
        self.consent_texts = consent_texts
        for purpose in ConsentPurpose.values:
            self.fields[f"consent_{purpose}"] = forms.BooleanField(
                label=consent_texts[purpose], required=False, initial=(initial or {}).get(purpose, False)
            )

    def consent_fields(self):
        return [self[f"consent_{purpose}"] for purpose in ConsentPurpose.values]


class AlumnusRegistrationForm(PersonFieldsMixin, ConsentFieldsMixin, forms.ModelForm):
    """The join form. Whether an address is already known is not the form's business (see registration.register)."""

    faculty = FacultyChoiceField(queryset=Faculty.objects.none(), label=_("Faculty"), empty_label=_("Choose"))

    class Meta:
        model = Alumnus
        fields = ["faculty", "first_name", "last_name", "email", *PROFILE_FIELDS[2:]]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, consent_texts: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        _localize_choices(self.fields["faculty"], Faculty)
        self.fields["email"].required = True
        self.fields["study_cycle"].required = True
        self.fields["graduation_year"].required = True
        self.setup_person_fields()
        self.add_consent_fields(consent_texts)

    def validate_unique(self):
        # A known address must not be revealed by a form error; registration.register handles it.
        pass

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ProfileForm(PersonFieldsMixin, forms.ModelForm):
    """The person's own data. Faculty and e-mail address are changed by the alumni office, on request."""

    photo_upload = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    linkedin_url = forms.URLField(label=_("LinkedIn profile"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Alumnus
        fields = [*PROFILE_FIELDS, "bio", "linkedin_url"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_person_fields()
        if not self.instance.photo_id:
            del self.fields["remove_photo"]

    def clean_photo_upload(self):
        upload = self.cleaned_data.get("photo_upload")
        if not upload:
            return None
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in PHOTO_EXTENSIONS:
            raise forms.ValidationError(_("Upload a JPEG, PNG or WebP image."))
        if upload.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        image_format = getattr(getattr(upload, "image", None), "format", "") or ""
        if image_format.lower() not in ("jpeg", "png", "webp"):
            raise forms.ValidationError(_("Upload a JPEG, PNG or WebP image."))
        return upload


class InvitationForm(PersonFieldsMixin, ConsentFieldsMixin, forms.ModelForm):
    """An imported person checks what their faculty holds and chooses their consents."""

    class Meta:
        model = Alumnus
        fields = PROFILE_FIELDS

    def __init__(self, *args, consent_texts: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_person_fields()
        current = {purpose: getattr(self.instance, f"consent_{purpose}") for purpose in ConsentPurpose.values}
        self.add_consent_fields(consent_texts, initial=current)


HELP_OFFERS_LABEL = _("How I can help students")


class VisibilityForm(forms.Form):
    """Who sees each field: one choice per field; an e-mail address or phone number is never public."""

    hide_required_marks = True  # every choice always has a value

    def __init__(self, *args, alumnus: Alumnus, **kwargs):
        super().__init__(*args, **kwargs)
        self.alumnus = alumnus
        for field_name in VISIBILITY_DEFAULTS:
            choices = [
                (value, label)
                for value, label in Visibility.choices
                if not (field_name in NEVER_PUBLIC_FIELDS and value == Visibility.PUBLIC)
            ]
            if field_name == "help_offers":
                label = HELP_OFFERS_LABEL
            else:
                label = Alumnus._meta.get_field(field_name).verbose_name
            self.fields[field_name] = forms.ChoiceField(
                label=str(label)[:1].upper() + str(label)[1:],
                choices=choices,
                initial=alumnus.visibility_of(field_name),
            )

    def save(self) -> Alumnus:
        self.alumnus.visibility = dict(self.cleaned_data)
        self.alumnus.save(update_fields=["visibility"])
        return self.alumnus
