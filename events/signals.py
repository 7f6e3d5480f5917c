"""The events app's part in erasing a person: their registrations go with them."""


def delete_registrations_of_erased_person(sender, email=None, **kwargs) -> None:
    from events.models import Registration

    if email:
        Registration.objects.filter(email__iexact=email.strip()).delete()


def connect_signals() -> None:
    from alumni.erasure import alumnus_erased

    alumnus_erased.connect(delete_registrations_of_erased_person, dispatch_uid="events.delete_registrations_of_erased")
