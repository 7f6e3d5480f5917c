"""Invitations to an event: a template the office wrote, an audience it chose, and for each person a message with
their first name and their own signed link, which opens the event's registration form filled in for them.

An invitation is a mailing of kind "invitation" on the event's page (in the site's default language, where the
registrations are); the sending pipeline is the newsletter's (newsletters.sending). `invitation_report` puts the
invited next to the event's registrations: who registered and who came.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.html import escape, linebreaks, urlize
from django.utils.translation import gettext as _
from wagtail.models import Locale

from alumni.privacy import mailing_details
from events.models import EventPage, Registration
from newsletters.audiences import Audience
from newsletters.models import Delivery, InvitationTemplate, Mailing
from newsletters.models.invitations import fill
from newsletters.sending import CannotSend, freeze_audience, personal_message, unsubscribe_url

SALT = "newsletters.invitation"
REPEAT_GUARD = timedelta(minutes=10)
PARAMETER = "invitation"


def source_event(event: EventPage) -> EventPage:
    default = event.get_translation_or_none(Locale.get_default())
    return (default or event).specific


@transaction.atomic
def start_invitation(event: EventPage, template: InvitationTemplate, audience: Audience, user=None) -> Mailing:
    """A new invitation mailing with one delivery per person of the audience (only people who consent to the
    newsletter: invitations are the office's announcements). Raises CannotSend when the event is not published,
    registration is closed or nobody is in the audience."""
    event = source_event(event)
    try:
        template.full_clean(exclude=["locale", "translation_key"], validate_unique=False)
    except ValidationError as error:
        problems = "; ".join(message for messages in error.message_dict.values() for message in messages)
        raise CannotSend(_("The invitation text needs a correction: %(problems)s") % {"problems": problems}) from error
    if not event.live:
        raise CannotSend(_("Publish the event before inviting people to it."))
    recently = Mailing.objects.filter(
        kind=Mailing.Kind.INVITATION,
        translation_key=event.translation_key,
        template=template,
        audience=audience.as_filters(),
        started_at__gte=timezone.now() - REPEAT_GUARD,
    )
    if recently.exists():  # a double click, or the form sent twice
        raise CannotSend(_("This invitation went to this audience a moment ago; it is not sent twice."))
    if not event.registration_window_open():
        raise CannotSend(_("Registration for this event is closed: nobody could use the invitation."))
    mailing = Mailing.objects.create(
        kind=Mailing.Kind.INVITATION,
        page=event,
        translation_key=event.translation_key,
        template=template,
        subject=fill(template.subject, {"event": event.title}),
        audience=audience.as_filters(),
        started_at=timezone.now(),
        started_by=user,
    )
    if not freeze_audience(mailing, audience, subscribers=False):  # alumni only: outside subscribers chose news
        raise CannotSend(_("Nobody is in this audience: widen it."))
    return mailing


def invitation_token(delivery_id: int) -> str:
    return signing.dumps(delivery_id, salt=SALT)


def delivery_for_token(token: str) -> Delivery | None:
    try:
        delivery_id = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(delivery_id, int):
        return None
    return (
        Delivery.objects.filter(pk=delivery_id, mailing__kind=Mailing.Kind.INVITATION, alumnus__isnull=False)
        .select_related("mailing")
        .first()
    )


def registration_prefill(request, page) -> dict | None:
    """Home's registration-prefill hook: the invited person's details when the request carries their link to
    this event (in any of its languages); nothing for another event, a forged link or an erased person."""
    token = request.GET.get(PARAMETER)
    if not token or not isinstance(page, EventPage):
        return None
    delivery = delivery_for_token(token)
    if delivery is None or delivery.mailing.translation_key != page.translation_key:
        return None
    details = mailing_details([delivery.alumnus_id]).get(delivery.alumnus_id)
    if details is None:
        return None
    initial = {"name": details["name"], "email": details["email"], "role": Registration.Role.ALUMNUS}
    if details["graduation_year"]:
        initial["graduation_year"] = details["graduation_year"]
    from home.models import Faculty

    faculty = Faculty.objects.filter(pk=details["faculty_id"]).first()
    if faculty is not None:
        shown = faculty.get_translation_or_none(Locale.get_active()) or faculty
        initial["faculty"] = shown.pk
    return initial


class InvitationComposer:
    """An invitation's messages: the template and the event in the person's language, their first name and link."""

    def __init__(self, mailing: Mailing):
        self.mailing = mailing
        self.event = mailing.page.specific
        self.template = mailing.template
        self.details: dict[int, dict] = {}
        self.per_language: dict[str, tuple[InvitationTemplate, EventPage]] = {}

    def prepare(self, batch: list[Delivery]) -> None:
        self.details = mailing_details(delivery.alumnus_id for delivery in batch if delivery.alumnus_id)

    def in_language(self, language: str) -> tuple[InvitationTemplate, EventPage]:
        if language not in self.per_language:
            locale = Locale.objects.filter(language_code=language).first()
            template, event = self.template, self.event
            if locale is not None:
                template = template.get_translation_or_none(locale) or template
                translated = event.get_translation_or_none(locale)
                if translated is not None and translated.live:
                    event = translated.specific
            self.per_language[language] = (template, event)
        return self.per_language[language]

    def message(self, delivery: Delivery, connection) -> EmailMultiAlternatives:
        template, event = self.in_language(delivery.language)
        with translation.override(delivery.language):
            start = event.next_start() or event.start
            values = {
                "name": (self.details.get(delivery.alumnus_id) or {}).get("first_name", ""),
                "event": event.title,
                "date": formats.date_format(timezone.localtime(start), "DATETIME_FORMAT") if start else "",
                "place": event.venue or event.online_url,
                "link": f"{event.full_url}?{PARAMETER}={invitation_token(delivery.pk)}#registration",
            }
            unsubscribe = unsubscribe_url(delivery.language, delivery.alumnus_id, delivery.subscriber_id)
            footer = _("You receive the alumni office's invitations because you agreed to its messages.")
            leave = _("Unsubscribe in one click:")
            body = fill(template.body, values)
            text = f"{body}\n\n--\n{footer}\n{leave} {unsubscribe}\n"
            html = (
                f"{linebreaks(urlize(escape(body)))}<hr><p><small>{escape(footer)} "
                f'<a href="{escape(unsubscribe)}">{escape(leave.rstrip(":"))}</a></small></p>'
            )
        return personal_message(
            subject=fill(template.subject, values),
            text=text,
            html=html,
            email=delivery.email,
            unsubscribe_url=unsubscribe,
            connection=connection,
        )


@dataclass
class InvitedPerson:
    email: str
    sent: bool
    registration: str  # "", or the registration's status
    came: bool

    @property
    def registration_label(self) -> str:
        return str(Registration.Status(self.registration).label) if self.registration else ""


def invitation_report(event: EventPage) -> tuple[list[InvitedPerson], dict[str, int]]:
    """Everyone invited to the event (by any of its invitations), whether the invitation went, whether they
    registered and whether they came; with the counts. Three queries whatever the numbers."""
    deliveries = (
        Delivery.objects.filter(mailing__kind=Mailing.Kind.INVITATION, mailing__translation_key=event.translation_key)
        .exclude(email="")
        .exclude(status=Delivery.Status.SKIPPED)  # left before their invitation went: never invited
        .order_by("email", "pk")
        .values_list("email", "status")
    )
    registrations = {
        email: (status, checked_in is not None)
        # Registrations on any translation of the event: an English reader registers on the English page.
        for email, status, checked_in in Registration.objects.filter(
            event__translation_key=event.translation_key
        ).values_list("email", "status", "checked_in_at")
    }
    people: dict[str, InvitedPerson] = {}
    for email, status in deliveries:
        person = people.get(email)
        sent = status == Delivery.Status.SENT
        if person is None:
            registration, came = registrations.get(email, ("", False))
            people[email] = InvitedPerson(email, sent, registration, came)
        else:
            person.sent = person.sent or sent
    invited = list(people.values())
    counts = {
        "invited": len(invited),
        "sent": sum(person.sent for person in invited),
        "registered": sum(person.registration in ("confirmed", "waiting") for person in invited),
        "came": sum(person.came for person in invited),
    }
    return invited, counts
