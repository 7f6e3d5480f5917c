"""A submitted plan: its page opens whoever took its steps (or nobody any more), and its faculty still records each
action's progress (status, the day it was done, evidence) while the rest of the plan stays locked."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.factories import PlanActionFactory
from office.models import ActionPlan, PlanAction
from tests.clock import frozen
from tests.office.test_plans import NOW, PlansTestCase, plan_data


def progress_data(actions, rows=None):
    """The progress form's POST data: each action as it is, with the changes in `rows` ({action pk: {field: …}})."""
    data = {
        "actions-TOTAL_FORMS": str(len(actions)),
        "actions-INITIAL_FORMS": str(len(actions)),
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": str(len(actions)),
    }
    for number, action in enumerate(actions):
        row = {
            "id": str(action.pk),
            "status": action.status,
            "done_on": action.done_on.isoformat() if action.done_on else "",
            "evidence": action.evidence,
        }
        row.update((rows or {}).get(action.pk, {}))
        data.update({f"actions-{number}-{key}": value for key, value in row.items()})
    return data


@frozen(NOW)
class InspectPageTests(PlansTestCase):
    def test_a_submitted_plan_whose_submitter_is_gone_opens(self):
        ActionPlan.objects.filter(pk=self.fmi_plan.pk).update(
            status="submitted", submitted_at=datetime.datetime(2027, 3, 1, 10, tzinfo=datetime.UTC), submitted_by=None
        )
        ActionPlan.objects.filter(pk=self.flls_plan.pk).update(
            status="centralised",
            submitted_at=datetime.datetime(2027, 3, 1, 10, tzinfo=datetime.UTC),
            centralised_at=datetime.datetime(2027, 3, 2, 10, tzinfo=datetime.UTC),
            submitted_by=self.coordinator,
            centralised_by=None,
        )
        self.client.force_login(self.editor)
        edit = self.client.get(self.url("edit", self.fmi_plan.pk), follow=True)
        self.assertEqual(edit.status_code, 200)
        self.assertContains(edit, "—")
        self.client.force_login(self.office)
        page = self.client.get(self.url("inspect", self.flls_plan.pk))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "coordonator.fmi")

    def test_the_submitters_full_name_is_shown(self):
        self.coordinator.first_name, self.coordinator.last_name = "Ioana", "Pop"
        self.coordinator.save()
        self.fmi_plan.move("submit", self.coordinator)
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(self.url("inspect", self.fmi_plan.pk)), "Ioana Pop")


@frozen(NOW)
class RecordProgressTests(PlansTestCase):
    def setUp(self):
        self.first = PlanActionFactory(plan=self.fmi_plan, title="Prima acțiune", sort_order=0)
        self.second = PlanActionFactory(plan=self.fmi_plan, title="A doua acțiune", sort_order=1)
        self.fmi_plan.move("submit", self.editor)
        self.progress = self.url("progress", self.fmi_plan.pk)

    def actions(self):
        return list(self.fmi_plan.actions.order_by("sort_order", "pk"))

    def test_the_faculty_records_progress_on_a_submitted_plan(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(self.url("inspect", self.fmi_plan.pk))
        self.assertContains(page, self.progress)
        form = self.client.get(self.progress)
        self.assertContains(form, "Prima acțiune")
        self.assertNotContains(form, 'name="actions-0-title"')
        self.assertNotContains(form, 'name="actions-0-deadline"')
        data = progress_data(
            self.actions(),
            {
                self.first.pk: {
                    "status": "done",
                    "done_on": "2027-03-05",
                    "evidence": "Întâlnire cu 40 de absolvenți.",
                },
                self.second.pk: {"status": "in_progress"},
            },
        )
        response = self.client.post(self.progress, data)
        self.assertRedirects(response, self.url("inspect", self.fmi_plan.pk), fetch_redirect_response=False)
        first, second = self.actions()
        self.assertEqual((first.status, first.done_on), ("done", datetime.date(2027, 3, 5)))
        self.assertEqual(first.evidence, "Întâlnire cu 40 de absolvenți.")
        self.assertEqual((first.title, first.deadline), ("Prima acțiune", datetime.date(2027, 3, 1)))
        self.assertEqual(second.status, "in_progress")
        plan = ActionPlan.objects.get(pk=self.fmi_plan.pk)
        self.assertEqual((plan.status, plan.submitted_by), ("submitted", self.editor))
        self.assertFalse(PlanAction.objects.overdue(datetime.date(2027, 3, 10)).filter(pk=first.pk).exists())

    def test_the_rest_of_the_plan_stays_locked(self):
        self.client.force_login(self.editor)
        data = progress_data(
            self.actions(), {self.first.pk: {"title": "Alt titlu", "deadline": "2030-01-01", "responsible": "X"}}
        )
        self.client.post(self.progress, data)
        first = self.actions()[0]
        self.assertEqual((first.title, first.deadline), ("Prima acțiune", datetime.date(2027, 3, 1)))
        self.assertNotEqual(first.responsible, "X")
        self.assertRefused(self.client.post(self.url("edit", self.fmi_plan.pk), plan_data(self.fmi)))

    def test_done_needs_the_day_and_only_done_has_one(self):
        self.client.force_login(self.editor)
        for rows in ({"status": "done", "done_on": ""}, {"status": "planned", "done_on": "2027-03-05"}):
            with self.subTest(rows=rows):
                response = self.client.post(self.progress, progress_data(self.actions(), {self.first.pk: rows}))
                self.assertEqual(response.status_code, 200)
                self.assertIn("done_on", response.context["formset"].forms[0].errors)
                self.assertEqual(self.actions()[0].status, "planned")
        response = self.client.post(self.progress, progress_data(self.actions(), {self.first.pk: {"done_on": "x"}}))
        self.assertEqual(response.status_code, 200)

    def test_no_action_is_added_or_taken_from_another_plan(self):
        other = PlanActionFactory(plan=self.flls_plan, title="Acțiunea FLLS")
        self.client.force_login(self.editor)
        data = progress_data(self.actions())
        data.update(
            {
                "actions-TOTAL_FORMS": "3",
                "actions-2-id": "",
                "actions-2-status": "done",
                "actions-2-done_on": "2027-03-01",
            }
        )
        self.client.post(self.progress, data)
        self.assertEqual(PlanAction.objects.count(), 3)
        foreign = progress_data(self.actions())
        foreign["actions-0-id"] = str(other.pk)
        foreign["actions-0-status"] = "cancelled"
        response = self.client.post(self.progress, foreign)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(PlanAction.objects.get(pk=other.pk).status, "planned")

    def test_another_facultys_plan_is_refused(self):
        PlanActionFactory(plan=self.flls_plan)
        self.flls_plan.move("submit", self.office)
        self.client.force_login(self.editor)
        url = self.url("progress", self.flls_plan.pk)
        self.assertRefused(self.client.get(url))
        self.assertRefused(self.client.post(url, progress_data(list(self.flls_plan.actions.all()))))
        self.client.force_login(self.office)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_form_costs_the_same_for_2_and_20_actions(self):
        self.client.force_login(self.editor)
        self.client.get(self.progress)

        def count():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(self.progress).status_code, 200)
            return len(queries)

        small = count()
        for number in range(18):
            PlanActionFactory(plan=self.fmi_plan, sort_order=number + 2)
        self.assertEqual(small, count())
