"""Faculty scoping: one helper turns a user into their faculties for querysets, form choices and single records."""

from unittest import mock

from django.contrib.auth.models import AnonymousUser, Group, User
from django.test import SimpleTestCase, TestCase
from wagtail.models import GroupPagePermission

from home.factories import english_locale, two_faculty_sections
from home.models import Faculty, FacultyPage
from home.permissions import faculties_for_user, faculty_ids_for_user, scope_to_faculties, user_has_faculty


class ScopeRulesTests(SimpleTestCase):
    """What each answer of `faculty_ids_for_user` (all, some, none) makes of a queryset, without a database."""

    def scoped_sql(self, faculty_ids, field="faculty") -> str:
        with mock.patch("home.permissions.faculty_ids_for_user", return_value=faculty_ids):
            return str(scope_to_faculties(FacultyPage.objects.all(), object(), field=field).query)

    def test_every_faculty_leaves_the_queryset_alone(self):
        self.assertEqual(self.scoped_sql(None), str(FacultyPage.objects.all().query))

    def test_some_faculties_filter_on_the_named_field(self):
        self.assertRegex(self.scoped_sql(frozenset({7})), r'"faculty_id" IN \(7\)')
        with mock.patch("home.permissions.faculty_ids_for_user", return_value=frozenset({3})):
            sql = str(scope_to_faculties(Faculty.objects.all(), object(), field="pk").query)
        self.assertRegex(sql, r'"id" IN \(3\)')

    def test_no_faculty_matches_nothing(self):
        with mock.patch("home.permissions.faculty_ids_for_user", return_value=frozenset()):
            queryset = scope_to_faculties(FacultyPage.objects.all(), object())
        self.assertTrue(queryset.query.is_empty())

    def test_one_record(self):
        for faculty_ids, faculty_id, expected in ((None, 5, True), ({5}, 5, True), ({5}, 6, False), (set(), 5, False)):
            with (
                self.subTest(faculty_ids=faculty_ids, faculty_id=faculty_id),
                mock.patch("home.permissions.faculty_ids_for_user", return_value=faculty_ids),
            ):
                self.assertIs(user_has_faculty(object(), faculty_id), expected)


class FacultyScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        two_faculty_sections(cls)
        cls.fmi_english = cls.fmi.copy_for_translation(english_locale())
        cls.fmi_english.name = "Faculty of Mathematics and Computer Science"
        cls.fmi_english.save()

        group = Group.objects.create(name="Editori FMI")
        GroupPagePermission.objects.create(group=group, page=cls.fmi_page, permission_type="change")
        cls.editor = User.objects.create_user("editor.fmi", "editor@example.ro", "parola-lunga-123")
        cls.editor.groups.add(group)
        cls.admin = User.objects.create_superuser("admin", "admin@example.ro", "parola-lunga-123")
        cls.nobody = User.objects.create_user("nobody", "nobody@example.ro", "parola-lunga-123")

    def test_an_editor_gets_their_faculty_in_every_language(self):
        self.assertEqual(faculty_ids_for_user(self.editor), {self.fmi.pk, self.fmi_english.pk})
        self.assertEqual(list(scope_to_faculties(FacultyPage.objects.all(), self.editor)), [self.fmi_page])
        self.assertTrue(user_has_faculty(self.editor, self.fmi_english.pk))
        self.assertFalse(user_has_faculty(self.editor, self.litere.pk))

    def test_form_choices_are_the_default_language_rows_the_user_may_choose(self):
        self.assertEqual(list(faculties_for_user(self.editor)), [self.fmi])
        self.assertEqual(set(faculties_for_user(self.admin)), {self.fmi, self.litere})
        self.assertEqual(list(faculties_for_user(self.nobody)), [])

    def test_superusers_see_everything_and_anonymous_users_nothing(self):
        every_page = FacultyPage.objects.all()
        self.assertEqual(set(scope_to_faculties(every_page, self.admin)), {self.fmi_page, self.litere_page})
        self.assertTrue(user_has_faculty(self.admin, self.litere.pk))
        self.assertEqual(list(scope_to_faculties(every_page, AnonymousUser())), [])
        self.assertFalse(user_has_faculty(AnonymousUser(), self.fmi.pk))
