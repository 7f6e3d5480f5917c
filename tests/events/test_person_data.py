"""The events app's part of a person's data, through home's extension points: `collect_person_data` puts their
registrations in their export, `announce_erasure` deletes them (and nobody else's)."""

import datetime

from django.test import TestCase
from django.utils import timezone

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import Registration
from home.extensions import announce_erasure, collect_person_data
from home.factories import FacultyFactory, site_home


class PersonDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        calendar = EventIndexPageFactory(parent=site_home(), slug="calendar")
        start = timezone.now() + datetime.timedelta(days=10)
        cls.meeting = EventPageFactory(parent=calendar, title="Întâlnirea promoției 2005", start=start)
        cls.gala = EventPageFactory(parent=calendar, title="Gala absolvenților", start=start)
        faculty = FacultyFactory(name="Facultatea de Drept")

        def register(event, email, name="Ioana Mureșan", **fields):
            return Registration.objects.create(
                event=event, name=name, email=email, role="alumnus", consent_text="Sunt de acord.", **fields
            )

        cls.first = register(cls.meeting, "Ioana.Muresan@example.ro", faculty=faculty, graduation_year=2005)
        cls.second = register(cls.gala, "ioana.muresan@example.ro", status=Registration.Status.WAITING)
        cls.other = register(cls.gala, "andrei.pop@example.ro", name="Andrei Pop")

    def test_export_has_every_registration_of_the_address_whatever_its_case(self):
        sections = collect_person_data(email=" IOANA.muresan@example.ro ")
        registrations = sections["event_registrations"]
        self.assertEqual([r["event"] for r in registrations], ["Întâlnirea promoției 2005", "Gala absolvenților"])
        first = registrations[0]
        self.assertEqual(first["email"], "ioana.muresan@example.ro")
        self.assertEqual((first["faculty"], first["graduation_year"]), ("Facultatea de Drept", 2005))
        self.assertEqual(first["consent_text"], "Sunt de acord.")
        self.assertEqual(first["event_start"], self.meeting.start)
        self.assertEqual(registrations[1]["status"], Registration.Status.WAITING)

    def test_no_address_no_registrations(self):
        self.assertEqual(collect_person_data(email="")["event_registrations"], [])
        self.assertEqual(collect_person_data(email="nimeni@example.ro")["event_registrations"], [])

    def test_erasure_deletes_the_persons_registrations_only(self):
        announce_erasure(email="IOANA.MURESAN@example.ro", full_name="Ioana Mureșan")
        self.assertEqual(list(Registration.objects.all()), [self.other])

    def test_erasure_without_an_address_deletes_nothing(self):
        announce_erasure(email="", full_name="Ioana Mureșan")
        self.assertEqual(Registration.objects.count(), 3)
