"""Validators of a person's fields. Migrations refer to them by path: keep their names and this module's."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .choices import NEVER_PUBLIC_FIELDS, VISIBILITY_DEFAULTS, Visibility

FIRST_GRADUATION_YEAR = 1919
# Students join before they graduate: a graduation year may be this many years ahead.
GRADUATION_YEARS_AHEAD = 8


def last_graduation_year(years_ahead: int = GRADUATION_YEARS_AHEAD) -> int:
    """The latest graduation year accepted today (Bucharest's today: on New Year's night it is the new year)."""
    return timezone.localdate().year + years_ahead


@deconstructible
class MaxGraduationYearValidator(MaxValueValidator):
    """At most this year + `years_ahead`, with "this year" read each time a value is checked.

    A bound computed when the module loads would be frozen into the migrations, and each new year would then
    show up as a model change; this validator deconstructs to its arguments only, the same every year.
    """

    def __init__(self, years_ahead: int = GRADUATION_YEARS_AHEAD, message=None):
        self.years_ahead = years_ahead
        super().__init__(self.current_limit, message)

    def current_limit(self) -> int:
        return last_graduation_year(self.years_ahead)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, MaxGraduationYearValidator)
            and self.years_ahead == other.years_ahead
            and self.message == other.message
            and self.code == other.code
        )

    def __hash__(self) -> int:
        return hash((type(self), self.years_ahead))


def validate_visibility(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("Visibility must be a mapping of field names to audiences."))
    allowed = set(Visibility.values)
    for field_name, level in value.items():
        if field_name not in VISIBILITY_DEFAULTS:
            raise ValidationError(_("%(field)s has no visibility setting.") % {"field": field_name})
        if level not in allowed:
            raise ValidationError(_("%(level)s is not an audience.") % {"level": level})
        if field_name in NEVER_PUBLIC_FIELDS and level == Visibility.PUBLIC:
            raise ValidationError(_("An e-mail address or phone number cannot be shown to everyone."))
