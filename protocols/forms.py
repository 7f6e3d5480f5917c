"""The admin's forms: a protocol filed under one of the user's faculties and drafted from a template; a weak point
offered the willing alumni of its faculty; a lifecycle step with what it needs; an evaluation whose attendance is
proposed from the activities' events."""

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from protocols.models import Protocol

SIGNED_FILE_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
SIGNED_FILE_MAX_BYTES = 20 * 1024 * 1024


def _scope_faculty_field(form) -> None:
    from home.permissions import faculties_for_user

    if form.for_user is not None and "faculty" in form.fields:
        form.fields["faculty"].queryset = faculties_for_user(form.for_user, central=True)


class ProtocolAdminForm(WagtailAdminModelForm):
    """Its faculty among the user's own; weak points and partner alumni of the user's faculties; a new protocol
    drafted from a template takes the template's clauses as its terms."""

    def __init__(self, *args, **kwargs):
        from alumni.models import Alumnus
        from home.permissions import scope_to_faculties
        from protocols.models import WeakPoint

        super().__init__(*args, **kwargs)
        _scope_faculty_field(self)
        if self.for_user is not None:
            if "weak_points" in self.fields:
                self.fields["weak_points"].queryset = scope_to_faculties(
                    WeakPoint.objects.select_related("faculty"), self.for_user, central=True
                )
            if "partner" in self.fields:
                self.fields["partner"].queryset = scope_to_faculties(
                    Alumnus.objects.exclude(status=Alumnus.Status.ERASED), self.for_user
                )

    def clean(self):
        cleaned = super().clean()
        template = cleaned.get("template")
        if template is not None and not self.instance.pk and not strip_tags(cleaned.get("terms") or "").strip():
            cleaned["terms"] = template.body
            self.instance.terms = template.body
        return cleaned


class WeakPointAdminForm(WagtailAdminModelForm):
    """The alumni offered are the user's faculties' people willing to help students (of the weak point's faculty
    once it has one), plus those already chosen."""

    def __init__(self, *args, **kwargs):
        from alumni.models import Alumnus
        from home.permissions import scope_to_faculties

        super().__init__(*args, **kwargs)
        _scope_faculty_field(self)
        if "volunteers" not in self.fields:
            return
        people = Alumnus.objects.exclude(status=Alumnus.Status.ERASED).willing_to_help()
        if self.instance.faculty_id:
            people = people.filter(faculty_id=self.instance.faculty_id)
        if self.for_user is not None:
            people = scope_to_faculties(people, self.for_user)
        chosen = self.instance.volunteers.values("pk") if self.instance.pk else Alumnus.objects.none().values("pk")
        self.fields["volunteers"].queryset = (
            Alumnus.objects.filter(pk__in=people.values("pk")) | Alumnus.objects.filter(pk__in=chosen)
        ).order_by("sort_key", "pk")
        self.fields["volunteers"].widget = forms.CheckboxSelectMultiple()
        self.fields["volunteers"].widget.choices = self.fields["volunteers"].choices


class MoveForm(forms.Form):
    """One lifecycle step and what it needs (the fields of other steps are ignored)."""

    stage = forms.ChoiceField(label=_("Next stage"), choices=Protocol.Stage.choices)
    signed_on = forms.DateField(label=_("signed on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    registration_number = forms.CharField(label=_("registration number"), max_length=100, required=False)
    registration_date = forms.DateField(
        label=_("registration date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    signed_file = forms.FileField(label=_("signed protocol"), required=False)
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)

    def clean_signed_file(self):
        upload = self.cleaned_data.get("signed_file")
        if upload is None:
            return None
        if not upload.name.lower().endswith(SIGNED_FILE_TYPES):
            raise forms.ValidationError(_("Attach a PDF or a scanned image (JPEG, PNG)."))
        if upload.size > SIGNED_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class ProtocolEvaluationForm(WagtailAdminModelForm):
    """An evaluation of one of the user's faculties' protocols; participants and attendance proposed from the
    registrations of the activities' events."""

    class Meta:
        from protocols.models import ProtocolEvaluation

        model = ProtocolEvaluation
        fields = ["protocol", "participants", "attendance", "assessment"]

    def __init__(self, *args, **kwargs):
        from home.permissions import scope_to_faculties

        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            protocols = scope_to_faculties(Protocol.objects.select_related("faculty"), self.for_user, central=True)
            self.fields["protocol"].queryset = protocols
        protocol_id = self.initial.get("protocol") or self.instance.protocol_id
        if (
            protocol_id
            and not self.instance.pk
            and str(protocol_id).isdigit()
            and self.fields["protocol"].queryset.filter(pk=protocol_id).exists()  # only the user's faculties'
        ):
            from protocols.attendance import attendance_of

            counts = attendance_of([protocol_id])[int(protocol_id)]
            self.initial.setdefault("participants", counts["registered"])
            self.initial.setdefault("attendance", counts["attended"])

    def save(self, commit=True):
        if self.instance.recorded_by_id is None and self.for_user is not None and self.for_user.is_authenticated:
            self.instance.recorded_by = self.for_user
        return super().save(commit)
