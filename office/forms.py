"""The platform report's period: two dates, the last twelve months unless chosen."""

import datetime

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

MAX_DAYS = 3 * 366
FIRST_YEAR = 1900


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The twelve months up to today, today included."""
    today = today or timezone.localdate()
    return today - relativedelta(years=1) + datetime.timedelta(days=1), today


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        last_year = timezone.localdate().year + 1
        for name, value in (("start", start), ("end", end)):
            if value and not FIRST_YEAR <= value.year <= last_year:
                self.add_error(
                    name, _("Choose a date from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": last_year}
                )
                return cleaned
        if start and end:
            if end < start:
                self.add_error("end", _("The end comes after the start."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("end", _("Choose a period of at most three years."))
        return cleaned


# Plans, measures and coordinators (the admin's forms) ----------------------------------------------------------


class FacultyChoiceForm(WagtailAdminModelForm):
    """A record filed under a faculty: the faculty among the user's own (an editor cannot file it elsewhere)."""

    def __init__(self, *args, **kwargs):
        from home.permissions import faculties_for_user

        super().__init__(*args, **kwargs)
        if self.for_user is not None and "faculty" in self.fields:
            self.fields["faculty"].queryset = faculties_for_user(self.for_user, central=True)


class ActionPlanForm(FacultyChoiceForm):
    """A faculty's plan for an academic year (the current one unless chosen), one per faculty and year."""

    def __init__(self, *args, **kwargs):
        from office.academic_year import current_academic_year

        super().__init__(*args, **kwargs)
        if self.instance.pk is None and "academic_year" in self.fields:
            self.fields["academic_year"].initial = current_academic_year(timezone.localdate())


class ActionProgressForm(forms.ModelForm):
    """One planned action's progress, recorded by its faculty after the plan was submitted: its status, the day it
    was done and what shows it. The title, deadline, responsible person and measure stay as submitted. A done action
    needs the day it was done, and only a done one has it (the model's rule)."""

    class Meta:
        from office.models import PlanAction

        model = PlanAction
        fields = ["status", "done_on", "evidence"]
        widgets = {
            "done_on": forms.DateInput(attrs={"type": "date"}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }


class BaseActionProgressFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        # Every row is one of this plan's actions: an id of another plan's (or a deleted) action is refused.
        if any(form.instance.pk is None for form in self.initial_forms):
            raise forms.ValidationError(_("The plan's actions have changed meanwhile: open the page again."))


def action_progress_formset(plan, data=None):
    """The plan's actions, one progress form each, in the plan's order; no action added, removed or reordered."""
    from office.models import PlanAction

    actions = plan.actions.order_by("sort_order", "pk")
    count = actions.count()
    formset_class = forms.modelformset_factory(
        PlanAction,
        form=ActionProgressForm,
        formset=BaseActionProgressFormSet,
        extra=0,
        max_num=count,
        validate_max=True,
        absolute_max=count,
        can_delete=False,
    )
    return formset_class(data, queryset=actions, prefix="actions")


def _units():
    """Every faculty, as the default-language rows records point at."""
    from django.conf import settings

    from home.models import Faculty

    return Faculty.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("sort_key")


class MeasureForm(WagtailAdminModelForm):
    """A strategy measure with its deadlines: one per faculty, among the default-language faculties."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        deadlines = self.formsets["deadlines"]
        # The blank row the admin copies for "add" is built from the form class's fields.
        deadlines.form.base_fields["faculty"].queryset = _units()
        for form in deadlines.forms:
            form.fields["faculty"].queryset = _units()

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for form in self.formsets["deadlines"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            faculty = form.cleaned_data.get("faculty")
            if faculty is None:
                continue
            if faculty.pk in seen:
                form.add_error("faculty", _("This faculty already has a deadline for this measure."))
            seen.add(faculty.pk)
        return cleaned


class MeetingForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "faculties" in self.fields:
            self.fields["faculties"].queryset = _units()


# Syntheses --------------------------------------------------------------------------------------------------------


class SynthesisForm(FacultyChoiceForm):
    """A faculty's synthesis for a period: saving it compiles its figures from the records, as of now."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        last_year = timezone.localdate().year + 1
        for name, value in (("period_start", start), ("period_end", end)):
            if value and not FIRST_YEAR <= value.year <= last_year:
                self.add_error(
                    name, _("Choose a date from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": last_year}
                )
                return cleaned
        if start and end:
            if end < start:
                self.add_error("period_end", _("The end comes after the start."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("period_end", _("Choose a period of at most three years."))
        return cleaned

    def save(self, commit=True):
        synthesis = self.instance
        if synthesis.created_by_id is None and self.for_user is not None and self.for_user.is_authenticated:
            synthesis.created_by = self.for_user
        synthesis.compile()
        return super().save(commit)


class SnapshotForm(forms.Form):
    """The year to freeze: this year or an earlier one (a year still to come has nothing to freeze)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Choose this year or an earlier one."))
        return year
