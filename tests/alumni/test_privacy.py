"""The privacy function: who sees which person and which field, whatever surface asks."""

from django.test import TestCase

from alumni.factories import AlumnusFactory
from alumni.models import Alumnus, Visibility
from alumni.privacy import PUBLIC, Viewer, office_viewer, profile_for, self_viewer, visible_alumni
from home.factories import FacultyFactory

ALUMNUS = Viewer(audience=Visibility.ALUMNI, alumnus_id=-1)


class PersonVisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.faculty = FacultyFactory()
        cls.listed = AlumnusFactory(faculty=cls.faculty)
        cls.hidden = {
            "unconfirmed": AlumnusFactory(faculty=cls.faculty, status=Alumnus.Status.UNCONFIRMED),
            "pending": AlumnusFactory(faculty=cls.faculty, status=Alumnus.Status.PENDING),
            "rejected": AlumnusFactory(faculty=cls.faculty, status=Alumnus.Status.REJECTED),
            "no consent": AlumnusFactory(faculty=cls.faculty, consent_directory=False),
        }

    def test_only_approved_consenting_people_are_visible_to_the_public_and_to_alumni(self):
        for viewer in (PUBLIC, ALUMNUS):
            with self.subTest(viewer=viewer.audience):
                self.assertEqual(list(visible_alumni(viewer)), [self.listed])
                self.assertIsNotNone(profile_for(self.listed, viewer))
                for reason, person in self.hidden.items():
                    with self.subTest(reason=reason):
                        self.assertIsNone(profile_for(person, viewer))

    def test_the_office_sees_everyone_of_its_faculties_and_a_person_sees_themselves(self):
        self.assertEqual(visible_alumni(office_viewer()).count(), 5)
        self.assertEqual(visible_alumni(office_viewer([self.faculty.pk + 1000])).count(), 0)
        pending = self.hidden["pending"]
        self.assertEqual(profile_for(pending, self_viewer(pending)).email, pending.email)

    def test_erased_people_are_visible_to_nobody(self):
        erased = AlumnusFactory(faculty=self.faculty, status=Alumnus.Status.ERASED)
        for viewer in (PUBLIC, ALUMNUS, office_viewer()):
            self.assertIsNone(profile_for(erased, viewer))
            self.assertNotIn(erased, visible_alumni(viewer))


class FieldVisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = AlumnusFactory(phone="+40 700 000 000", linkedin_url="https://www.linkedin.com/in/exemplu")

    def test_defaults_are_private_first(self):
        public = profile_for(self.person, PUBLIC)
        self.assertEqual(public.full_name, self.person.full_name)
        self.assertEqual(public.graduation_year, self.person.graduation_year)
        for hidden in ("email", "phone", "employer", "job_title", "city", "linkedin_url"):
            with self.subTest(field=hidden):
                self.assertNotIn(hidden, public.fields)
                with self.assertRaises(AttributeError):
                    getattr(public, hidden)
        alumni = profile_for(self.person, ALUMNUS)
        self.assertEqual(alumni.employer, self.person.employer)
        self.assertNotIn("email", alumni.fields)
        office = profile_for(self.person, office_viewer())
        self.assertEqual(office.email, self.person.email)

    def test_a_person_widens_or_narrows_each_field(self):
        self.person.visibility = {"employer": Visibility.PUBLIC, "graduation_year": Visibility.OFFICE}
        self.assertEqual(profile_for(self.person, PUBLIC).employer, self.person.employer)
        self.assertNotIn("graduation_year", profile_for(self.person, ALUMNUS).fields)

    def test_an_email_is_never_public_even_if_stored_so(self):
        self.person.visibility = {"email": Visibility.PUBLIC, "phone": Visibility.PUBLIC}
        public = profile_for(self.person, PUBLIC)
        self.assertNotIn("email", public.fields)
        self.assertNotIn("phone", public.fields)
        self.assertEqual(profile_for(self.person, ALUMNUS).email, self.person.email)
        self.assertNotIn("email", public.as_dict())

    def test_the_model_refuses_public_contact_details(self):
        from django.core.exceptions import ValidationError

        self.person.visibility = {"email": Visibility.PUBLIC}
        with self.assertRaises(ValidationError):
            self.person.full_clean()
        self.person.visibility = {"nonexistent": Visibility.PUBLIC}
        with self.assertRaises(ValidationError):
            self.person.full_clean()
