"""A person's part in the surveys, for home's person-data extension point: the rounds they were invited to and,
in named rounds, their answers, in their data export. An erasure leaves their answers only as anonymous counts:
the response loses its link to them, its time and its free-text answers; the invitation loses its link too."""

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
            row["answers"] = "anonymous: the answers are kept without a link to you"
        rows.append(row)
    return {"surveys": rows} if rows else {}


def anonymise_answers(sender, **kwargs):
    """Run inside the erasure, once the person is marked erased: every invitation of an erased person loses them."""
    from alumni.models import Alumnus
    from surveys.fields import TEXT_TYPES
    from surveys.models import Invitee, Response, SurveyField

    erased = Invitee.objects.filter(alumnus__status=Alumnus.Status.ERASED)
    responses = Response.objects.filter(invitee__in=erased).select_related("round")
    text_keys: dict[int, set[str]] = {}
    for response in responses:
        survey_id = response.round.survey_id
        if survey_id not in text_keys:
            text_keys[survey_id] = set(
                SurveyField.objects.filter(page_id=survey_id, field_type__in=TEXT_TYPES).values_list(
                    "clean_name", flat=True
                )
            )
        response.answers = {
            key: ("" if key in text_keys[survey_id] else value) for key, value in response.answers.items()
        }
        response.invitee = None
        response.submitted_at = None
        response.save(update_fields=["answers", "invitee", "submitted_at"])
    erased.update(alumnus=None, delivery=None)


def connect_signals() -> None:
    person_data_requested.connect(export_surveys, dispatch_uid="surveys.export_surveys")
    person_erased.connect(anonymise_answers, dispatch_uid="surveys.anonymise_answers")
