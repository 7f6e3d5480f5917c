"""Background work for events: registration e-mails, sent in the registrant's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

SUBJECTS = {
    "confirmed": lambda title: _("Registration confirmed: %(title)s") % {"title": title},
    "waiting": lambda title: _("You are on the waiting list: %(title)s") % {"title": title},
    "promoted": lambda title: _("A place is free for you: %(title)s") % {"title": title},
    "cancelled": lambda title: _("Registration cancelled: %(title)s") % {"title": title},
}


@task()
def send_registration_email(registration_id: int, kind: str) -> None:
    from events.ical import ics_for_event
    from events.models import Registration
    from events.registration import cancel_token

    registration = Registration.objects.select_related("event", "event__locale").get(pk=registration_id)
    event = registration.event
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": event,
            "kind": kind,
            "event_url": event.get_full_url() or base_url + event.url,
            "cancel_url": base_url + reverse("cancel_registration", args=[cancel_token(registration)]),
        }
        message = EmailMessage(
            subject=SUBJECTS[kind](event.title),
            body=render_to_string("events/emails/registration.txt", context),
            to=[registration.email],
        )
        if kind in ("confirmed", "promoted"):
            message.attach("event.ics", ics_for_event(event), "text/calendar; charset=utf-8; method=PUBLISH")
        message.send()
