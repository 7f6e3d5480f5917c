"""Background work: sending a mailing (the admin's button enqueues it; `manage.py send_newsletter` runs it at once)."""

from django_tasks import task


@task()
def send_mailing_task(mailing_id: int) -> dict:
    from newsletters.models import Mailing
    from newsletters.sending import MailServerUnavailable, send_mailing

    mailing = Mailing.objects.filter(pk=mailing_id).select_related("page").first()
    if mailing is None:
        return {"sent": 0, "failed": 0}
    try:
        report = send_mailing(mailing)
    except MailServerUnavailable as error:  # the mailing is paused with the reason; the office resumes it
        return {"paused": str(error)}
    return {"sent": report.sent, "failed": report.failed, "interrupted": report.interrupted}


@task()
def send_subscription_confirmation(subscriber_id: int) -> None:
    """The double opt-in e-mail: a link to confirm the address, in the language the person subscribed in."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext as _

    from newsletters.models import Subscriber
    from newsletters.sending import site_url
    from newsletters.subscriptions import CONFIRMATION_DAYS, confirmation_token

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return
    with translation.override(subscriber.language or settings.LANGUAGE_CODE):
        path = reverse("newsletters:confirm", args=[confirmation_token(subscriber)])
        context = {"link": site_url(path), "days": CONFIRMATION_DAYS}
        EmailMessage(
            subject=_("Confirm your subscription to the alumni newsletter"),
            body=render_to_string("newsletters/emails/confirm_subscription.txt", context),
            to=[subscriber.email],
        ).send()
