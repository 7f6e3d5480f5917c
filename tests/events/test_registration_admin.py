"""The alumni office's side of registrations: listing, CSV/XLSX export, the check-in list, the counts."""

import io

import openpyxl
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import Registration
from events.registration import register
from home.factories import site_home
from tests.clock import SPRING_FORWARD_AFTER, frozen


def person(email, name="Ion Pop"):
    return {"name": name, "email": email, "role": "alumnus", "consent_text": "Da"}


@frozen(SPRING_FORWARD_AFTER)
class RegistrationAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        calendar = EventIndexPageFactory(parent=site_home())
        cls.event = EventPageFactory(parent=calendar, title="Ziua carierei", capacity=2)
        cls.other = EventPageFactory(parent=calendar, title="Atelier")
        cls.ana = register(cls.event, **person("ana@example.ro", "Ana Ștefănescu"))
        cls.ion = register(cls.event, **person("ion@example.ro", "Ion Țurcanu"))
        cls.waiting = register(cls.event, **person("dan@example.ro", "Dan Waiting"))
        register(cls.other, **person("zoe@example.ro", "Zoe Altundeva"))
        cls.admin = get_user_model().objects.create_superuser("office", "office@example.ro", "x")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_listing_filters_by_event(self):
        response = self.client.get(f"/admin/registrations/?event={self.event.pk}")
        self.assertContains(response, "Ana Ștefănescu")
        self.assertNotContains(response, "Zoe Altundeva")

    def test_csv_export_keeps_diacritics(self):
        response = self.client.get(f"/admin/registrations/?event={self.event.pk}&export=csv")
        self.assertEqual(response.status_code, 200)
        content = b"".join(response.streaming_content).decode("utf-8")
        self.assertIn("Ana Ștefănescu", content)
        self.assertIn("ion@example.ro", content)
        self.assertNotIn("Zoe", content)

    def test_xlsx_export(self):
        response = self.client.get(f"/admin/registrations/?event={self.event.pk}&export=xlsx")
        self.assertEqual(response.status_code, 200)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(names, {"Ana Ștefănescu", "Ion Țurcanu", "Dan Waiting"})

    def test_check_in_list_marks_people_present_and_feeds_the_counts(self):
        url = f"/admin/registrations/checkin/{self.event.pk}/"
        response = self.client.get(url)
        self.assertContains(response, "Ana Ștefănescu")
        self.assertNotContains(response, "Dan Waiting")  # waiting list is not at the door
        self.client.post(url, {"registration": self.ana.pk})
        self.ana.refresh_from_db()
        self.assertIsNotNone(self.ana.checked_in_at)
        self.assertEqual(
            Registration.objects.counts_by_event([self.event.pk, self.other.pk]),
            {
                self.event.pk: {"registered": 2, "waiting": 1, "attended": 1},
                self.other.pk: {"registered": 1, "waiting": 0, "attended": 0},
            },
        )
        self.client.post(url, {"registration": self.ana.pk})
        self.ana.refresh_from_db()
        self.assertIsNone(self.ana.checked_in_at)

    def test_check_in_refuses_waiting_or_foreign_registrations(self):
        url = f"/admin/registrations/checkin/{self.event.pk}/"
        self.assertEqual(self.client.post(url, {"registration": self.waiting.pk}).status_code, 404)
        self.assertEqual(self.client.post(url, {"registration": "abc"}).status_code, 404)

    def test_editors_without_registration_permissions_are_kept_out(self):
        editor = get_user_model().objects.create_user("editor", "editor@example.ro", "x")
        group = Group.objects.create(name="Editori")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        editor.groups.add(group)
        self.client.force_login(editor)
        self.assertIn(self.client.get("/admin/registrations/").status_code, (302, 403))
        self.assertIn(self.client.get(f"/admin/registrations/checkin/{self.event.pk}/").status_code, (302, 403))
        self.client.post(f"/admin/registrations/checkin/{self.event.pk}/", {"registration": self.ana.pk})
        self.assertEqual(Registration.objects.filter(checked_in_at__isnull=False).count(), 0)

    def test_event_edit_page_links_to_its_registrations(self):
        response = self.client.get(f"/admin/pages/{self.event.pk}/edit/")
        self.assertContains(response, f"/admin/registrations/checkin/{self.event.pk}/")
