"""Faculty scoping across the admin: a faculty A editor gets 403, or nothing listed, for every faculty B person,
registration, export, report, chooser result and history entry, and cannot file a record under faculty B. The
groups they belong to are the ones made when faculty A's section was created."""

import csv
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from alumni.factories import AlumnusFactory
from alumni.models import Alumnus
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import Registration
from events.registration import register
from home.factories import FacultyPageFactory, site_home, translate
from home.permissions import ensure_faculty_groups

ALUMNI = "/admin/snippets/alumni/alumnus/"
REGISTRATIONS = "/admin/registrations/"
SITE_HISTORY = "/admin/reports/site-history/"


def person(email, name):
    return {"name": name, "email": email, "role": "guest", "consent_text": "Da"}


class FacultyScopingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        cls.a_page = FacultyPageFactory(
            parent=home, faculty__name="Facultatea de Matematică", faculty__short_name="FMI"
        )
        cls.b_page = FacultyPageFactory(parent=home, faculty__name="Facultatea de Drept", faculty__short_name="FD")
        cls.a, cls.b = cls.a_page.faculty, cls.b_page.faculty
        cls.ours = AlumnusFactory(faculty=cls.a, first_name="Ștefan", last_name="Nostru", email="stefan@a.example")
        cls.theirs = AlumnusFactory(faculty=cls.b, first_name="Ioana", last_name="Străina", email="ioana@b.example")
        cls.their_pending = AlumnusFactory(
            faculty=cls.b, status=Alumnus.Status.PENDING, first_name="Radu", last_name="Așteaptă"
        )
        a_event = EventPageFactory(parent=EventIndexPageFactory(parent=cls.a_page), faculty=cls.a, title="Atelier A")
        cls.b_event = EventPageFactory(parent=EventIndexPageFactory(parent=cls.b_page), faculty=cls.b, title="Bal B")
        central = EventPageFactory(parent=EventIndexPageFactory(parent=home, slug="calendar"), title="Gala centrală")
        cls.our_registration = register(a_event, **person("ana@a.example", "Ana Înscrisă"))
        cls.their_registration = register(cls.b_event, **person("bogdan@b.example", "Bogdan Înscris"))
        cls.central_registration = register(central, **person("carmen@c.example", "Carmen Centrală"))

        User = get_user_model()
        cls.office = User.objects.create_superuser("office", "office@example.ro", "x")
        cls.editor = User.objects.create_user("editor.fmi", "editor@a.example", "x")
        cls.editor.groups.add(*Group.objects.filter(name__in=["Editori FMI", "Coordonatori alumni FMI"]))
        for record in (cls.ours, cls.theirs, cls.our_registration, cls.their_registration):
            log(instance=record, action="wagtail.edit", user=cls.office)

    def setUp(self):
        self.client.force_login(self.editor)

    def assert_refused(self, response, name: str):
        """Wagtail's admin answers a refused view with 403, or by sending the user back to the dashboard with a
        "permission denied" message; either way, nothing of the record shows."""
        self.assertIn(response.status_code, (302, 403))
        if response.status_code == 302:
            self.assertEqual(response["Location"], "/admin/")
        self.assertNotIn(name, response.content.decode())

    # The groups a new section brings -------------------------------------------------------------------------

    def test_a_new_section_brings_its_editor_and_coordinator_groups(self):
        editors = Group.objects.get(name="Editori FMI")
        coordinators = Group.objects.get(name="Coordonatori alumni FMI")
        page_permissions = set(
            GroupPagePermission.objects.filter(group=editors).values_list("page_id", "permission__codename")
        )
        self.assertEqual(
            page_permissions,
            {(self.a_page.pk, codename) for codename in ("add_page", "change_page", "publish_page", "lock_page")},
        )
        self.assertTrue(GroupCollectionPermission.objects.filter(group=editors, permission__codename="add_image"))
        coordinator = get_user_model().objects.create_user("coord.fmi", "c@a.example", "x")
        coordinator.groups.add(coordinators)
        for codename in ("wagtailadmin.access_admin", "alumni.change_alumnus", "alumni.add_alumnus"):
            self.assertTrue(coordinator.has_perm(codename), codename)
        self.assertFalse(coordinator.has_perm("alumni.delete_alumnus"))
        self.assertTrue(self.a_page.permissions_for_user(coordinator).can_edit())
        self.assertFalse(self.a_page.permissions_for_user(coordinator).can_publish())
        self.assertFalse(self.b_page.permissions_for_user(coordinator).can_edit())

    def test_the_sections_translation_joins_the_same_groups_and_running_it_again_changes_nothing(self):
        english = translate(self.a_page)
        editors = Group.objects.get(name="Editori FMI")
        self.assertTrue(GroupPagePermission.objects.filter(group=editors, page=english).exists())
        before = GroupPagePermission.objects.count(), Group.objects.count()
        ensure_faculty_groups(self.a_page)
        self.assertEqual((GroupPagePermission.objects.count(), Group.objects.count()), before)

    # Alumni --------------------------------------------------------------------------------------------------

    def test_alumni_listing_export_and_chooser_hold_only_faculty_a(self):
        for url in (ALUMNI, f"{ALUMNI}?export=csv", "/admin/snippets/choose/alumni/alumnus/results/?q="):
            with self.subTest(url=url):
                response = self.client.get(url)
                body = b"".join(response) if response.streaming else response.content
                self.assertEqual(response.status_code, 200)
                self.assertIn(b"stefan@a.example" if "choose" not in url else b"Nostru", body)
                self.assertNotIn("Străina".encode(), body)

    def test_faculty_b_people_answer_403_by_address(self):
        for view in ("edit", "inspect", "history", "usage"):
            with self.subTest(view=view):
                response = self.client.get(f"{ALUMNI}{view}/{self.theirs.pk}/")
                self.assert_refused(response, "Străina")
        response = self.client.post(f"{ALUMNI}edit/{self.theirs.pk}/", {"first_name": "Schimbat"})
        self.assert_refused(response, "Străina")
        self.theirs.refresh_from_db()
        self.assertEqual(self.theirs.first_name, "Ioana")

    def test_a_person_cannot_be_filed_under_or_moved_to_faculty_b(self):
        form = self.client.get(f"{ALUMNI}add/").context["form"]
        self.assertEqual(list(form.fields["faculty"].queryset), [self.a])
        edit_url = f"{ALUMNI}edit/{self.ours.pk}/"
        data = {
            name: value
            for name, value in self.client.get(edit_url).context["form"].initial.items()
            if value is not None and not isinstance(value, list | dict)
        }
        data.update(faculty=self.b.pk, visibility="{}")
        response = self.client.post(edit_url, data)
        self.assertEqual(response.status_code, 200)  # the form again, with the faculty refused
        self.assertIn("faculty", response.context["form"].errors)
        self.ours.refresh_from_db()
        self.assertEqual(self.ours.faculty, self.a)

    def test_the_approval_queue_holds_only_faculty_a(self):
        response = self.client.get(reverse("alumni_approval:queue"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Așteaptă")

    # Registrations ---------------------------------------------------------------------------------------------

    def test_registrations_listing_filter_and_exports_hold_only_faculty_a_events(self):
        response = self.client.get(REGISTRATIONS)
        self.assertContains(response, "Ana Înscrisă")
        self.assertNotContains(response, "Bogdan Înscris")
        self.assertNotContains(response, "Carmen Centrală")  # a central event's registrations are the office's
        self.assertEqual(
            [event.title for event in response.context["filters"].form.fields["event"].queryset], ["Atelier A"]
        )
        for export in ("csv", "xlsx"):
            with self.subTest(export=export):
                exported = self.client.get(f"{REGISTRATIONS}?export={export}")
                body = b"".join(exported.streaming_content) if exported.streaming else exported.content
                self.assertEqual(exported.status_code, 200)
                if export == "csv":
                    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
                    self.assertEqual([row[0] for row in rows[1:]], ["Ana Înscrisă"])

    def test_faculty_b_registrations_answer_403_by_address(self):
        for view in ("edit", "delete", "inspect", "history"):
            with self.subTest(view=view):
                response = self.client.get(f"{REGISTRATIONS}{view}/{self.their_registration.pk}/")
                self.assert_refused(response, "Bogdan")
        self.assert_refused(self.client.post(f"{REGISTRATIONS}delete/{self.their_registration.pk}/"), "Bogdan")
        self.assertTrue(Registration.objects.filter(pk=self.their_registration.pk).exists())
        self.assert_refused(self.client.get(f"{REGISTRATIONS}checkin/{self.b_event.pk}/"), "Bogdan")
        response = self.client.post(
            f"{REGISTRATIONS}checkin/{self.b_event.pk}/", {"registration": self.their_registration.pk}
        )
        self.assert_refused(response, "Bogdan")
        self.their_registration.refresh_from_db()
        self.assertIsNone(self.their_registration.checked_in_at)

    def test_a_registration_taken_by_telephone_goes_to_one_of_the_editors_events(self):
        event = self.our_registration.event
        response = self.client.post(
            f"{REGISTRATIONS}new/",
            {
                "event": event.pk,
                "name": "Dan Telefon",
                "email": "dan@a.example",
                "role": "guest",
                "status": "confirmed",
            },
        )
        if response.status_code != 302:
            self.fail(response.context["form"].errors)
        added = Registration.objects.get(name="Dan Telefon")
        self.assertEqual(added.event_id, event.pk)
        # Editing it later keeps its event, whatever is posted.
        edit = self.client.get(f"{REGISTRATIONS}edit/{added.pk}/")
        self.assertTrue(edit.context["form"].fields["event"].disabled)

    def test_a_registration_cannot_be_added_to_a_faculty_b_event(self):
        form = self.client.get(f"{REGISTRATIONS}new/").context["form"]
        self.assertEqual([event.title for event in form.fields["event"].queryset], ["Atelier A"])
        response = self.client.post(
            f"{REGISTRATIONS}new/",
            {
                "event": self.b_event.pk,
                "name": "Intrus",
                "email": "intrus@example.ro",
                "role": "guest",
                "status": "confirmed",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("event", response.context["form"].errors)
        self.assertFalse(Registration.objects.filter(name="Intrus").exists())

    # Pages -----------------------------------------------------------------------------------------------------

    def test_faculty_b_pages_cannot_be_edited_and_stay_out_of_the_page_reports(self):
        self.assert_refused(self.client.get(f"/admin/pages/{self.b_page.pk}/edit/"), "Bal B")
        self.assertEqual(self.client.get(f"/admin/pages/{self.a_page.pk}/edit/").status_code, 200)
        self.a_page.save_revision(user=self.office).publish(user=self.office)
        self.b_page.save_revision(user=self.office).publish(user=self.office)
        report = self.client.get("/admin/reports/aging-pages/")
        self.assertEqual(report.status_code, 200)
        self.assertContains(report, self.a_page.title)
        self.assertNotContains(report, self.b_page.title)

    # Site history ------------------------------------------------------------------------------------------------

    def test_site_history_and_its_export_hold_only_faculty_a_records(self):
        for url in (SITE_HISTORY, f"{SITE_HISTORY}?export=csv"):
            with self.subTest(url=url):
                response = self.client.get(url)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                self.assertEqual(response.status_code, 200)
                text = body.decode("utf-8-sig")
                self.assertIn("Nostru", text)
                self.assertIn("Ana Înscrisă", text)
                self.assertNotIn("Străina", text)
                self.assertNotIn("Bogdan", text)

    def test_the_central_office_sees_every_faculty(self):
        self.client.force_login(self.office)
        self.assertContains(self.client.get(ALUMNI), "ioana@b.example")
        self.assertContains(self.client.get(REGISTRATIONS), "Bogdan Înscris")
        self.assertContains(self.client.get(REGISTRATIONS), "Carmen Centrală")
        self.assertContains(self.client.get(SITE_HISTORY), "Străina")
        self.assertEqual(self.client.get(f"{REGISTRATIONS}edit/{self.their_registration.pk}/").status_code, 200)
