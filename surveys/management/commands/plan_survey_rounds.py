from django.core.management.base import BaseCommand

from surveys.cadence import plan_due_rounds


class Command(BaseCommand):
    help = "Plan the next round of every closed survey round, on its survey's cadence (run it daily; idempotent)."

    def handle(self, *args, **options):
        for planned in plan_due_rounds():
            opens = planned.opens_at.date().isoformat()
            closes = planned.closes_at.date().isoformat()
            self.stdout.write(f"Planned {planned.title}: {opens} – {closes}")
