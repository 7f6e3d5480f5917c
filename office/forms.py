"""The platform report's period: two dates, the last twelve months unless chosen."""

import datetime

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
