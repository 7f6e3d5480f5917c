"""Attendance of a protocol's activities, from the registrations of their events (the one registrations table)."""

from events.models import Registration
from protocols.models import ProtocolActivity


def attendance_of(protocol_ids) -> dict[int, dict[str, int]]:
    """{protocol id: {"registered", "attended"}} summed over the events its activities link to; two queries."""
    protocol_ids = [int(pk) for pk in protocol_ids]
    links = list(
        ProtocolActivity.objects.filter(protocol_id__in=protocol_ids, event__isnull=False).values_list(
            "protocol_id", "event_id"
        )
    )
    counts = Registration.objects.counts_by_event({event_id for _protocol, event_id in links}) if links else {}
    result = {pk: {"registered": 0, "attended": 0} for pk in protocol_ids}
    seen = set()
    for protocol_id, event_id in links:
        if (protocol_id, event_id) in seen:  # two activities on one event count its people once
            continue
        seen.add((protocol_id, event_id))
        result[protocol_id]["registered"] += counts[event_id]["registered"]
        result[protocol_id]["attended"] += counts[event_id]["attended"]
    return result
