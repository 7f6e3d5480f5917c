"""Answering a survey with a personal link: the link's state, and recording one answer per link.

A link is good while its round is open and it has not been used. Recording marks the invitee as having answered
and stores the response in one transaction; two submissions at once (a double click, two tabs) record one answer,
the other is told it was already given. In an anonymous round the response keeps neither the invitee nor a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from surveys.models import Invitee, Response, SurveyPage
from surveys.tokens import read_invitee_token

INVALID, NOT_YET, CLOSED, USED, GOOD = "invalid", "not_yet", "closed", "used", "good"


@dataclass
class LinkState:
    state: str
    invitee: Invitee | None = None

    @property
    def round(self):
        return self.invitee.round if self.invitee is not None else None


def link_state(page: SurveyPage, token: str, now=None) -> LinkState:
    """What a personal link allows on this survey (in any of its languages)."""
    invitee_id = read_invitee_token(token)
    if invitee_id is None:
        return LinkState(INVALID)
    invitee = Invitee.objects.select_related("round__survey").filter(pk=invitee_id).first()
    if invitee is None or invitee.round.survey.translation_key != page.translation_key:
        return LinkState(INVALID)
    now = now or timezone.now()
    if invitee.answered:
        return LinkState(USED, invitee)
    if now < invitee.round.opens_at:
        return LinkState(NOT_YET, invitee)
    if invitee.round.has_closed(now):
        return LinkState(CLOSED, invitee)
    return LinkState(GOOD, invitee)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Free text as stored: trimmed, without control characters (a spreadsheet cannot hold them)."""
    return _CONTROL.sub("", value).strip()


def _json_ready(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_text(item) if isinstance(item, str) else item for item in value]
    return value


def record_answer(page: SurveyPage, invitee: Invitee, cleaned_data: dict, language: str) -> Response | None:
    """Store the answers of `invitee`, once: None when the link was used meanwhile or the round closed."""
    answers = {key: _json_ready(value) for key, value in page.answers_from(cleaned_data).items()}
    now = timezone.now()
    with transaction.atomic():
        claimed = Invitee.objects.filter(
            pk=invitee.pk, answered=False, round__opens_at__lte=now, round__closes_at__gt=now
        ).update(answered=True)
        if not claimed:
            return None
        anonymous = invitee.round.anonymous
        return Response.objects.create(
            round_id=invitee.round_id,
            invitee=None if anonymous else invitee,
            submitted_at=None if anonymous else now,
            faculty_id=invitee.faculty_id,
            cohort=invitee.cohort,
            language=language,
            answers=answers,
        )
