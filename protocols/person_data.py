"""A person's part in the protocols, for home's person-data extension point: the protocols they are the partner
of and the weak points they offered to help with, in their data export; an erasure takes them off the weak points
and unlinks them from the protocols (which stay, with the organisation's name if there is one)."""

from home.extensions import person_data_requested, person_erased


def export_protocols(sender, *, email, person=None, **kwargs):
    from protocols.models import Protocol, WeakPoint

    if person is None:
        return {}
    partnered = Protocol.objects.filter(partner=person).select_related("faculty").order_by("created_at", "pk")
    offered = WeakPoint.objects.filter(volunteers=person).select_related("faculty").order_by("pk")
    sections = {}
    protocols = [
        {
            "title": protocol.title,
            "faculty": protocol.faculty.name,
            "stage": protocol.stage,
            "starts_on": protocol.starts_on.isoformat() if protocol.starts_on else None,
            "ends_on": protocol.ends_on.isoformat() if protocol.ends_on else None,
        }
        for protocol in partnered
    ]
    weak_points = [
        {"faculty": point.faculty.name, "programme": point.programme, "description": point.description}
        for point in offered
    ]
    if protocols:
        sections["protocols_as_partner"] = protocols
    if weak_points:
        sections["protocols_weak_points_offered"] = weak_points
    return sections


def forget_person(sender, *, email, **kwargs):
    """Runs after the person's row was blanked and marked erased: unlink every erased person."""
    from alumni.models import Alumnus
    from protocols.models import Protocol, WeakPoint

    WeakPoint.volunteers.through.objects.filter(alumnus__status=Alumnus.Status.ERASED).delete()
    Protocol.objects.filter(partner__status=Alumnus.Status.ERASED).update(partner=None)


def connect_signals() -> None:
    person_data_requested.connect(export_protocols, dispatch_uid="protocols.export_protocols")
    person_erased.connect(forget_person, dispatch_uid="protocols.forget_person")
