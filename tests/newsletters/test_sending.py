"""Sending a newsletter through a real SMTP server on loopback: who gets it, what it carries, and that no address
ever gets it twice, whether the sending is run again, interrupted, or refused by the server."""

import datetime
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from alumni.factories import CommunityFactory
from newsletters.audiences import Audience
from newsletters.models import Delivery, Mailing
from newsletters.sending import CannotSend, send_mailing, start_mailing
from tests.newsletters.builders import newsletter_setup
from tests.smtp import body_of, smtp_server


def send(page, **options):
    out = StringIO()
    call_command("send_newsletter", page.pk, stdout=out, **options)
    return out.getvalue()


class AudienceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)

    def emails(self, **fields):
        """The audience's addresses with these audience fields set on the newsletter (the others as saved)."""
        page = type(self.newsletter).objects.get(pk=self.newsletter.pk)
        for name, value in fields.items():
            setattr(page, name, value)
        return set(Audience.of_page(page).people().values_list("email", flat=True))

    def test_only_approved_people_with_the_newsletter_consent(self):
        self.assertEqual(self.emails(), self.subscribers)

    def test_each_narrowing_keeps_the_consent_rule(self):
        self.assertEqual(self.emails(audience_year_from=2010), {"bogdan@example.ro", "carmen@example.ro"})
        self.assertEqual(self.emails(audience_year_to=2010), {"ana@example.ro"})
        self.assertEqual(self.emails(audience_study_cycle="master"), set())
        self.carmen.help_mentoring = True
        self.carmen.save()
        self.no_consent.help_mentoring = True
        self.no_consent.save()
        self.assertEqual(self.emails(audience_helpers_only=True), {"carmen@example.ro"})

    def test_faculties_and_community(self):
        self.newsletter.audience_faculties.set([self.fmi])
        self.newsletter.save()
        self.assertEqual(self.emails(), {"ana@example.ro", "carmen@example.ro"})
        community = CommunityFactory(name="Ingineri software")
        self.ana.communities.add(community)
        self.no_consent.communities.add(community)
        self.assertEqual(self.emails(audience_community=community), {"ana@example.ro"})


class SendingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)

    def test_no_consent_no_email_and_each_subscriber_once(self):
        with smtp_server() as server:
            output = send(self.newsletter)
        self.assertEqual(sorted(server.recipients), sorted(self.subscribers))
        self.assertIn("3 sent now", output)
        mailing = Mailing.objects.with_counts().get()
        self.assertEqual((mailing.status, mailing.sent_count, mailing.failed_count), ("sent", 3, 0))
        self.assertIsNotNone(mailing.finished_at)

    def test_html_and_text_parts_and_one_click_unsubscribe_headers(self):
        with smtp_server() as server:
            send(self.newsletter)
        received = {r.envelope_to[0]: r.message for r in server.messages}
        message = received["ana@example.ro"]
        self.assertEqual(message["Subject"], "Newsletter de toamnă")
        self.assertEqual(message["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        link = message["List-Unsubscribe"].strip()  # folded: the address is long
        self.assertRegex(link, r"^<https?://[^>]+/newsletter/dezabonare/[^>]+/>$")
        html, text = body_of(message, "html"), body_of(message, "plain")
        self.assertIn("Vești de la comunitatea alumni.", html)
        self.assertIn("Vești de la comunitatea alumni.", text)
        self.assertNotIn("<p>", text)
        self.assertIn(link.strip("<>"), text)
        self.assertIn(link.strip("<>"), html)
        self.assertNotIn('href="/', html)  # links are absolute in an e-mail
        # Each person's link is their own.
        self.assertNotEqual(received["bogdan@example.ro"]["List-Unsubscribe"], link)

    def test_each_person_gets_the_translation_in_their_language(self):
        from home.factories import translate

        translate(self.archive, title="Newsletter", slug="newsletter")
        translate(self.newsletter, title="Autumn newsletter", slug="autumn")
        with smtp_server() as server:
            send(self.newsletter)
        subjects = {r.envelope_to[0]: r.message["Subject"] for r in server.messages}
        self.assertEqual(subjects["carmen@example.ro"], "Autumn newsletter")
        self.assertEqual(subjects["ana@example.ro"], "Newsletter de toamnă")
        carmen = next(r.message for r in server.messages if r.envelope_to == ["carmen@example.ro"])
        self.assertIn("/en/newsletter/unsubscribe/", carmen["List-Unsubscribe"])

    def test_running_twice_never_sends_twice(self):
        with smtp_server() as server:
            send(self.newsletter)
            output = send(self.newsletter)
            send_mailing(Mailing.objects.get())
        self.assertEqual(len(server.messages), 3)
        self.assertIn("0 sent now", output)
        self.assertEqual(Mailing.objects.count(), 1)

    def test_the_audience_is_frozen_when_the_sending_starts(self):
        mailing = start_mailing(self.newsletter)
        self.no_consent.consent_newsletter = True
        self.no_consent.save()
        with smtp_server() as server:
            send_mailing(mailing)
        self.assertNotIn("dan@example.ro", server.recipients)

    def test_an_interrupted_run_resumes_without_sending_anyone_twice(self):
        with smtp_server(drop_after=1) as server, self.assertRaisesMessage(CommandError, "run the command again"):
            send(self.newsletter, batch_size=10)
        self.assertEqual(len(server.recipients), 1)
        states = dict(Delivery.objects.values_list("email", "status"))
        self.assertEqual(sorted(states.values()), ["interrupted", "pending", "sent"])
        with smtp_server() as resumed:
            send(self.newsletter)
        everyone = server.recipients + resumed.recipients
        self.assertEqual(len(everyone), len(set(everyone)))
        interrupted = Delivery.objects.get(status="interrupted").email
        self.assertEqual(set(everyone), self.subscribers - {interrupted})
        self.assertEqual(Mailing.objects.get().status, "sent")

    def test_a_process_that_died_mid_batch_leaves_its_tried_message_interrupted_and_the_rest_to_send(self):
        mailing = start_mailing(self.newsletter)
        claimed_at = timezone.now() - datetime.timedelta(hours=1)
        # Ana's message was handed to the server when the process died; Bogdan's was claimed but never tried.
        mailing.deliveries.filter(email="ana@example.ro").update(
            status="sending", claimed_at=claimed_at, attempted_at=claimed_at
        )
        mailing.deliveries.filter(email="bogdan@example.ro").update(status="sending", claimed_at=claimed_at)
        with smtp_server() as server:
            report = send_mailing(mailing)
        self.assertEqual(sorted(server.recipients), ["bogdan@example.ro", "carmen@example.ro"])
        self.assertEqual((report.interrupted, report.released), (1, 1))
        self.assertEqual(Delivery.objects.get(email="ana@example.ro").status, "interrupted")

    def test_a_recent_claim_of_another_run_is_left_alone(self):
        mailing = start_mailing(self.newsletter)
        mailing.deliveries.filter(email="ana@example.ro").update(status="sending", claimed_at=timezone.now())
        with smtp_server() as server:
            send_mailing(mailing)
        self.assertNotIn("ana@example.ro", server.recipients)
        self.assertEqual(Mailing.objects.get().status, "sending")

    def test_a_refused_address_fails_with_the_servers_reason_and_the_rest_go(self):
        with smtp_server(refuse={"bogdan@example.ro"}) as server:
            output = send(self.newsletter)
        self.assertEqual(sorted(server.recipients), ["ana@example.ro", "carmen@example.ro"])
        failed = Delivery.objects.get(email="bogdan@example.ro")
        self.assertEqual(failed.status, "failed")
        self.assertIn("550", failed.error)
        self.assertIn("failed: bogdan@example.ro: 550", output)

    def test_no_mail_server_sends_nothing_and_loses_nothing(self):
        with (
            self.settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=9
            ),
            self.assertRaisesMessage(CommandError, "mail server is unavailable"),
        ):
            send(self.newsletter)
        self.assertEqual(set(Delivery.objects.values_list("status", flat=True)), {"pending"})
        with smtp_server() as server:
            send(self.newsletter)
        self.assertEqual(sorted(server.recipients), sorted(self.subscribers))

    def test_a_newsletter_without_audience_or_unpublished_is_refused_and_leaves_nothing(self):
        self.newsletter.audience_study_cycle = "doctorat"
        self.newsletter.save_revision().publish()
        with self.assertRaisesMessage(CommandError, "Nu există destinatari pentru acest newsletter"):
            send(self.newsletter)
        self.assertFalse(Mailing.objects.exists())
        self.newsletter.unpublish()
        with self.assertRaisesMessage(CannotSend, "Publică newsletterul înainte să-l trimiți"):
            start_mailing(self.newsletter)
        with self.assertRaisesMessage(CommandError, "No newsletter has the id"):
            call_command("send_newsletter", 999999)
