"""A person's part in the surveys, for home's person-data extension point: the rounds they were invited to and,
in named rounds, their answers, in their data export. An erasure leaves their answers only as anonymous counts:
the response loses its link to them, its time and its free-text answers; the invitation loses its link too."""

from django.utils.translation import gettext

from home.extensions import person_data_requested, person_erased


def export_surveys(sender, *, email, person=None, **kwargs):
    from surveys.models import Invitee

    if person is None:
        return {}
    rows = []
    invitees = Invitee.objects.filter(alumnus=person).select_related("round", "response").order_by("pk")
    for invitee in invitees:
        row = {"survey_round": invitee.round.title, "answered": invitee.answered}
        response = getattr(invitee, "response", None)
        if response is not None:
            row["answers"] = response.answers
            row["submitted_at"] = response.submitted_at.isoformat() if response.submitted_at else None
        elif invitee.answered and invitee.round.anonymous:
            row["answers"] = gettext("anonymous: your answers are kept without any link to you")
        rows.append(row)
    return {"surveys": rows} if rows else {}


def anonymise_answers(sender, **kwargs):
    """Run inside the erasure, once the person is marked erased: every invitation of an erased person loses them,
    and each of their named answers keeps only what counts (numbers, yes/no, the options of choice questions):
    every other text goes, whatever question it answered then."""
    from alumni.models import Alumnus
    from surveys.fields import CHOICE_TYPES
    from surveys.models import Invitee, Response, SurveyField

    erased = Invitee.objects.filter(alumnus__status=Alumnus.Status.ERASED)
    responses = list(Response.objects.filter(invitee__in=erased).select_related("round"))
    options: dict[int, dict[str, set[str]]] = {}
    for survey_id in {response.round.survey_id for response in responses}:
        options[survey_id] = {
            field.clean_name: set(field.choice_list())
            for field in SurveyField.objects.filter(page_id=survey_id, field_type__in=CHOICE_TYPES)
        }
    for response in responses:
        allowed = options[response.round.survey_id]
        response.answers = {key: _counted(value, allowed.get(key, set())) for key, value in response.answers.items()}
        response.invitee = None
        response.submitted_at = None
        response.save(update_fields=["answers", "invitee", "submitted_at"])
    erased.update(alumnus=None, delivery=None)


def _counted(value, options: set[str]):
    if isinstance(value, str):
        return value if value in options else ""
    if isinstance(value, list):
        return [item for item in value if item in options]
    return value


def connect_signals() -> None:
    person_data_requested.connect(export_surveys, dispatch_uid="surveys.export_surveys")
    person_erased.connect(anonymise_answers, dispatch_uid="surveys.anonymise_answers")
