"""Registering for an event: capacity under concurrent requests, the waiting list, signed cancel links.

Every change runs in a transaction that first locks the event row (SELECT ... FOR UPDATE on PostgreSQL; on
SQLite every transaction takes the write lock when it begins), so two people can never both take the last
place, and a cancellation promotes exactly one person from the waiting list.
"""

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import EventPage, Registration

CANCEL_SALT = "events.registration.cancel"


class RegistrationError(Exception):
    """A registration that cannot be made, with a message for the visitor."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def register(event: EventPage, **fields) -> Registration:
    """Create a confirmed registration, or a waiting-list one when the event is full."""
    email = fields.pop("email").strip().lower()
    now = timezone.now()
    try:
        with transaction.atomic():
            event = EventPage.objects.select_for_update().get(pk=event.pk)
            if not event.registration_window_open(now):
                raise RegistrationError(_("Registration for this event is closed."))
            if event.registrations.active().filter(email=email).exists():
                raise RegistrationError(_("This e-mail address is already registered for this event."))
            confirmed = event.registrations.confirmed().count()
            full = event.capacity is not None and confirmed >= event.capacity
            registration = Registration.objects.create(
                event=event,
                email=email,
                status=Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
                **fields,
            )
    except IntegrityError as error:  # the same e-mail submitted twice at the same moment
        raise RegistrationError(_("This e-mail address is already registered for this event.")) from error
    send_registration_email(registration, "waiting" if full else "confirmed")
    return registration


def cancel(registration: Registration) -> Registration | None:
    """Cancel a registration; if it held a place, give it to the first person on the waiting list.

    Returns the promoted registration, if any."""
    promoted = None
    with transaction.atomic():
        EventPage.objects.select_for_update().filter(pk=registration.event_id).first()
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return None
        held_a_place = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if held_a_place:
            promoted = (
                Registration.objects.filter(event_id=registration.event_id, status=Registration.Status.WAITING)
                .order_by("created_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = Registration.Status.CONFIRMED
                promoted.save(update_fields=["status"])
    send_registration_email(registration, "cancelled")
    if promoted is not None:
        send_registration_email(promoted, "promoted")
    return promoted


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT)


def registration_for_token(token: str) -> Registration:
    """The registration a cancel link names; raises signing.BadSignature or Registration.DoesNotExist."""
    return Registration.objects.select_related("event").get(pk=signing.loads(token, salt=CANCEL_SALT))


def send_registration_email(registration: Registration, kind: str) -> None:
    from events.tasks import send_registration_email as task

    task.enqueue(registration.pk, kind)
