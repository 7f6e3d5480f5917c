"""The survey figures in the API v3, for the office's other tools: the same figures as the round's report.

    GET /api/v3/surveys/rounds/                 the rounds, newest first, with their response counts
    GET /api/v3/surveys/rounds/{id}/report/     one round's report (groups of fewer than 5 answers hidden)

Both need a token (Authorization: Bearer …) of a user who may view survey rounds: 401 without a valid token,
403 without the permission. Free-text answers are not in the API; they stay in the admin's report and export.
"""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from wagtail.api.v3.auth import BearerTokenAuth

from surveys.models import SurveyRound
from surveys.statistics import round_report

router = Router(tags=["surveys"])
PERMISSION = "surveys.view_surveyround"
# The problem schema is added to the document by config.api; this only says that these routes may answer 403.
FORBIDDEN = {
    "responses": {
        "403": {
            "description": "The token's user may not read survey results.",
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
        }
    }
}


class SurveyRoundSummary(Schema):
    id: int
    title: str
    survey: str
    opens_at: str
    closes_at: str
    anonymous: bool
    invited: int
    answered: int


class SurveyResponseRate(Schema):
    name: str
    invited: int
    answered: int | None
    rate: float | None
    suppressed: bool


class SurveyAnswerBin(Schema):
    label: str
    count: int
    share: float


class SurveyGroupFigures(Schema):
    name: str
    answers: int | None
    suppressed: bool
    mean: float | None
    score: float | None


class SurveyQuestionFigures(Schema):
    key: str
    label: str
    type: str
    answered: int
    mean: float | None
    score: float | None
    bins: list[SurveyAnswerBin]
    by_faculty: list[SurveyGroupFigures]
    by_cohort: list[SurveyGroupFigures]


class SurveyRoundReport(Schema):
    round: SurveyRoundSummary
    invited: int
    answered: int
    response_rate: float
    min_group: int
    by_faculty: list[SurveyResponseRate]
    questions: list[SurveyQuestionFigures]


def _check(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise HttpError(403, "This token's user may not read survey results.")


def _summary(survey_round, invited: int, answered: int) -> dict:
    return {
        "id": survey_round.pk,
        "title": survey_round.title,
        "survey": survey_round.survey.title,
        "opens_at": survey_round.opens_at.isoformat(),
        "closes_at": survey_round.closes_at.isoformat(),
        "anonymous": survey_round.anonymous,
        "invited": invited,
        "answered": answered,
    }


@router.get(
    "/rounds/",
    response=list[SurveyRoundSummary],
    openapi_extra=FORBIDDEN,
    summary="Survey rounds",
    operation_id="survey_rounds_list",
    auth=BearerTokenAuth(),
)
def list_rounds(request: HttpRequest):
    """Every survey round, newest first, with how many were invited and how many answered."""
    _check(request)
    rounds = SurveyRound.objects.with_counts().select_related("survey").order_by("-opens_at", "-pk")
    return [_summary(item, item.invited_count, item.answered_count) for item in rounds]


@router.get(
    "/rounds/{int:round_id}/report/",
    response=SurveyRoundReport,
    openapi_extra=FORBIDDEN,
    summary="A survey round's report",
    operation_id="survey_round_report",
    auth=BearerTokenAuth(),
)
def round_figures(request: HttpRequest, round_id: int):
    """The round's response rates, and each question's distribution, mean, recommendation score and comparisons
    by faculty and cohort (groups of fewer than `min_group` answers are marked `suppressed`, with no figures; so are
    the response rates of faculties with fewer answers)."""
    _check(request)
    survey_round = SurveyRound.objects.filter(pk=round_id).first()
    if survey_round is None:
        raise HttpError(404, "No survey round with this id.")
    data = round_report(survey_round).as_dict()
    data["round"] = _summary(survey_round, data["invited"], data["answered"])
    for question in data["questions"]:
        question.pop("texts", None)
    return data
