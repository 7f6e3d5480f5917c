"""Resume a mailing (a newsletter or an invitation) that stopped: the same as the admin's "Resume sending".

    manage.py resume_mailing MAILING_ID

Rows a dead run claimed are put back once they are stale; nobody gets a message twice.
"""

from django.core.management.base import BaseCommand, CommandError

from newsletters.models import Mailing
from newsletters.sending import MailServerUnavailable, send_mailing, waiting


class Command(BaseCommand):
    help = "Send what is left of a mailing."

    def add_arguments(self, parser):
        parser.add_argument("mailing_id", type=int)

    def handle(self, *args, mailing_id, **options):
        mailing = Mailing.objects.filter(pk=mailing_id).first()
        if mailing is None:
            raise CommandError(f"No mailing has the id {mailing_id}.")
        try:
            report = send_mailing(mailing)
        except MailServerUnavailable as error:
            raise CommandError(f"The mail server is unavailable ({error}); run the command again to resume.") from error
        self.stdout.write(
            f"{mailing.subject}: {report.sent} sent, {report.failed} failed, {report.skipped} skipped now; "
            f"{waiting(mailing)} waiting."
        )
