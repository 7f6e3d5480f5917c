"""The office's approval (home.approvals) as people use it from the admin, on the gala's final report: the office
submits, the directorate checks, the rector approves, the office archives; every step records who and when, and
nobody outside a step's group (a faculty editor above all) can take it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse
from wagtail.models import WorkflowContentType

from gala.factories import GalaEditionPageFactory, GalaIndexPageFactory
from gala.models import GalaEvaluation
from home.approvals import (
    DIRECTORATE_GROUP,
    OFFICE_GROUP,
    RECTOR_GROUP,
    TASKS,
    approval_models,
    approval_status,
    approval_trail,
    ensure_approval_workflow,
)
from home.factories import FacultyFactory, FacultyPageFactory, site_home
from home.permissions import ensure_faculty_groups

PASSWORD = "o-parola-buna-123"


class ApprovalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_approval_workflow()
        users = get_user_model()

        def member(username, group_name, **fields):
            user = users.objects.create_user(username, f"{username}@example.ro", PASSWORD, **fields)
            user.groups.add(Group.objects.get(name=group_name))
            return user

        cls.office = member("birou", OFFICE_GROUP, first_name="Ana", last_name="Birou")
        cls.director = member("director", DIRECTORATE_GROUP, first_name="Dan", last_name="Director")
        cls.rector = member("rector", RECTOR_GROUP, first_name="Radu", last_name="Rector")
        fmi = FacultyFactory(short_name="FMI")
        groups = ensure_faculty_groups(FacultyPageFactory(parent=site_home(), faculty=fmi, slug="fmi"))
        cls.faculty_editor = users.objects.create_user("editor.fmi", "e@example.ro", PASSWORD)
        cls.faculty_editor.groups.add(groups["editors"])
        # Even with the right to edit the report, a faculty editor is not in any step's group.
        cls.faculty_editor.user_permissions.add(
            *Permission.objects.filter(codename__in=["view_galaevaluation", "change_galaevaluation"])
        )
        archive = GalaIndexPageFactory(parent=site_home(), slug="gala")
        cls.edition = GalaEditionPageFactory(parent=archive, slug="gala-2026", title="Gala 2026")
        cls.edition.save_revision().publish()

    def url(self, name, *args):
        return reverse(f"wagtailsnippets_gala_galaevaluation:{name}", args=args)

    def draft_and_submit(self):
        self.client.force_login(self.office)
        response = self.client.post(
            self.url("add"), {"edition": self.edition.pk, "text": "O seară reușită.", "action-submit": "submit"}
        )
        self.assertEqual(response.status_code, 302)
        report = GalaEvaluation.objects.get()
        self.assertFalse(report.live)
        self.assertEqual(approval_status(report), "in_approval")
        return report

    def act(self, user, report, action="approve"):
        self.client.force_login(user)
        state = report.current_workflow_task_state
        return self.client.post(self.url("workflow_action", report.pk, action, state.pk), {"comment": ""})

    def assertRefused(self, user, report):
        """The step is refused (Wagtail's admin answers a refusal by sending the user home with a message) and
        the report stays where it was."""
        task = report.current_workflow_task
        response = self.act(user, report)
        self.assertIn(response.status_code, (302, 403))
        if response.status_code == 302:
            self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        report.refresh_from_db()
        self.assertEqual(report.current_workflow_task, task)
        self.assertFalse(report.live)

    def test_the_workflow_is_assigned_and_safe_to_make_again(self):
        workflow = ensure_approval_workflow()
        self.assertEqual([task.name for task in workflow.tasks], [name for name, _group in TASKS])
        self.assertEqual(
            set(WorkflowContentType.objects.filter(workflow=workflow).values_list("content_type", flat=True)),
            {ContentType.objects.get_for_model(model).pk for model in approval_models()},
        )
        self.assertIn(GalaEvaluation, approval_models())
        self.assertFalse(Group.objects.filter(permissions__codename="publish_galaevaluation").exists())

    def test_each_step_in_order_records_who_and_when_and_the_last_archives(self):
        report = self.draft_and_submit()
        # The rector cannot act before the directorate has checked.
        self.assertRefused(self.rector, report)
        self.assertEqual(self.act(self.director, report).status_code, 302)
        report.refresh_from_db()
        self.assertEqual(report.current_workflow_task.name, TASKS[1][0])
        self.assertEqual(self.act(self.rector, report).status_code, 302)
        report.refresh_from_db()
        self.assertFalse(report.live)
        response = self.act(self.office, report)
        self.assertEqual(response.status_code, 302)
        report.refresh_from_db()
        self.assertTrue(report.live)
        self.assertEqual(approval_status(report), "archived")
        trail = approval_trail(report)
        self.assertEqual(
            [(step.status, step.by) for step in trail],
            [
                ("approved", "Ana Birou"),
                ("approved", "Dan Director"),
                ("approved", "Radu Rector"),
                ("approved", "Ana Birou"),
            ],
        )
        self.assertTrue(all(step.at is not None for step in trail))
        # The printed report shows the steps.
        self.client.force_login(get_user_model().objects.create_superuser("admin", "a@example.ro", PASSWORD))
        page = self.client.get(reverse("gala_costs:final_report", args=[self.edition.pk]))
        self.assertContains(page, "Dan Director")
        self.assertContains(page, "Radu Rector")

    def test_a_faculty_editor_cannot_check_approve_or_archive(self):
        report = self.draft_and_submit()
        for _step in TASKS:
            self.assertRefused(self.faculty_editor, report)
            # The step's own group moves it on; the editor is refused at every step.
            member = {TASKS[0][0]: self.director, TASKS[1][0]: self.rector, TASKS[2][0]: self.office}
            self.act(member[report.current_workflow_task.name], report)
            report.refresh_from_db()
        self.assertTrue(report.live)

    def test_a_step_sent_back_returns_the_report_to_the_office_as_a_draft(self):
        report = self.draft_and_submit()
        self.assertEqual(self.act(self.director, report, "reject").status_code, 302)
        report.refresh_from_db()
        self.assertFalse(report.live)
        self.assertEqual(approval_status(report), "draft")
        self.assertEqual(approval_trail(report)[-1].status, "rejected")

    def test_nobody_but_the_workflow_publishes(self):
        self.client.force_login(self.office)
        response = self.client.post(
            self.url("add"), {"edition": self.edition.pk, "text": "Direct.", "action-publish": "publish"}
        )
        self.assertFalse(GalaEvaluation.objects.filter(live=True).exists(), response.status_code)


class ApprovalIntegrityTests(ApprovalTests):
    """What is approved is what goes live and what is printed."""

    def test_an_edit_in_approval_goes_back_to_the_first_step_and_the_approved_text_goes_live(self):
        report = self.draft_and_submit()
        self.act(self.director, report)
        self.act(self.rector, report)
        report.refresh_from_db()
        # The office rewrites the text at the last step, then approves: the earlier steps approved another text,
        # so it goes back to the directorate instead of going live.
        self.client.force_login(self.office)
        self.client.post(self.url("edit", report.pk), {"edition": self.edition.pk, "text": "Text rescris."})
        report.refresh_from_db()
        self.act(self.office, report)
        report.refresh_from_db()
        self.assertFalse(report.live)
        self.assertEqual(report.current_workflow_task.name, TASKS[0][0])
        for user in (self.director, self.rector, self.office):
            self.act(user, report)
            report.refresh_from_db()
        self.assertTrue(report.live)
        self.assertEqual(report.text, "Text rescris.")

    def test_the_printed_report_shows_the_approved_text_not_a_newer_draft(self):
        report = self.draft_and_submit()
        for user in (self.director, self.rector, self.office):
            self.act(user, report)
            report.refresh_from_db()
        self.client.force_login(self.office)
        self.client.post(self.url("edit", report.pk), {"edition": self.edition.pk, "text": "CIORNA-NEAPROBATA"})
        report.refresh_from_db()
        self.assertEqual(approval_status(report), "archived_changed")
        admin = get_user_model().objects.create_superuser("admin2", "a2@example.ro", PASSWORD)
        self.client.force_login(admin)
        page = self.client.get(reverse("gala_costs:final_report", args=[self.edition.pk]))
        self.assertContains(page, "O seară reușită.")
        self.assertNotContains(page, "CIORNA-NEAPROBATA")

    def test_the_approvers_read_the_report_they_approve(self):
        for user in (self.director, self.rector):
            self.client.force_login(user)
            self.assertEqual(
                self.client.get(reverse("gala_costs:final_report", args=[self.edition.pk])).status_code, 200
            )
        plain_editor = get_user_model().objects.create_user("editor2", "e2@example.ro", PASSWORD)
        plain_editor.groups.add(*self.faculty_editor.groups.all())
        self.client.force_login(plain_editor)
        self.assertNotEqual(
            self.client.get(reverse("gala_costs:final_report", args=[self.edition.pk])).status_code, 200
        )


class CentralGroupsTests(TestCase):
    def test_a_dean_on_the_directorate_sees_all_programme_records_but_only_their_faculty_s_people(self):
        from alumni.factories import AlumnusFactory
        from alumni.models import Alumnus
        from home.permissions import scope_to_faculties

        ensure_approval_workflow()
        fmi, fd = FacultyFactory(short_name="FMI"), FacultyFactory(short_name="FD")
        groups = ensure_faculty_groups(FacultyPageFactory(parent=site_home(), faculty=fmi, slug="fmi"))
        dean = get_user_model().objects.create_user("decan", "d@example.ro", PASSWORD)
        dean.groups.add(groups["editors"], Group.objects.get(name=DIRECTORATE_GROUP))
        AlumnusFactory(faculty=fmi)
        AlumnusFactory(faculty=fd)
        people = scope_to_faculties(Alumnus.objects.all(), dean)
        self.assertEqual({person.faculty_id for person in people}, {fmi.pk})
        self.assertEqual(
            {item.pk for item in scope_to_faculties(type(fmi).objects.all(), dean, "pk", central=True)},
            {fmi.pk, fd.pk},
        )
