"""Background work for the alumni app: the e-mails of joining, approval, invitations and sign-in links, and the
admin's imports of alumni files.

The e-mails are plain text, in the person's language. Links are signed when the e-mail is sent, so a sign-in
link is built from the account as it is at that moment.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

SUBJECTS = {
    "confirm": lambda: _("Confirm your e-mail address to join the alumni community"),
    "pending": lambda: _("Your e-mail is confirmed: awaiting your faculty's approval"),
    "still_pending": lambda: _("Your request to join is awaiting your faculty's approval"),
    "approved": lambda: _("Welcome to the alumni community"),
    "rejected": lambda: _("Your request to join the alumni community"),
    "known_rejected": lambda: _("Your request to join the alumni community"),
    "invitation": lambda: _("Join the alumni community of your faculty"),
    "sign_in": lambda: _("Your sign-in link"),
}


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _link(kind: str, alumnus) -> str:
    from alumni import registration

    if kind == "confirm":
        return _absolute(reverse("alumni_account:confirm", args=[registration.confirmation_token(alumnus)]))
    if kind == "invitation":
        return _absolute(reverse("alumni_account:invitation", args=[registration.invitation_token(alumnus)]))
    if kind in ("approved", "sign_in"):
        account = alumnus.account
        token = registration.sign_in_token(account, welcome=kind == "approved")
        name = "alumni_account:welcome_link" if kind == "approved" else "alumni_account:sign_in_link"
        return _absolute(reverse(name, args=[token]))
    return _absolute(reverse("alumni_account:sign_in"))


@task()
def send_alumnus_email(alumnus_id: int, kind: str) -> None:
    from alumni.models import Alumnus

    alumnus = Alumnus.objects.select_related("faculty", "account").filter(pk=alumnus_id).first()
    if alumnus is None or not alumnus.email:
        return
    with translation.override(alumnus.language or settings.LANGUAGE_CODE):
        context = {"alumnus": alumnus, "kind": kind, "link": _link(kind, alumnus), "faculty": alumnus.faculty}
        EmailMessage(
            subject=SUBJECTS[kind](),
            body=render_to_string("alumni/emails/alumnus.txt", context),
            to=[alumnus.email],
        ).send()


@task()
def answer_sign_in_request(email: str) -> None:
    from alumni import registration

    registration.answer_sign_in_request(email)


@task()
def send_coordinator_email(alumnus_id: int) -> None:
    """Tell the faculty's alumni coordinator that someone awaits approval (in the site's default language)."""
    from alumni.models import Alumnus

    alumnus = Alumnus.objects.select_related("faculty").filter(pk=alumnus_id).first()
    if alumnus is None or not alumnus.faculty.coordinator_email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"alumnus": alumnus, "queue_url": _absolute(reverse("alumni_approval:queue"))}
        EmailMessage(
            subject=_("Alumni registration awaiting approval: %(name)s") % {"name": alumnus.full_name},
            body=render_to_string("alumni/emails/coordinator.txt", context),
            to=[alumnus.faculty.coordinator_email],
        ).send()


@task()
def run_import_job(job_id: int) -> str:
    """An admin upload of an alumni file, checked or imported (`alumni.importing.jobs`); returns the job's state."""
    from alumni.importing.jobs import run_job

    return run_job(job_id)
