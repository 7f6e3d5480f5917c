"""Send a newsletter, or resume its sending: the same as the admin's "Send" button, run in this process.

    manage.py send_newsletter PAGE_ID [--batch-size 100]

Running it twice never sends a message twice: each recipient's delivery is claimed before its message leaves.
"""

from django.core.management.base import BaseCommand, CommandError

from newsletters.models import NewsletterPage
from newsletters.sending import BATCH_SIZE, CannotSend, MailServerUnavailable, send_mailing, start_mailing


class Command(BaseCommand):
    help = "Send a newsletter page to its audience, or resume its sending."

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int)
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, page_id, batch_size, **options):
        page = NewsletterPage.objects.filter(pk=page_id).first()
        if page is None:
            raise CommandError(f"No newsletter has the id {page_id}.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            mailing = start_mailing(page)
            report = send_mailing(mailing, batch_size=batch_size)
        except CannotSend as error:
            raise CommandError(str(error)) from error
        except MailServerUnavailable as error:
            raise CommandError(f"The mail server is unavailable ({error}); run the command again to resume.") from error
        counts = mailing.deliveries.values_list("status", flat=True)
        total = counts.count()
        self.stdout.write(
            f"{page.title}: {report.sent} sent now, {report.failed} failed now, "
            f"{mailing.deliveries.filter(status='sent').count()} of {total} sent in all."
        )
        for email, reason in report.failures:
            self.stdout.write(f"  failed: {email}: {reason}")
