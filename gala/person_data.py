"""A person's part in the gala, for home's person-data extension point: the nominations they proposed (by their
e-mail) in their data export; an erasure removes the proposer's name and e-mail from them and unlinks the person
from nominations of them, whose name is removed too (the nomination stays, counted)."""

from home.extensions import person_data_requested, person_erased


def export_nominations(sender, *, email, person=None, **kwargs):
    from gala.models import Nomination

    if not email:
        return {}
    proposed = Nomination.objects.filter(nominator_email=email.strip().lower()).select_related("category", "edition")
    rows = [
        {
            "edition": nomination.edition.title,
            "category": nomination.category.name,
            "nominee": nomination.nominee_name,
            "reason": nomination.reason,
            "submitted_at": nomination.created_at.isoformat(),
        }
        for nomination in proposed
    ]
    return {"gala_nominations_proposed": rows} if rows else {}


def forget_proposer(sender, *, email, **kwargs):
    from alumni.erasure import REDACTED
    from alumni.models import Alumnus
    from gala.models import Nomination

    if email:
        Nomination.objects.filter(nominator_email=email.strip().lower()).update(nominator_name="", nominator_email="")
    Nomination.objects.filter(alumnus__status=Alumnus.Status.ERASED).update(alumnus=None, nominee_name=REDACTED)


def connect_signals() -> None:
    person_data_requested.connect(export_nominations, dispatch_uid="gala.export_nominations")
    person_erased.connect(forget_proposer, dispatch_uid="gala.forget_proposer")
