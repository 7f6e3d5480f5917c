"""A protocol's lifecycle: draft → signed → registered → active → evaluated, one step forward at a time, each step
recorded with who made it and when (`ProtocolChange`).

What each step needs: signing, the date it was signed; registration, the registration number and date (and the
signed file, unless it is already attached); evaluation, the protocol's evaluation report. Moves are made by users
with `protocols.move_protocol` who work with the protocol's faculty.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from home.permissions import user_has_faculty
from protocols.models import Protocol, ProtocolChange, ProtocolEvaluation

MOVE_PERMISSION = "protocols.move_protocol"
ORDER = list(Protocol.Stage.values)


def next_stage(stage: str) -> str | None:
    position = ORDER.index(stage)
    return ORDER[position + 1] if position + 1 < len(ORDER) else None


@dataclass
class StepDetails:
    """What the user gives with a step (only the ones that step reads)."""

    signed_on: object = None
    registration_number: str = ""
    registration_date: object = None
    signed_file: object = None
    note: str = ""


def may_move(user, protocol: Protocol) -> bool:
    return user.has_perm(MOVE_PERMISSION) and user_has_faculty(user, protocol.faculty_id, central=True)


def check_step(protocol: Protocol, to_stage: str, details: StepDetails) -> None:
    """ValidationError (by field) when the step is not the next one or lacks what it needs."""
    if to_stage not in ORDER:
        raise ValidationError({"stage": _("Unknown stage.")})
    if to_stage != next_stage(protocol.stage):
        raise ValidationError(
            {
                "stage": _("A protocol moves one step forward at a time: from “%(current)s” only to “%(next)s”.")
                % {
                    "current": Protocol.Stage(protocol.stage).label,
                    "next": Protocol.Stage(next_stage(protocol.stage)).label if next_stage(protocol.stage) else "—",
                }
            }
        )
    errors = {}
    if to_stage == Protocol.Stage.SIGNED and not details.signed_on:
        errors["signed_on"] = _("Give the date the protocol was signed.")
    if to_stage == Protocol.Stage.REGISTERED:
        if not (details.registration_number or "").strip():
            errors["registration_number"] = _("A protocol is registered with its registration number.")
        if not details.registration_date:
            errors["registration_date"] = _("Give the registration date.")
        if not details.signed_file and not protocol.signed_file:
            errors["signed_file"] = _("Attach the signed protocol.")
    if to_stage == Protocol.Stage.EVALUATED and not ProtocolEvaluation.objects.filter(protocol=protocol).exists():
        errors["stage"] = _("Record the evaluation report before marking the protocol evaluated.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def move(protocol: Protocol, to_stage: str, user, details: StepDetails | None = None) -> Protocol:
    """Take the protocol one step forward, recording who and when. PermissionDenied for a user who may not move it;
    ValidationError for a skipped step or a step without what it needs."""
    details = details or StepDetails()
    protocol = Protocol.objects.select_for_update().get(pk=protocol.pk)
    if not may_move(user, protocol):
        raise PermissionDenied(_("You may not change this protocol's stage."))
    check_step(protocol, to_stage, details)
    fields = ["stage"]
    if to_stage == Protocol.Stage.SIGNED:
        protocol.signed_on = details.signed_on
        fields.append("signed_on")
    if to_stage == Protocol.Stage.REGISTERED:
        protocol.registration_number = details.registration_number.strip()
        protocol.registration_date = details.registration_date
        fields += ["registration_number", "registration_date"]
        if details.signed_file:
            protocol.signed_file.save(details.signed_file.name, details.signed_file, save=False)
            fields.append("signed_file")
    ProtocolChange.objects.create(
        protocol=protocol,
        from_stage=protocol.stage,
        to_stage=to_stage,
        by=user,
        at=timezone.now(),
        note=(details.note or "")[:500],
    )
    protocol.stage = to_stage
    protocol.save(update_fields=fields)
    return protocol
