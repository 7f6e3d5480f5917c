"""The office's demo plans: the strategy's measures with a deadline per faculty, coordinators with their history,
plans for the last and the current academic year with actions in every status (some overdue), two meetings."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from home.models import Faculty
from office.models import ActionPlan, CoordinatorAppointment, CoordinatorMeeting, Measure, MeasureDeadline, PlanAction
from tests.clock import frozen

TODAY = datetime.date(2027, 2, 20)


@frozen("2027-02-20T12:00:00+02:00")
class DemoPlansTests(TestCase):
    def load(self):
        call_command(
            "load_demo_data", faculties=2, alumni=60, no_index=True, admin_password="demo-pass", stdout=StringIO()
        )

    def test_plans_measures_coordinators_and_meetings(self):
        self.load()
        faculties = Faculty.objects.filter(locale__language_code="ro")
        self.assertEqual(Measure.objects.count(), 13)
        self.assertEqual(MeasureDeadline.objects.count(), 13 * faculties.count())
        self.assertTrue(MeasureDeadline.objects.overdue(TODAY).exists())
        self.assertEqual(set(ActionPlan.objects.values_list("academic_year", flat=True)), {"2025-2026", "2026-2027"})
        self.assertEqual(ActionPlan.objects.count(), 2 * faculties.count())
        self.assertEqual(
            set(ActionPlan.objects.filter(academic_year="2026-2027").values_list("status", flat=True)),
            {"draft", "submitted"},
        )
        self.assertEqual(set(PlanAction.objects.values_list("status", flat=True)), set(PlanAction.Status.values))
        for faculty in faculties:
            self.assertTrue(PlanAction.objects.overdue(TODAY).filter(plan__faculty=faculty).exists())
            history = CoordinatorAppointment.objects.filter(faculty=faculty)
            self.assertEqual(history.count(), 2)
            current = history.get(ended_on__isnull=True)
            self.assertEqual(faculty.coordinator_name, current.name)
        # Whoever took a plan's steps is recorded with them (the plan's page names them).
        self.assertFalse(ActionPlan.objects.filter(submitted_at__isnull=False, submitted_by__isnull=True).exists())
        self.assertFalse(ActionPlan.objects.filter(centralised_at__isnull=False, centralised_by__isnull=True).exists())
        self.assertTrue(ActionPlan.objects.filter(centralised_by__username="birou").exists())
        for action in PlanAction.objects.filter(status="done"):
            self.assertIsNotNone(action.done_on)
        self.assertEqual(CoordinatorMeeting.objects.count(), 2)
        self.assertTrue(all(meeting.decisions.exists() for meeting in CoordinatorMeeting.objects.all()))

        counts = (ActionPlan.objects.count(), PlanAction.objects.count(), Measure.objects.count())
        self.load()
        self.assertEqual((ActionPlan.objects.count(), PlanAction.objects.count(), Measure.objects.count()), counts)
