"""Subscribing to the newsletter from outside the alumni database (double opt-in), and unsubscribing anyone.

A subscription request always gets the same answer and the same e-mail, whether or not the address is known, so the
form does not tell who subscribes. The confirmation link works for CONFIRMATION_DAYS; confirming twice is harmless.
Unsubscribing stops every newsletter to the address: the alumnus's consent and the outside subscription alike.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from alumni.consents import withdraw_consent
from alumni.models import Alumnus, Consent, ConsentPurpose
from newsletters.models import Subscriber
from newsletters.unsubscribe import ALUMNUS, SUBSCRIBER, Recipient

CONFIRMATION_SALT = "newsletters.confirm"
CONFIRMATION_DAYS = 7


class InvalidLink(Exception):
    pass


class ExpiredLink(InvalidLink):
    pass


def request_subscription(email: str, language: str, consent_text: str) -> Subscriber:
    """Record the request (or refresh an earlier one) and send the confirmation e-mail."""
    from newsletters.tasks import send_subscription_confirmation

    email = email.strip().lower()
    subscriber, created = Subscriber.objects.get_or_create(
        email=email, defaults={"language": language, "consent_text": consent_text}
    )
    if not created and not subscriber.is_receiving:
        subscriber.language, subscriber.consent_text = language, consent_text
        subscriber.save(update_fields=["language", "consent_text"])
    send_subscription_confirmation.enqueue(subscriber.pk)
    return subscriber


def confirmation_token(subscriber: Subscriber) -> str:
    return signing.TimestampSigner(salt=CONFIRMATION_SALT).sign_object({"id": subscriber.pk, "email": subscriber.email})


def subscriber_for_confirmation(token: str) -> Subscriber:
    signer = signing.TimestampSigner(salt=CONFIRMATION_SALT)
    try:
        value = signer.unsign_object(token, max_age=timedelta(days=CONFIRMATION_DAYS))
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except signing.BadSignature as error:
        raise InvalidLink from error
    subscriber = Subscriber.objects.filter(pk=value.get("id"), email=value.get("email")).first()
    if subscriber is None:
        raise InvalidLink
    return subscriber


def confirm(subscriber: Subscriber) -> None:
    """The address is confirmed: newsletters go to it from now on (again, after an earlier unsubscribe). Confirming
    again changes nothing: the first confirmation's date is the evidence of consent."""
    if subscriber.is_receiving:
        return
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])


def address_of(recipient: Recipient) -> str | None:
    """The e-mail address a token's recipient has now (None once erased or gone)."""
    if recipient.kind == ALUMNUS:
        person = Alumnus.objects.filter(pk=recipient.pk).exclude(status=Alumnus.Status.ERASED).first()
        return person.email if person is not None and person.email else None
    if recipient.kind == SUBSCRIBER:
        return Subscriber.objects.filter(pk=recipient.pk).values_list("email", flat=True).first()
    return None


def is_receiving(email: str) -> bool:
    email = email.lower()
    return (
        Alumnus.objects.filter(email__iexact=email, consent_newsletter=True).exists()
        or Subscriber.objects.receiving().filter(email=email).exists()
    )


@transaction.atomic
def unsubscribe(email: str) -> None:
    """No newsletter to this address any more: the alumnus's consent withdrawn (logged), the subscription ended."""
    for person in Alumnus.objects.filter(email__iexact=email, consent_newsletter=True):
        withdraw_consent(person, ConsentPurpose.NEWSLETTER, source=Consent.Source.UNSUBSCRIBE)
    Subscriber.objects.receiving().filter(email=email.lower()).update(unsubscribed_at=timezone.now())
