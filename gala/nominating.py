"""Nominating, and moving a nomination along: submitted → shortlisted (the office) → winner (the decision makers),
or not retained; every change recorded with who made it and when."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from gala.models import AwardCategory, GalaEditionPage, Nomination, NominationChange
from home.models import Faculty

SHORTLIST = "gala.shortlist_nomination"
AWARD = "gala.award_nomination"
# The permission each move needs: the office shortlists or turns down, the decision makers choose the winners.
MOVES = {
    (Nomination.Status.SUBMITTED, Nomination.Status.SHORTLISTED): SHORTLIST,
    (Nomination.Status.SUBMITTED, Nomination.Status.DECLINED): SHORTLIST,
    (Nomination.Status.SHORTLISTED, Nomination.Status.DECLINED): SHORTLIST,
    (Nomination.Status.SHORTLISTED, Nomination.Status.SUBMITTED): SHORTLIST,
    (Nomination.Status.DECLINED, Nomination.Status.SUBMITTED): SHORTLIST,
    (Nomination.Status.SHORTLISTED, Nomination.Status.WINNER): AWARD,
    (Nomination.Status.WINNER, Nomination.Status.SHORTLISTED): AWARD,
}


def nominate(edition: GalaEditionPage, data: dict, language: str) -> Nomination | None:
    """A nomination on the edition (in the default language) from the form's data; None when the window closed."""
    source = edition.source()
    if not source.nominations_are_open():
        return None
    category = AwardCategory.objects.filter(translation_key=data["category"], locale=Locale.get_default()).first()
    faculty = Faculty.objects.filter(pk=data["faculty"]).first()
    if category is None or faculty is None:
        return None
    faculty = faculty.get_translation_or_none(Locale.get_default()) or faculty
    with transaction.atomic():
        nomination = Nomination.objects.create(
            edition=source,
            category=category,
            nominee_name=data["nominee_name"].strip(),
            faculty=faculty,
            graduation_year=data.get("graduation_year"),
            reason=data["reason"].strip(),
            nominator_name=data["nominator_name"].strip(),
            nominator_email=data["nominator_email"].strip().lower(),
        )
        NominationChange.objects.create(nomination=nomination, to_status=nomination.status, note=language)
    return nomination


def can_move(user, nomination: Nomination, to_status: str) -> bool:
    permission = MOVES.get((nomination.status, to_status))
    return bool(permission) and user.has_perm(permission)


@transaction.atomic
def move(nomination: Nomination, to_status: str, user, note: str = "") -> Nomination:
    """Change the nomination's status, recording who and when; PermissionDenied for a move the user may not make
    (a faculty editor cannot choose winners)."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not can_move(user, nomination, to_status):
        raise PermissionDenied(_("You may not make this change."))
    NominationChange.objects.create(
        nomination=nomination,
        from_status=nomination.status,
        to_status=to_status,
        by=user,
        at=timezone.now(),
        note=note[:500],
    )
    nomination.status = to_status
    nomination.save(update_fields=["status"])
    return nomination
