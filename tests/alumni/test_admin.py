"""The alumni admin: an editor sees, opens and exports only the people of their own faculty."""

from django.contrib.auth.models import Group, Permission, User
from django.test import TestCase
from wagtail.models import GroupPagePermission

from alumni.factories import AlumnusFactory
from alumni.models import Alumnus
from home.factories import FacultyPageFactory, site_home, two_faculty_sections
from home.permissions import faculty_ids_for_user


class AlumniAdminScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        two_faculty_sections(cls)
        cls.ours = AlumnusFactory(faculty=cls.fmi, first_name="Ștefan", last_name="Pop")
        cls.theirs = AlumnusFactory(faculty=cls.litere, first_name="Ioana", last_name="Marin")
        cls.erased = AlumnusFactory(faculty=cls.fmi, status=Alumnus.Status.ERASED, first_name="", last_name="")

        group = Group.objects.create(name="Editori FMI")
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            *Permission.objects.filter(content_type__app_label="alumni", codename__endswith="_alumnus"),
        )
        GroupPagePermission.objects.create(group=group, page=cls.fmi_page, permission_type="change")
        cls.editor = User.objects.create_user("editor.fmi", "editor@example.ro", "parola-lunga-123")
        cls.editor.groups.add(group)
        cls.admin = User.objects.create_superuser("admin", "admin@example.ro", "parola-lunga-123")

    def test_faculties_come_from_page_permissions(self):
        self.assertEqual(faculty_ids_for_user(self.editor), {self.fmi.pk})
        self.assertIsNone(faculty_ids_for_user(self.admin))

    def test_the_listing_shows_only_the_editors_faculty_and_never_erased_rows(self):
        self.client.force_login(self.editor)
        response = self.client.get("/admin/snippets/alumni/alumnus/")
        self.assertContains(response, self.ours.email)
        self.assertNotContains(response, self.theirs.email)
        self.client.force_login(self.admin)
        response = self.client.get("/admin/snippets/alumni/alumnus/")
        self.assertContains(response, self.theirs.email)
        self.assertNotContains(response, f"/admin/snippets/alumni/alumnus/edit/{self.erased.pk}/")

    def test_another_faculty_s_person_cannot_be_opened_by_address(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(f"/admin/snippets/alumni/alumnus/edit/{self.ours.pk}/").status_code, 200)
        for view in ("edit", "delete", "inspect", "history"):
            with self.subTest(view=view):
                response = self.client.get(f"/admin/snippets/alumni/alumnus/{view}/{self.theirs.pk}/")
                self.assertIn(response.status_code, (302, 403))
                self.assertNotContains(response, self.theirs.email, status_code=response.status_code)

    def test_the_faculty_filter_and_the_office_form_offer_only_the_editors_faculties(self):
        self.client.force_login(self.editor)
        listing = self.client.get("/admin/snippets/alumni/alumnus/")
        self.assertEqual(list(listing.context["filters"].form.fields["faculty"].queryset), [self.fmi])
        add_form = self.client.get("/admin/snippets/alumni/alumnus/add/").context["form"]
        self.assertEqual(list(add_form.fields["faculty"].queryset), [self.fmi])
        self.assertNotIn(Alumnus.Status.ERASED, [value for value, _label in add_form.fields["status"].choices])
        self.client.force_login(self.admin)
        listing = self.client.get("/admin/snippets/alumni/alumnus/")
        self.assertEqual(set(listing.context["filters"].form.fields["faculty"].queryset), {self.fmi, self.litere})

    def test_search_ignores_diacritics_and_case(self):
        self.client.force_login(self.admin)
        for query in ("stefan", "ŞTEFAN", "ștefan pop"):
            with self.subTest(query=query):
                response = self.client.get("/admin/snippets/alumni/alumnus/", {"q": query})
                self.assertContains(response, self.ours.email)
                self.assertNotContains(response, self.theirs.email)

    def test_the_export_is_scoped_too(self):
        self.client.force_login(self.editor)
        response = self.client.get("/admin/snippets/alumni/alumnus/", {"export": "csv"})
        content = b"".join(response.streaming_content).decode()
        self.assertIn(self.ours.email, content)
        self.assertNotIn(self.theirs.email, content)


class AlumniAdminQueryCountTests(TestCase):
    def test_the_listing_costs_the_same_queries_for_few_and_many_people(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        admin = User.objects.create_superuser("admin", "admin@example.ro", "parola-lunga-123")
        self.client.force_login(admin)
        faculty = FacultyPageFactory(parent=site_home()).faculty
        AlumnusFactory.create_batch(2, faculty=faculty, source="import")
        self.client.get("/admin/snippets/alumni/alumnus/")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/admin/snippets/alumni/alumnus/")
        few_count = len(few)
        AlumnusFactory.create_batch(40, faculty=faculty, source="import")
        with CaptureQueriesContext(connection) as many:
            self.client.get("/admin/snippets/alumni/alumnus/")
        self.assertEqual(len(many), few_count)
