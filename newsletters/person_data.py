"""A person's part in the newsletters, for home's person-data extension point: the newsletters sent to them in
their data export; after an erasure their deliveries stay only as anonymous counts."""

from home.extensions import person_data_requested, person_erased


def export_deliveries(sender, *, email, person=None, **kwargs):
    from newsletters.models import Delivery

    if not email:
        return {}
    deliveries = Delivery.objects.filter(email=email.strip().lower()).select_related("mailing").order_by("pk")
    rows = [
        {
            "newsletter": delivery.mailing.subject,
            "status": delivery.status,
            "sent_at": delivery.sent_at.isoformat() if delivery.sent_at else None,
        }
        for delivery in deliveries
    ]
    return {"newsletters": rows} if rows else {}


def anonymise_deliveries(sender, *, email, **kwargs):
    from newsletters.models import Delivery

    if email:
        Delivery.objects.filter(email=email.strip().lower()).update(email="", alumnus=None, error="")


def connect_signals() -> None:
    person_data_requested.connect(export_deliveries, dispatch_uid="newsletters.export_deliveries")
    person_erased.connect(anonymise_deliveries, dispatch_uid="newsletters.anonymise_deliveries")
