"""Background work of the office: the daily deadline reminders (`manage.py office_send_reminders --enqueue`
puts them on the task worker; without it the command sends them in its own process)."""

from django_tasks import task


@task()
def send_reminders_task(days: int = 7) -> dict:
    from django.utils import timezone

    from office.reminders import send_due_reminders

    report = send_due_reminders(timezone.localdate(), days)
    return {"messages": report.messages, "items": report.items, "failed": len(report.failures)}
