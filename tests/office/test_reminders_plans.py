"""Deadline reminders: who gets what (plan actions, the coordinator's measure deadlines, meeting decisions), due
within the days asked or overdue, once per item per day whatever the reruns, and nothing about finished items."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from home.factories import FacultyFactory
from office.factories import (
    ActionPlanFactory,
    CoordinatorAppointmentFactory,
    MeasureDeadlineFactory,
    MeetingDecisionFactory,
    PlanActionFactory,
)
from office.models import SentReminder
from office.reminders import send_due_reminders
from office.tasks import send_reminders_task
from tests.clock import frozen

TODAY = datetime.date(2027, 3, 10)
DAY = datetime.timedelta(days=1)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class ReminderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fmi = FacultyFactory(short_name="FMI")
        plan = ActionPlanFactory(faculty=cls.fmi)
        cls.late = PlanActionFactory(
            plan=plan, title="Baza de date", responsible_email="ana@example.ro", deadline=TODAY - 3 * DAY
        )
        cls.soon = PlanActionFactory(
            plan=plan, title="Seminarul", responsible_email="ana@example.ro", deadline=TODAY + 7 * DAY
        )
        PlanActionFactory(plan=plan, title="Prea departe", responsible_email="ana@example.ro", deadline=TODAY + 8 * DAY)
        PlanActionFactory(
            plan=plan,
            title="Gata",
            responsible_email="ana@example.ro",
            deadline=TODAY - DAY,
            status="done",
            done_on=TODAY - DAY,
        )
        PlanActionFactory(
            plan=plan, title="Anulată", responsible_email="ana@example.ro", deadline=TODAY - DAY, status="cancelled"
        )
        PlanActionFactory(plan=plan, title="Fără adresă", responsible_email="", deadline=TODAY)
        CoordinatorAppointmentFactory(
            faculty=cls.fmi, name="Fost", email="fost@example.ro", appointed_on=datetime.date(2020, 1, 1)
        )
        CoordinatorAppointmentFactory(
            faculty=cls.fmi, name="Ion Rus", email="ion@example.ro", appointed_on=datetime.date(2025, 10, 1)
        )
        MeasureDeadlineFactory(measure__title="Secțiunea alumni pe site", faculty=cls.fmi, deadline=TODAY + 2 * DAY)
        MeasureDeadlineFactory(faculty=FacultyFactory(), deadline=TODAY)  # no coordinator: nobody to write to
        MeetingDecisionFactory(text="Calendarul comun", responsible_email="birou@example.ro", deadline=TODAY)
        MeetingDecisionFactory(responsible_email="birou@example.ro", deadline=TODAY - DAY, done_on=TODAY - DAY)

    def messages_by_address(self):
        return {message.to[0]: message for message in mail.outbox}

    @frozen("2027-03-10T07:00:00+02:00")
    def test_each_person_gets_one_message_about_their_items(self):
        report = send_due_reminders(TODAY)
        self.assertEqual((report.messages, report.items, report.failures), (3, 4, []))
        messages = self.messages_by_address()
        self.assertEqual(set(messages), {"ana@example.ro", "ion@example.ro", "birou@example.ro"})
        ana = messages["ana@example.ro"].body
        self.assertIn("Baza de date", ana)
        self.assertIn("Seminarul", ana)
        for absent in ("Prea departe", "Gata", "Anulată", "Fără adresă"):
            self.assertNotIn(absent, ana)
        self.assertLess(ana.index("Baza de date"), ana.index("Seminarul"))  # the overdue first
        self.assertIn(f"/admin/snippets/office/actionplan/inspect/{self.late.plan_id}/", ana)
        self.assertIn("Secțiunea alumni pe site", messages["ion@example.ro"].body)  # the current coordinator
        self.assertIn("Calendarul comun", messages["birou@example.ro"].body)
        self.assertIn("2", messages["ana@example.ro"].subject)

    def test_reminded_once_a_day_whatever_the_reruns(self):
        with frozen("2027-03-10T07:00:00+02:00"):
            call_command("office_send_reminders", stdout=StringIO())
            first = len(mail.outbox)
            out = StringIO()
            call_command("office_send_reminders", stdout=out)
            send_reminders_task.enqueue()
            self.assertEqual(len(mail.outbox), first)
            self.assertIn("0 reminders sent", out.getvalue())
        with frozen("2027-03-10T23:50:00+02:00"):  # still the same day in Bucharest
            send_due_reminders(TODAY)
            self.assertEqual(len(mail.outbox), first)
        self.late.status, self.late.done_on = "done", TODAY
        self.late.save()
        with frozen("2027-03-11T07:00:00+02:00"):
            call_command("office_send_reminders", stdout=StringIO())
        ana = [message for message in mail.outbox[first:] if message.to == ["ana@example.ro"]]
        self.assertEqual(len(ana), 1)
        self.assertNotIn("Baza de date", ana[0].body)  # done: no more reminders
        self.assertEqual(SentReminder.objects.filter(item_id=self.late.pk, kind="action").count(), 1)

    def test_the_horizon_is_the_days_asked(self):
        with frozen("2027-03-10T07:00:00+02:00"):
            call_command("office_send_reminders", "--days", "0", stdout=StringIO())
        bodies = "".join(message.body for message in mail.outbox)
        self.assertIn("Baza de date", bodies)
        self.assertNotIn("Seminarul", bodies)
        with self.assertRaises(CommandError):
            call_command("office_send_reminders", "--days", "-1", stdout=StringIO())
