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


def plan_next_round(survey_round: SurveyRound, user=None, now=None) -> SurveyRound | None:
    """The round after this one on the survey's cadence (made once), counted on the local calendar (a round that
    opens on 1 March at 09:00 is followed by one on 1 March at 09:00, across daylight saving time) and stepped on
    until it has not closed yet; None when the survey has no cadence."""
    existing = SurveyRound.objects.filter(previous=survey_round).first()
    if existing is not None:
        return existing
    months = survey_round.survey.cadence_months
    if not months:
        return None
    now = now or timezone.now()
    opens_at, closes_at = timezone.localtime(survey_round.opens_at), timezone.localtime(survey_round.closes_at)
    step = 1
    while True:
        shift = relativedelta(months=months * step)
        next_opens, next_closes = opens_at + shift, closes_at + shift
        if next_closes > now:
            break
        step += 1
    try:
        with transaction.atomic():
            return SurveyRound.objects.create(
                survey=survey_round.survey,
                title=next_title(survey_round, next_opens),
                opens_at=next_opens,
                closes_at=next_closes,
                anonymous=survey_round.anonymous,
                previous=survey_round,
                created_by=user,
            )
    except IntegrityError:  # planned at the same moment by another run
        return SurveyRound.objects.get(previous=survey_round)


def plan_due_rounds(now=None) -> list[SurveyRound]:
    """For each survey with a cadence whose latest round has closed, plan the next one (none twice)."""
    now = now or timezone.now()
    planned = []
    surveys = SurveyRound.objects.filter(survey__cadence_months__gt=0).values_list("survey_id", flat=True).distinct()
    for survey_id in surveys:
        latest = SurveyRound.objects.filter(survey_id=survey_id).select_related("survey").order_by("-opens_at").first()
        if latest.closes_at <= now and not SurveyRound.objects.filter(previous=latest).exists():
            planned.append(plan_next_round(latest, now=now))
    return [item for item in planned if item is not None]
