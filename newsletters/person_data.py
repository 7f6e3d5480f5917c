"""A person's part in the newsletters, for home's person-data extension point: their subscription from outside
the alumni database and the newsletters sent to them, in their data export; an erasure deletes the subscription
and leaves their deliveries only as anonymous counts."""

from home.extensions import person_data_requested, person_erased


def export_deliveries(sender, *, email, person=None, **kwargs):
    from newsletters.models import Delivery, Subscriber

    if not email:
        return {}
    sections = {}
    subscriber = Subscriber.objects.filter(email=email.strip().lower()).first()
    if subscriber is not None:
        sections["newsletter_subscription"] = {
            "email": subscriber.email,
            "language": subscriber.language,
            "consent_text": subscriber.consent_text,
            "subscribed_at": subscriber.created_at.isoformat(),
            "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
            "unsubscribed_at": subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None,
        }
    deliveries = Delivery.objects.filter(email=email.strip().lower()).select_related("mailing").order_by("pk")
    rows = [
        {
            "newsletter": delivery.mailing.subject,
            "status": delivery.status,
            "sent_at": delivery.sent_at.isoformat() if delivery.sent_at else None,
        }
        for delivery in deliveries
    ]
    if rows:
        sections["newsletters"] = rows
    return sections


def anonymise_deliveries(sender, *, email, **kwargs):
    from newsletters.models import Delivery, Subscriber

    if email:
        email = email.strip().lower()
        # Not sent yet: it never will be.
        Delivery.objects.filter(email=email, status=Delivery.Status.PENDING).update(status=Delivery.Status.SKIPPED)
        Delivery.objects.filter(email=email).update(email="", alumnus=None, subscriber=None, error="")
        Subscriber.objects.filter(email=email).delete()


def connect_signals() -> None:
    person_data_requested.connect(export_deliveries, dispatch_uid="newsletters.export_deliveries")
    person_erased.connect(anonymise_deliveries, dispatch_uid="newsletters.anonymise_deliveries")
