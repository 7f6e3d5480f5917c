"""The survey's cadence: when a round closes, the next one is planned on the survey's rhythm (every year, say),
with the same length and anonymity; the office then invites the people it chooses when the round opens.

`plan_next_round` is idempotent (a round has at most one next round), and `plan_due_rounds` (run daily by
`manage.py plan_survey_rounds`) plans the next round of every closed round whose survey has a cadence."""

from __future__ import annotations

import re

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone

from surveys.models import SurveyRound


def next_title(survey_round: SurveyRound, opens_at) -> str:
    old_year = str(timezone.localtime(survey_round.opens_at).year)
    new_year = str(timezone.localtime(opens_at).year)
    if re.search(rf"\b{old_year}\b", survey_round.title):
        return re.sub(rf"\b{old_year}\b", new_year, survey_round.title)
    return f"{survey_round.title} ({new_year})"


def plan_next_round(survey_round: SurveyRound, user=None) -> SurveyRound | None:
    """The round after this one on the survey's cadence (made once); None when the survey has no cadence."""
    existing = SurveyRound.objects.filter(previous=survey_round).first()
    if existing is not None:
        return existing
    months = survey_round.survey.cadence_months
    if not months:
        return None
    step = relativedelta(months=months)
    opens_at, closes_at = survey_round.opens_at + step, survey_round.closes_at + step
    try:
        with transaction.atomic():
            return SurveyRound.objects.create(
                survey=survey_round.survey,
                title=next_title(survey_round, opens_at),
                opens_at=opens_at,
                closes_at=closes_at,
                anonymous=survey_round.anonymous,
                previous=survey_round,
                created_by=user,
            )
    except IntegrityError:  # planned at the same moment by another run
        return SurveyRound.objects.get(previous=survey_round)


def plan_due_rounds(now=None) -> list[SurveyRound]:
    """Plan the next round of every closed round (of a survey with a cadence) that has none yet."""
    now = now or timezone.now()
    due = SurveyRound.objects.filter(closes_at__lte=now, next_round__isnull=True, survey__cadence_months__gt=0)
    return [planned for planned in (plan_next_round(item) for item in due.select_related("survey")) if planned]
