"""Giving and withdrawing consents: the current state on the person, every change in the log."""

from django.db import transaction
from django.utils import timezone

from alumni.models import Alumnus, Consent, ConsentPurpose

CONSENT_FIELDS: dict[str, str] = {purpose: f"consent_{purpose}" for purpose in ConsentPurpose.values}


def set_consent(alumnus: Alumnus, purpose: str, given: bool, *, source: str, text: str = "") -> bool:
    """Record a consent change; returns False (and logs nothing) when the state does not change."""
    field_name = CONSENT_FIELDS[purpose]
    if getattr(alumnus, field_name) == given and alumnus.consents.filter(purpose=purpose).exists():
        return False
    with transaction.atomic():
        setattr(alumnus, field_name, given)
        alumnus.save(update_fields=[field_name])
        Consent.objects.create(
            alumnus=alumnus, purpose=purpose, given=given, at=timezone.now(), text=text, source=source
        )
    return True


def record_consents(alumnus: Alumnus, answers: dict, *, source: str, texts: dict[str, str]) -> None:
    """Record a form's answer to every consent (its `consent_<purpose>` box ticked or not) with the wording shown."""
    for purpose, field_name in CONSENT_FIELDS.items():
        set_consent(alumnus, purpose, bool(answers.get(field_name)), source=source, text=texts[purpose])


def withdraw_consent(alumnus: Alumnus, purpose: str, *, source: str = Consent.Source.PROFILE) -> bool:
    return set_consent(alumnus, purpose, False, source=source)


def consent_states(alumnus: Alumnus) -> list[dict]:
    """Each purpose with its label, whether the person gives it now, and its latest logged change (or None)."""
    latest = {}
    for consent in alumnus.consents.order_by("-at", "-pk"):
        latest.setdefault(consent.purpose, consent)
    return [
        {
            "purpose": purpose,
            "label": label,
            "given": getattr(alumnus, CONSENT_FIELDS[purpose]),
            "latest": latest.get(purpose),
        }
        for purpose, label in ConsentPurpose.choices
    ]
