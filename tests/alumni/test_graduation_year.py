"""The graduation year's upper bound, "this year + 8", is read when a value is checked, never frozen in a migration."""

import io

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from alumni.forms import AlumnusRegistrationForm, ProfileForm
from alumni.models import Alumnus, MaxGraduationYearValidator, last_graduation_year
from tests.clock import NEW_YEARS_EVE, NEW_YEARS_NIGHT, frozen

IN_2031 = "2031-06-15T12:00:00+03:00"


class ValidatorTests(SimpleTestCase):
    def test_it_deconstructs_to_no_year_at_all(self):
        path, args, kwargs = MaxGraduationYearValidator().deconstruct()
        self.assertEqual((path, args, kwargs), ("alumni.models.validators.MaxGraduationYearValidator", (), {}))
        self.assertEqual(MaxGraduationYearValidator(), MaxGraduationYearValidator())
        self.assertNotEqual(MaxGraduationYearValidator(), MaxGraduationYearValidator(years_ahead=4))

    @frozen(IN_2031)
    def test_in_2031_the_last_year_is_2039(self):
        validate = MaxGraduationYearValidator()
        validate(2039)
        with self.assertRaises(ValidationError) as raised:
            validate(2040)
        self.assertEqual(raised.exception.code, "max_value")
        field = Alumnus._meta.get_field("graduation_year")
        self.assertEqual(field.clean(2039, None), 2039)
        with self.assertRaises(ValidationError):
            field.clean(2040, None)
        with self.assertRaises(ValidationError):
            field.clean(1918, None)

    def test_this_year_is_bucharests(self):
        with frozen(NEW_YEARS_EVE):
            self.assertEqual(last_graduation_year(), 2034)
        with frozen(NEW_YEARS_NIGHT):  # 22:30 UTC on 31 December, already 2027 in Bucharest
            self.assertEqual(last_graduation_year(), 2035)


class NoMigrationEachYearTests(TestCase):
    @frozen(IN_2031)
    def test_makemigrations_finds_nothing_to_change_years_later(self):
        out = io.StringIO()
        call_command("makemigrations", "alumni", "--check", "--dry-run", stdout=out)  # exits 1 on a change
        self.assertIn("No changes detected", out.getvalue())

    @frozen(IN_2031)
    def test_the_forms_offer_the_same_bound(self):
        form = AlumnusRegistrationForm(consent_texts={"directory": "", "newsletter": "", "surveys": ""})
        self.assertEqual(form.fields["graduation_year"].widget.attrs["max"], 2039)
        self.assertEqual(ProfileForm().fields["graduation_year"].widget.attrs["max"], 2039)
