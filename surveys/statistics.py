"""A survey round's figures: the response rate overall and by faculty, each question's distribution and mean, the
recommendation score, and the comparisons by faculty and cohort, with groups of fewer than MIN_GROUP answers
hidden so that nobody's answers can be picked out.

Seven queries whatever the number of answers: the round, its questions, the invitations counted by faculty, one
pass over the answers (streamed in chunks), and the faculties' names in the reader's language (three)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from wagtail.models import Locale

from home.models import Faculty
from surveys.fields import (
    CHOICE_TYPES,
    NUMERIC_TYPES,
    RECOMMENDATION,
    RECOMMENDATION_VALUES,
    SCALE,
    SCALE_VALUES,
    TEXT_TYPES,
)
from surveys.models import Invitee, Response, SurveyField, SurveyRound
from surveys.models.rounds import cohort_label

MIN_GROUP = 5
CHUNK = 2000
RANGES = {SCALE: range(1, 6), RECOMMENDATION: range(0, 11)}


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class Bin:
    label: str
    count: int
    share: float


@dataclass
class Group:
    name: str
    answers: int | None  # None when hidden (see hidden_groups)
    suppressed: bool
    mean: float | None = None
    score: float | None = None  # the recommendation score, for the 0–10 question


@dataclass
class Rate:
    name: str
    invited: int
    answered: int | None  # None when hidden, as a group of answers is (see hidden_groups)
    rate: float | None
    suppressed: bool = False


@dataclass
class Question:
    key: str
    label: str
    field_type: str
    answered: int = 0
    bins: list[Bin] = field(default_factory=list)
    mean: float | None = None
    score: float | None = None
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    texts: list[str] = field(default_factory=list)
    chart: str = ""  # the distribution as SVG, drawn for the report page (surveys.charts)
    by_faculty: list[Group] = field(default_factory=list)
    by_cohort: list[Group] = field(default_factory=list)

    @property
    def is_numeric(self) -> bool:
        return self.field_type in NUMERIC_TYPES

    @property
    def is_text(self) -> bool:
        return self.field_type in TEXT_TYPES

    @property
    def comparisons(self) -> list[tuple[str, list[Group]]]:
        tables = [(_("By faculty"), self.by_faculty), (_("By graduation cohort"), self.by_cohort)]
        return [(title, groups) for title, groups in tables if groups]


@dataclass
class RoundReport:
    round: SurveyRound
    invited: int
    answered: int
    rate: float
    by_faculty: list[Rate]
    questions: list[Question]
    min_group: int = MIN_GROUP

    def as_dict(self) -> dict:
        return {
            "round": {
                "id": self.round.pk,
                "title": self.round.title,
                "survey": self.round.survey.title,
                "opens_at": self.round.opens_at.isoformat(),
                "closes_at": self.round.closes_at.isoformat(),
                "anonymous": self.round.anonymous,
            },
            "invited": self.invited,
            "answered": self.answered,
            "response_rate": self.rate,
            "min_group": self.min_group,
            "by_faculty": [asdict(rate) for rate in self.by_faculty],
            "questions": [
                {
                    "key": question.key,
                    "label": question.label,
                    "type": question.field_type,
                    "answered": question.answered,
                    "mean": question.mean,
                    "score": question.score,
                    "bins": [asdict(item) for item in question.bins],
                    "by_faculty": [asdict(group) for group in question.by_faculty],
                    "by_cohort": [asdict(group) for group in question.by_cohort],
                    "texts": question.texts,
                }
                for question in self.questions
            ],
        }

    def figure_rows(self) -> list[dict]:
        """The figures as rows (question, group, measure, value), for the spreadsheet export."""
        rows = [
            {"question": _("Response rate"), "group": _("All"), "measure": _("Invited"), "value": self.invited},
            {"question": _("Response rate"), "group": _("All"), "measure": _("Answered"), "value": self.answered},
            {"question": _("Response rate"), "group": _("All"), "measure": "%", "value": self.rate},
        ]
        for rate in self.by_faculty:
            value = _("not shown, to keep small groups anonymous") if rate.suppressed else rate.rate
            rows.append({"question": _("Response rate"), "group": rate.name, "measure": "%", "value": value})
        for question in self.questions:
            rows.append(
                {"question": question.label, "group": _("All"), "measure": _("Answers"), "value": question.answered}
            )
            if question.mean is not None:
                rows.append(
                    {"question": question.label, "group": _("All"), "measure": _("Mean"), "value": question.mean}
                )
            if question.score is not None:
                rows.append(
                    {
                        "question": question.label,
                        "group": _("All"),
                        "measure": _("Recommendation score"),
                        "value": question.score,
                    }
                )
            for item in question.bins:
                rows.append({"question": question.label, "group": _("All"), "measure": item.label, "value": item.count})
            for group in (*question.by_faculty, *question.by_cohort):
                value = _("not shown, to keep small groups anonymous") if group.suppressed else group.mean
                rows.append({"question": question.label, "group": group.name, "measure": _("Mean"), "value": value})
        return rows


class _Numbers:
    def __init__(self):
        self.count = 0
        self.total = 0.0
        self.promoters = 0
        self.detractors = 0

    def add(self, value: float, recommendation: bool) -> None:
        self.count += 1
        self.total += value
        if recommendation:
            self.promoters += value >= 9
            self.detractors += value <= 6

    @property
    def mean(self) -> float | None:
        return round(self.total / self.count, 2) if self.count else None

    @property
    def score(self) -> float | None:
        return round(100 * (self.promoters - self.detractors) / self.count, 1) if self.count else None


def _number(value, allowed: range | None = None) -> float | None:
    """A stored answer as a finite number (within `allowed` for the scales); None for anything else, such as an
    answer given before the question's type was changed."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(number):
        return None
    if allowed is not None and (not number.is_integer() or int(number) not in allowed):
        return None
    return number


def faculty_names(ids) -> dict[int, str]:
    """The faculties' names in the active language when translated (two lookups in one query)."""
    rows = Faculty.objects.filter(pk__in=[pk for pk in ids if pk]).values_list("pk", "translation_key", "name")
    rows = list(rows)
    active = Locale.get_active()
    translated = (
        dict(
            Faculty.objects.filter(translation_key__in=[key for _pk, key, _name in rows], locale=active).values_list(
                "translation_key", "name"
            )
        )
        if rows
        else {}
    )
    return {pk: translated.get(key, name) for pk, key, name in rows}


def round_report(survey_round: SurveyRound) -> RoundReport:
    survey_round = SurveyRound.objects.select_related("survey").get(pk=survey_round.pk)
    fields = list(SurveyField.objects.filter(page_id=survey_round.survey_id).order_by("sort_order", "pk"))

    rates = list(
        Invitee.objects.filter(round=survey_round)
        .values("faculty_id")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered=True)))
        .order_by()
    )
    # Responses of invitees erased since keep their faculty; so do anonymous ones.
    responses = Response.objects.filter(round=survey_round).values_list("faculty_id", "cohort", "answers")

    questions = [Question(key=f.clean_name, label=f.label, field_type=f.field_type) for f in fields]
    choices = {f.clean_name: f.choice_list() for f in fields if f.field_type in CHOICE_TYPES}
    counts: dict[str, dict] = {q.key: defaultdict(int) for q in questions}
    overall: dict[str, _Numbers] = {q.key: _Numbers() for q in questions if q.is_numeric}
    by_faculty: dict[str, dict] = {q.key: defaultdict(_Numbers) for q in questions if q.is_numeric}
    by_cohort: dict[str, dict] = {q.key: defaultdict(_Numbers) for q in questions if q.is_numeric}
    faculty_answers: dict = defaultdict(int)
    cohort_answers: dict = defaultdict(int)
    total = 0

    for faculty_id, cohort, answers in responses.iterator(chunk_size=CHUNK):
        total += 1
        faculty_answers[faculty_id] += 1
        cohort_answers[cohort] += 1
        answers = answers if isinstance(answers, dict) else {}
        for question in questions:
            value = answers.get(question.key)
            if question.is_numeric:
                number = _number(value, RANGES.get(question.field_type))
                if number is None:
                    continue
                recommendation = question.field_type == RECOMMENDATION
                overall[question.key].add(number, recommendation)
                by_faculty[question.key][faculty_id].add(number, recommendation)
                by_cohort[question.key][cohort].add(number, recommendation)
                if question.field_type in (SCALE, RECOMMENDATION):
                    counts[question.key][int(number)] += 1
                question.answered += 1
            elif question.field_type == "checkbox":
                counts[question.key][bool(value)] += 1
                question.answered += 1
            elif question.field_type in CHOICE_TYPES:
                picked = value if isinstance(value, list) else [value]
                picked = [choice for choice in picked if choice not in (None, "")]
                if picked:
                    question.answered += 1
                for choice in picked:
                    counts[question.key][str(choice)] += 1
            elif isinstance(value, str) and value.strip():
                question.answered += 1
                question.texts.append(value.strip())

    names = faculty_names({row["faculty_id"] for row in rates} | set(faculty_answers))
    unknown = _("Faculty not known")

    for question in questions:
        tally = counts[question.key]
        if question.field_type == SCALE:
            labels = [(value, str(value)) for value in SCALE_VALUES]
        elif question.field_type == RECOMMENDATION:
            labels = [(value, str(value)) for value in RECOMMENDATION_VALUES]
        elif question.field_type == "checkbox":
            labels = [(True, _("Yes")), (False, _("No"))]
        elif question.field_type in CHOICE_TYPES:
            known = choices.get(question.key, [])
            labels = [(choice, choice) for choice in known]
            labels += [(choice, choice) for choice in sorted(tally) if choice not in known]
        else:
            labels = []
        question.bins = [
            Bin(label, tally.get(value, 0), percent(tally.get(value, 0), question.answered)) for value, label in labels
        ]
        question.texts.sort(key=str.casefold)  # no order that could follow the order of answering
        if question.is_numeric:
            numbers = overall[question.key]
            question.mean = numbers.mean
            if question.field_type == RECOMMENDATION:
                question.score = numbers.score
                question.promoters, question.detractors = numbers.promoters, numbers.detractors
                question.passives = numbers.count - numbers.promoters - numbers.detractors
            question.by_faculty = _groups(by_faculty[question.key], lambda pk: names.get(pk, unknown), question)
            question.by_cohort = _groups(by_cohort[question.key], cohort_label, question, sort_by_key=True)

    invited = sum(row["invited"] for row in rates)
    answered = sum(row["answered"] for row in rates)
    # A faculty's count of answers is a group like any other: "invited 1, answered 1" names whose the answers are.
    # Invitations are shown (they say nothing of the answers); a faculty with no answers is hidden like any small
    # group, or a hidden one would be known to hold at least one.
    hidden = hidden_groups({row["faculty_id"]: row["answered"] for row in rates})
    faculty_rates = sorted(
        (
            Rate(
                names.get(row["faculty_id"], unknown),
                row["invited"],
                None if row["faculty_id"] in hidden else row["answered"],
                None if row["faculty_id"] in hidden else percent(row["answered"], row["invited"]),
                suppressed=row["faculty_id"] in hidden,
            )
            for row in rates
        ),
        key=lambda rate: rate.name.casefold(),
    )
    return RoundReport(survey_round, invited, answered, percent(answered, invited), faculty_rates, questions)


def hidden_groups(sizes: dict) -> set:
    """The groups whose figures are not shown: those of fewer than MIN_GROUP answers and, when together they hold
    fewer than MIN_GROUP answers but not all of them, the next smallest groups too. Otherwise the hidden figures
    could be worked out from the total and the groups shown (the overall mean times the answers, less the shown
    groups' sums)."""
    hidden = {key for key, size in sizes.items() if size < MIN_GROUP}
    if not hidden:
        return hidden
    shown = sorted((size, str(key), key) for key, size in sizes.items() if key not in hidden)
    while shown and sum(sizes[key] for key in hidden) < MIN_GROUP:
        hidden.add(shown.pop(0)[2])
    return hidden


def _groups(numbers: dict, name_of, question: Question, sort_by_key: bool = False) -> list[Group]:
    keys = sorted(numbers, key=lambda key: (key is None, key or 0)) if sort_by_key else list(numbers)
    suppressed = hidden_groups({key: numbers[key].count for key in keys})
    groups = []
    for key in keys:
        group = numbers[key]
        hidden = key in suppressed
        groups.append(
            Group(
                name=name_of(key),
                answers=None if hidden else group.count,
                suppressed=hidden,
                mean=None if hidden else group.mean,
                score=None if hidden or question.field_type != RECOMMENDATION else group.score,
            )
        )
    if not sort_by_key:
        groups.sort(key=lambda group: group.name.casefold())
    return groups
