"""Remind the responsible people of the plans' deadlines due within a few days, or overdue (run it daily).

    manage.py office_send_reminders [--days 7] [--enqueue]

Each item is reminded once a day at most: running it again the same day sends nothing more.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from office.reminders import DEFAULT_DAYS, send_due_reminders
from office.tasks import send_reminders_task


class Command(BaseCommand):
    help = "E-mail the responsible people about plan actions, measure deadlines and meeting decisions falling due."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="How many days ahead (default 7).")
        parser.add_argument("--enqueue", action="store_true", help="Leave the sending to the task worker.")

    def handle(self, *args, days, enqueue=False, **options):
        if not 0 <= days <= 366:
            raise CommandError("--days must be between 0 and 366.")
        if enqueue:
            result = send_reminders_task.enqueue(days)
            self.stdout.write(f"Reminders queued (task {result.id}).")
            return
        report = send_due_reminders(timezone.localdate(), days)
        self.stdout.write(f"{report.messages} reminders sent about {report.items} items.")
        for email, reason in report.failures:
            self.stdout.write(f"  failed: {email}: {reason}")
