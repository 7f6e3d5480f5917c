"""Background work: sending a mailing (the admin's button enqueues it; `manage.py send_newsletter` runs it at once)."""

from django_tasks import task


@task()
def send_mailing_task(mailing_id: int) -> dict:
    from newsletters.models import Mailing
    from newsletters.sending import send_mailing

    mailing = Mailing.objects.filter(pk=mailing_id).select_related("page").first()
    if mailing is None:
        return {"sent": 0, "failed": 0}
    report = send_mailing(mailing)
    return {"sent": report.sent, "failed": report.failed, "interrupted": report.interrupted}
