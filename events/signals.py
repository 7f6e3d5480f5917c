"""The events app's part in a person's data: their registrations go into their export, and go with them on erasure."""

from home.extensions import person_data_requested, person_erased


def registrations_of_person(sender, email="", **kwargs) -> dict:
    from events.models import Registration

    if not email:
        return {"event_registrations": []}
    registrations = Registration.objects.of_email(email).select_related("event", "faculty")
    return {
        "event_registrations": [
            {
                "event": registration.event.title,
                "event_start": registration.event.start,
                "name": registration.name,
                "email": registration.email,
                "role": registration.role,
                "faculty": registration.faculty.name if registration.faculty else None,
                "graduation_year": registration.graduation_year,
                "language": registration.language,
                "status": registration.status,
                "consent_text": registration.consent_text,
                "created_at": registration.created_at,
                "cancelled_at": registration.cancelled_at,
                "checked_in_at": registration.checked_in_at,
            }
            for registration in registrations.order_by("created_at")
        ]
    }


def delete_registrations_of_erased_person(sender, email="", **kwargs) -> None:
    from events.models import Registration

    if email:
        Registration.objects.of_email(email).delete()


def connect_signals() -> None:
    person_data_requested.connect(registrations_of_person, dispatch_uid="events.registrations_of_person")
    person_erased.connect(delete_registrations_of_erased_person, dispatch_uid="events.delete_registrations_of_erased")
