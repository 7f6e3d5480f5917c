"""Faculty action plans: the academic year, the plan's steps (draft → submitted → centralised) and who may take
them, faculty scoping in the admin, the coordinators' history, what is overdue on a given day, the overdue report
and its export, and listings whose query count does not grow with the rows."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.factories import FacultyFactory, FacultyPageFactory, english_locale, site_home, translate_snippet
from home.models import Faculty
from home.permissions import ensure_faculty_groups
from office.academic_year import academic_year_bounds, current_academic_year, validate_academic_year
from office.factories import (
    ActionPlanFactory,
    CoordinatorAppointmentFactory,
    MeasureDeadlineFactory,
    MeasureFactory,
    MeetingDecisionFactory,
    PlanActionFactory,
)
from office.models import ActionPlan, CoordinatorAppointment, MeasureDeadline, MeetingDecision, PlanAction
from tests.clock import frozen

TODAY = datetime.date(2027, 3, 10)
NOW = "2027-03-10T12:00:00+02:00"
PASSWORD = "o-parola-buna-123"


class AcademicYearTests(SimpleTestCase):
    def test_the_year_starts_on_the_first_of_october(self):
        self.assertEqual(current_academic_year(datetime.date(2026, 9, 30)), "2025-2026")
        self.assertEqual(current_academic_year(datetime.date(2026, 10, 1)), "2026-2027")
        self.assertEqual(current_academic_year(datetime.date(2027, 1, 1)), "2026-2027")

    def test_bounds(self):
        self.assertEqual(academic_year_bounds("2025-2026"), (datetime.date(2025, 10, 1), datetime.date(2026, 9, 30)))
        self.assertEqual(academic_year_bounds("2027-2028")[1], datetime.date(2028, 9, 30))

    def test_a_label_that_is_not_two_consecutive_years_is_refused(self):
        for label in ("2025-2027", "2025", "abcd-efgh", "", "2025-2026 ", "0000-0001"):
            with self.subTest(label=label):
                self.assertRaises(ValueError, academic_year_bounds, label)
                self.assertRaises(ValidationError, validate_academic_year, label)
        validate_academic_year("2026-2027")


def plan_data(faculty, year="2026-2027", actions=(), **changes):
    """The admin form's POST data for a plan with these actions (dicts of the inline's fields)."""
    data = {
        "faculty": faculty.pk,
        "academic_year": year,
        "introduction": "Planul anului.",
        "actions-TOTAL_FORMS": str(len(actions)),
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
    }
    for number, action in enumerate(actions):
        row = {
            "title": "Întâlnirea absolvenților",
            "responsible": "Ana Pop",
            "responsible_email": "ana@example.ro",
            "deadline": "2027-05-20",
            "status": "planned",
            "done_on": "",
            "measure": "",
            "evidence": "",
            "ORDER": str(number + 1),
            "DELETE": "",
            "id": "",
        }
        row.update(action)
        data.update({f"actions-{number}-{key}": value for key, value in row.items()})
    data.update(changes)
    return data


class PlansTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fmi = FacultyFactory(name="Facultatea de Matematică și Informatică", short_name="FMI")
        cls.flls = FacultyFactory(name="Facultatea de Litere", short_name="FLLS")
        groups = ensure_faculty_groups(FacultyPageFactory(parent=site_home(), faculty=cls.fmi, slug="fmi"))
        ensure_faculty_groups(FacultyPageFactory(parent=site_home(), faculty=cls.flls, slug="flls"))
        users = get_user_model()
        cls.editor = users.objects.create_user("editor.fmi", "e@example.ro", PASSWORD)
        cls.editor.groups.add(groups["editors"])
        cls.coordinator = users.objects.create_user("coordonator.fmi", "c@example.ro", PASSWORD)
        cls.coordinator.groups.add(groups["coordinators"])
        cls.office = users.objects.create_user("birou", "b@example.ro", PASSWORD)
        office_group = Group.objects.create(name="Biroul central")
        office_group.permissions.add(
            *Permission.objects.filter(content_type__app_label="office"),
            *Permission.objects.filter(codename="access_admin"),
        )
        from wagtail.models import GroupPagePermission

        GroupPagePermission.objects.create(
            group=office_group, page=site_home(), permission=Permission.objects.get(codename="change_page")
        )
        cls.office.groups.add(office_group)
        cls.fmi_plan = ActionPlanFactory(faculty=cls.fmi)
        cls.flls_plan = ActionPlanFactory(faculty=cls.flls)

    def url(self, name, *args):
        return reverse(f"wagtailsnippets_office_actionplan:{name}", args=args)

    def assertRefused(self, response):
        """The admin answers a refusal with a 403, or sends the user to its dashboard with a message."""
        if response.status_code == 302:
            self.assertEqual(response.url, reverse("wagtailadmin_home"))
        else:
            self.assertEqual(response.status_code, 403)


class PlanLifecycleTests(PlansTestCase):
    def test_an_editor_sees_and_opens_only_their_faculty_plans(self):
        self.client.force_login(self.editor)
        response = self.client.get(self.url("list"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["object_list"]), [self.fmi_plan])
        for name in ("edit", "inspect", "delete", "history"):
            with self.subTest(view=name):
                self.assertRefused(self.client.get(self.url(name, self.flls_plan.pk)))
        self.assertEqual(self.client.get(self.url("edit", self.fmi_plan.pk)).status_code, 200)
        self.assertRefused(self.client.post(self.url("move", self.flls_plan.pk), {"step": "submit"}))
        self.assertEqual(ActionPlan.objects.get(pk=self.flls_plan.pk).status, "draft")

    def test_an_editor_files_a_plan_only_under_their_faculty(self):
        self.client.force_login(self.editor)
        response = self.client.post(self.url("add"), plan_data(self.flls, year="2027-2028", actions=[{}]))
        self.assertEqual(response.status_code, 200)
        self.assertIn("faculty", response.context["form"].errors)
        self.assertFalse(ActionPlan.objects.filter(academic_year="2027-2028").exists())
        response = self.client.post(self.url("add"), plan_data(self.fmi, year="2027-2028", actions=[{}, {}]))
        self.assertEqual(response.status_code, 302)
        plan = ActionPlan.objects.get(academic_year="2027-2028")
        self.assertEqual((plan.faculty, plan.status, plan.actions.count()), (self.fmi, "draft", 2))

    def test_bad_input_re_renders_the_form_with_field_errors(self):
        self.client.force_login(self.editor)
        cases = [
            ({"academic_year": "2026-2028"}, [{}]),  # not consecutive years
            ({"academic_year": "2026-2027"}, [{}]),  # FMI already has a plan for the year
            ({"academic_year": "2027-2028"}, [{"status": "done"}]),  # done without a date
            ({"academic_year": "2027-2028"}, [{"deadline": "not a date"}]),
        ]
        for changes, actions in cases:
            with self.subTest(changes=changes, actions=actions):
                response = self.client.post(self.url("add"), plan_data(self.fmi, actions=actions, **changes))
                self.assertEqual(response.status_code, 200)
                form = response.context["form"]
                row_errors = [f.errors for f in form.formsets["actions"].forms if f.errors]
                self.assertTrue(form.errors or row_errors)
        self.assertEqual(ActionPlan.objects.filter(faculty=self.fmi).count(), 1)

    @frozen(NOW)
    def test_submitted_the_plan_is_read_only_for_the_faculty_and_the_office_centralises_it(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url("move", self.fmi_plan.pk), {"step": "submit"})
        self.assertRedirects(response, self.url("inspect", self.fmi_plan.pk), fetch_redirect_response=False)
        plan = ActionPlan.objects.get(pk=self.fmi_plan.pk)
        self.assertEqual((plan.status, plan.submitted_by), ("submitted", self.coordinator))
        self.assertEqual(plan.submitted_at.isoformat(), "2027-03-10T10:00:00+00:00")

        # Read-only for the faculty: the edit page sends them to the plan's page, a POST is refused.
        self.assertRedirects(
            self.client.get(self.url("edit", plan.pk)), self.url("inspect", plan.pk), fetch_redirect_response=False
        )
        self.assertRefused(self.client.post(self.url("edit", plan.pk), plan_data(self.fmi)))
        self.assertRefused(self.client.post(self.url("delete", plan.pk)))
        for step in ("centralise", "return"):
            self.assertRefused(self.client.post(self.url("move", plan.pk), {"step": step}))
        self.assertEqual(ActionPlan.objects.get(pk=plan.pk).status, "submitted")
        page = self.client.get(self.url("inspect", plan.pk))
        self.assertContains(page, "coordonator.fmi")  # who submitted it
        self.assertNotContains(page, 'value="centralise"')

        self.client.force_login(self.office)
        self.assertContains(self.client.get(self.url("inspect", plan.pk)), 'value="centralise"')
        self.client.post(self.url("move", plan.pk), {"step": "centralise"})
        plan.refresh_from_db()
        self.assertEqual(
            (plan.status, plan.centralised_by, plan.submitted_by), ("centralised", self.office, self.coordinator)
        )
        self.client.post(self.url("move", plan.pk), {"step": "return"})
        plan.refresh_from_db()
        self.assertEqual((plan.status, plan.centralised_at), ("draft", None))
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(self.url("edit", plan.pk)).status_code, 200)  # a draft again

    def test_a_step_out_of_order_is_refused(self):
        with self.assertRaises(PermissionDenied):
            self.fmi_plan.move("centralise", self.office)  # not submitted yet
        self.fmi_plan.move("submit", self.editor)
        with self.assertRaises(PermissionDenied):
            self.fmi_plan.move("submit", self.editor)
        with self.assertRaises(PermissionDenied):
            self.fmi_plan.move("centralise", self.editor)  # the office's
        self.client.force_login(self.office)
        response = self.client.post(self.url("move", self.fmi_plan.pk), {"step": "publish"})
        self.assertRedirects(response, self.url("inspect", self.fmi_plan.pk), fetch_redirect_response=False)
        self.assertEqual(ActionPlan.objects.get(pk=self.fmi_plan.pk).status, "submitted")

    def test_the_office_sees_every_faculty_and_filters(self):
        self.client.force_login(self.office)
        response = self.client.get(self.url("list"))
        self.assertEqual(set(response.context["object_list"]), {self.fmi_plan, self.flls_plan})
        response = self.client.get(self.url("list"), {"faculty": self.flls.pk, "academic_year": "2026-2027"})
        self.assertEqual(list(response.context["object_list"]), [self.flls_plan])
        response = self.client.get(self.url("list"), {"status": "centralised"})
        self.assertEqual(list(response.context["object_list"]), [])

    def test_measures_and_meetings_are_the_offices(self):
        self.client.force_login(self.editor)
        self.assertRefused(self.client.get(reverse("wagtailsnippets_office_measure:list")))
        self.assertRefused(self.client.get(reverse("wagtailsnippets_office_coordinatormeeting:list")))
        self.client.force_login(self.office)
        self.assertEqual(self.client.get(reverse("wagtailsnippets_office_measure:list")).status_code, 200)
        self.assertEqual(self.client.get(reverse("wagtailsnippets_office_coordinatormeeting:list")).status_code, 200)


class CoordinatorTests(PlansTestCase):
    def test_appointing_a_coordinator_ends_the_previous_one_and_updates_the_faculty_page(self):
        english = translate_snippet(self.fmi, english_locale(), name="Faculty of Mathematics")
        first = CoordinatorAppointment.objects.appoint(
            faculty=self.fmi, name="Maria Cozma", email="maria@example.ro", appointed_on=datetime.date(2021, 1, 15)
        )
        second = CoordinatorAppointment.objects.appoint(
            faculty=self.fmi, name="Ion Rus", email="ion@example.ro", appointed_on=datetime.date(2025, 10, 1)
        )
        first.refresh_from_db()
        self.assertEqual(first.ended_on, datetime.date(2025, 9, 30))
        self.assertEqual(list(CoordinatorAppointment.objects.current().filter(faculty=self.fmi)), [second])
        for row in (Faculty.objects.get(pk=self.fmi.pk), Faculty.objects.get(pk=english.pk)):
            self.assertEqual((row.coordinator_name, row.coordinator_email), ("Ion Rus", "ion@example.ro"))
        self.assertNotEqual(Faculty.objects.get(pk=self.flls.pk).coordinator_name, "Ion Rus")

    def test_an_appointment_before_the_current_one_is_refused(self):
        CoordinatorAppointment.objects.appoint(
            faculty=self.fmi, name="Ion Rus", email="ion@example.ro", appointed_on=datetime.date(2025, 10, 1)
        )
        with self.assertRaises(ValidationError):
            CoordinatorAppointment.objects.appoint(
                faculty=self.fmi, name="Ana Pop", email="ana@example.ro", appointed_on=datetime.date(2024, 1, 1)
            )
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("wagtailsnippets_office_coordinatorappointment:add"),
            {"faculty": self.fmi.pk, "name": "Ana Pop", "email": "ana@example.ro", "appointed_on": "2024-01-01"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("appointed_on", response.context["form"].errors)
        self.assertEqual(CoordinatorAppointment.objects.filter(faculty=self.fmi).count(), 1)

    def test_ending_the_current_appointment_clears_the_faculty_page(self):
        appointment = CoordinatorAppointmentFactory(faculty=self.fmi, name="Ion Rus")
        appointment.ended_on = datetime.date(2026, 6, 30)
        appointment.save()
        self.assertEqual(Faculty.objects.get(pk=self.fmi.pk).coordinator_name, "")

    def test_an_editor_reads_their_faculty_coordinators_only(self):
        CoordinatorAppointmentFactory(faculty=self.fmi, name="Ion Rus")
        CoordinatorAppointmentFactory(faculty=self.flls, name="Ana Pop")
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailsnippets_office_coordinatorappointment:list"))
        self.assertEqual([a.name for a in response.context["object_list"]], ["Ion Rus"])


class OverdueTests(PlansTestCase):
    def csv(self, url) -> str:
        response = self.client.get(url, {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content).decode("utf-8-sig")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        day = datetime.timedelta(days=1)
        cls.late = PlanActionFactory(plan=cls.fmi_plan, deadline=TODAY - day, status="in_progress")
        cls.late_flls = PlanActionFactory(plan=cls.flls_plan, deadline=TODAY - 30 * day, status="planned")
        PlanActionFactory(plan=cls.fmi_plan, deadline=TODAY, status="planned")  # due today: not yet late
        PlanActionFactory(plan=cls.fmi_plan, deadline=TODAY - day, status="done", done_on=TODAY - day)
        PlanActionFactory(plan=cls.fmi_plan, deadline=TODAY - day, status="cancelled")
        measure = MeasureFactory()
        cls.late_deadline = MeasureDeadlineFactory(measure=measure, faculty=cls.fmi, deadline=TODAY - day)
        MeasureDeadlineFactory(measure=measure, faculty=cls.flls, deadline=TODAY - day, done_on=TODAY - 2 * day)
        cls.late_decision = MeetingDecisionFactory(deadline=TODAY - day)
        MeetingDecisionFactory(deadline=TODAY + day)

    def test_overdue_on_a_given_day(self):
        self.assertEqual(set(PlanAction.objects.overdue(TODAY)), {self.late, self.late_flls})
        self.assertEqual(
            set(PlanAction.objects.overdue(TODAY + datetime.timedelta(days=1))),
            {self.late, self.late_flls, PlanAction.objects.get(deadline=TODAY)},
        )
        self.assertEqual(set(PlanAction.objects.overdue(TODAY - datetime.timedelta(days=1))), {self.late_flls})
        self.assertEqual(list(MeasureDeadline.objects.overdue(TODAY)), [self.late_deadline])
        self.assertEqual(list(MeasureDeadline.objects.overdue(TODAY - datetime.timedelta(days=1))), [])
        self.assertEqual(list(MeetingDecision.objects.overdue(TODAY)), [self.late_decision])

    @frozen(NOW)
    def test_the_overdue_report_is_cut_along_the_faculty_and_exports(self):
        url = reverse("office_overdue_actions:index")
        self.client.force_login(self.office)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["object_list"]), [self.late_flls, self.late])
        self.assertEqual(list(self.client.get(url, {"faculty": self.fmi.pk}).context["object_list"]), [self.late])
        lines = self.csv(url).splitlines()
        self.assertEqual(len(lines), 3)
        self.assertIn("FLLS", lines[1])
        self.assertIn(",30,", lines[1])  # days overdue
        self.assertEqual(self.client.get(url, {"export": "xlsx"}).status_code, 200)

        self.client.force_login(self.editor)
        self.assertEqual(list(self.client.get(url).context["object_list"]), [self.late])
        self.assertNotIn("FLLS", self.csv(url))

    @frozen(NOW)
    def test_an_editor_reads_their_measure_deadlines_and_the_office_filters_the_overdue(self):
        url = reverse("wagtailsnippets_office_measuredeadline:list")
        self.client.force_login(self.editor)
        self.assertEqual(list(self.client.get(url).context["object_list"]), [self.late_deadline])
        other = MeasureDeadline.objects.get(faculty=self.flls)
        edit = reverse("wagtailsnippets_office_measuredeadline:edit", args=[self.late_deadline.pk])
        self.assertRefused(self.client.get(edit))  # read only: no change permission
        inspect = reverse("wagtailsnippets_office_measuredeadline:inspect", args=[other.pk])
        self.assertRefused(self.client.get(inspect))
        self.client.force_login(self.office)
        self.assertEqual(list(self.client.get(url, {"state": "overdue"}).context["object_list"]), [self.late_deadline])
        self.assertEqual(list(self.client.get(url, {"state": "done"}).context["object_list"]), [other])


class ListingCostTests(PlansTestCase):
    """Each listing costs the same number of queries for a few rows and for many."""

    def grow(self, faculties: int, plans_per_faculty: int):
        measure = MeasureFactory()
        for number in range(faculties):
            faculty = FacultyFactory()
            MeasureDeadlineFactory(measure=measure, faculty=faculty, deadline=TODAY - datetime.timedelta(days=2))
            CoordinatorAppointmentFactory(faculty=faculty)
            for year in range(plans_per_faculty):
                plan = ActionPlanFactory(faculty=faculty, academic_year=f"{2010 + year}-{2011 + year}")
                for _ in range(3):
                    PlanActionFactory(plan=plan, deadline=TODAY - datetime.timedelta(days=number + 1))
            MeetingDecisionFactory(deadline=TODAY)

    def count(self, url, params=None):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, params or {})
        self.assertEqual(response.status_code, 200)
        return len(queries)

    @frozen(NOW)
    def test_listings_and_exports_cost_the_same_for_more_rows(self):
        self.client.force_login(self.office)
        urls = [
            (self.url("list"), None),
            (self.url("list"), {"export": "csv"}),
            (reverse("office_overdue_actions:index"), None),
            (reverse("office_overdue_actions:index"), {"export": "xlsx"}),
            (reverse("wagtailsnippets_office_measuredeadline:list"), None),
            (reverse("wagtailsnippets_office_measuredeadline:list"), {"export": "csv"}),
            (reverse("wagtailsnippets_office_coordinatorappointment:list"), None),
            (reverse("wagtailsnippets_office_coordinatormeeting:list"), None),
            (reverse("wagtailsnippets_office_measure:list"), None),
        ]
        self.grow(2, 1)
        self.count(urls[0][0])  # warm caches (content types, site) before counting
        small = [self.count(url, params) for url, params in urls]
        self.grow(8, 4)
        large = [self.count(url, params) for url, params in urls]
        self.assertEqual(small, large)


class MeasureFormTests(PlansTestCase):
    def test_one_deadline_per_faculty_and_the_form_says_so(self):
        translate_snippet(self.fmi, english_locale(), name="Faculty of Mathematics")
        url = reverse("wagtailsnippets_office_measure:add")
        data = {
            "title": "Calendarul activităților",
            "direction": "",
            "sort_order": "1",
            "description": "",
            "deadlines-TOTAL_FORMS": "2",
            "deadlines-INITIAL_FORMS": "0",
            "deadlines-MIN_NUM_FORMS": "0",
            "deadlines-MAX_NUM_FORMS": "1000",
        }
        for number in range(2):
            data.update(
                {
                    f"deadlines-{number}-faculty": self.fmi.pk,
                    f"deadlines-{number}-deadline": "2027-04-04",
                    f"deadlines-{number}-done_on": "",
                    f"deadlines-{number}-id": "",
                    f"deadlines-{number}-ORDER": str(number + 1),
                    f"deadlines-{number}-DELETE": "",
                }
            )
        self.client.force_login(self.office)
        form_page = self.client.get(url)
        self.assertNotContains(form_page, "Faculty of Mathematics")  # default-language faculties only
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("faculty", response.context["form"].formsets["deadlines"].forms[1].errors)
        data["deadlines-1-faculty"] = self.flls.pk
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(MeasureDeadline.objects.filter(measure__title="Calendarul activităților").count(), 2)
