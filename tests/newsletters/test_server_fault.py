"""A mail server at fault pauses a mailing instead of failing its recipients: unreachable, or giving the same
permanent refusal to message after message (newsletters/sending.py). Nobody is marked failed for it, the office
sees why it paused, and resuming once the server works sends to everyone, once."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase, override_settings
from django.urls import reverse

from alumni.factories import AlumnusFactory
from home.approvals import OFFICE_GROUP
from newsletters.models import Delivery, Mailing
from newsletters.sending import SERVER_FAULT_RUN, MailServerUnavailable, send_mailing, start_mailing
from tests.newsletters.builders import newsletter_setup
from tests.smtp import free_port, smtp_server

RELAY_DENIED = "554 5.7.1 Relay access denied"
SAME_DOMAIN = ("ana@example.ro", "bogdan@example.ro", "carmen@example.ro", "x1@example.ro", "x2@example.ro")


class ServerFaultTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)
        # After ana, bogdan and carmen (example.ro): two more of that domain, then others.
        for number, email in enumerate(
            ["x1@example.ro", "x2@example.ro"] + [f"y{n}@example.{'com' if n % 2 else 'org'}" for n in range(6)]
        ):
            AlumnusFactory(faculty=cls.fmi, email=email, consent_newsletter=True, graduation_year=2000 + number)
        cls.everyone = sorted(
            cls.subscribers
            | {"x1@example.ro", "x2@example.ro"}
            | {f"y{n}@example.{'com' if n % 2 else 'org'}" for n in range(6)}
        )
        cls.office = get_user_model().objects.create_user("birou", "birou@example.ro", "parola-lunga-1")
        office = Group.objects.get_or_create(name=OFFICE_GROUP)[0]
        office.permissions.add(
            Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="send_mailing")
        )
        cls.office.groups.add(office)

    def assert_paused_with_nobody_failed(self, mailing: Mailing, reason: str) -> None:
        mailing.refresh_from_db()
        self.assertEqual(mailing.status, Mailing.Status.PAUSED)
        self.assertIn(reason, mailing.paused_reason)
        self.assertFalse(Delivery.objects.exclude(status=Delivery.Status.PENDING).exists())
        self.assertFalse(Delivery.objects.exclude(error="").exists())

    def assert_resume_sends_to_everyone_once(self, mailing: Mailing) -> None:
        with smtp_server() as server:
            report = send_mailing(mailing)
        self.assertEqual(sorted(server.recipients), self.everyone)
        self.assertEqual((report.sent, report.failed), (len(self.everyone), 0))
        mailing.refresh_from_db()
        self.assertEqual((mailing.status, mailing.paused_reason), (Mailing.Status.SENT, ""))

    def test_a_server_refusing_every_recipient_pauses_the_mailing(self):
        mailing = start_mailing(self.newsletter)
        with smtp_server(refuse_every=RELAY_DENIED) as server, self.assertRaises(MailServerUnavailable) as raised:
            send_mailing(mailing)
        self.assertEqual(server.messages, [])
        self.assertIn(RELAY_DENIED, str(raised.exception))
        self.assert_paused_with_nobody_failed(mailing, RELAY_DENIED)
        self.assert_resume_sends_to_everyone_once(mailing)

    def test_a_server_refusing_every_message_pauses_it_from_the_admin_and_the_admin_resumes_it(self):
        self.client.force_login(self.office)
        url = reverse("mailings:send", args=[self.newsletter.pk])
        with smtp_server(reject_data="554 5.6.0 Message refused") as server:
            self.assertEqual(self.client.post(url, {"action": "send"}).status_code, 302)  # the task runs at once
        self.assertEqual(server.messages, [])
        mailing = Mailing.objects.get()
        self.assert_paused_with_nobody_failed(mailing, "554 5.6.0 Message refused")
        page = self.client.get(url)
        self.assertContains(page, "554 5.6.0 Message refused")
        self.assertContains(page, 'value="resume"')
        with smtp_server() as later:
            self.client.post(url, {"action": "resume"})
        self.assertEqual(sorted(later.recipients), self.everyone)
        mailing.refresh_from_db()
        self.assertEqual(mailing.status, Mailing.Status.SENT)

    def test_a_closed_port_pauses_the_mailing(self):
        mailing = start_mailing(self.newsletter)
        closed = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": free_port(), "EMAIL_TIMEOUT": 2}
        backend = "django.core.mail.backends.smtp.EmailBackend"
        with override_settings(EMAIL_BACKEND=backend, **closed), self.assertRaises(MailServerUnavailable):
            send_mailing(mailing)
        self.assert_paused_with_nobody_failed(mailing, "Connection refused")
        self.assert_resume_sends_to_everyone_once(mailing)

    def test_refusals_of_addresses_on_one_domain_are_the_recipients(self):
        self.assertGreaterEqual(len(SAME_DOMAIN), SERVER_FAULT_RUN)
        mailing = start_mailing(self.newsletter)
        with smtp_server(refuse=set(SAME_DOMAIN)) as server:
            report = send_mailing(mailing)
        self.assertEqual(report.failed, len(SAME_DOMAIN))
        self.assertEqual(sorted(server.recipients), sorted(set(self.everyone) - set(SAME_DOMAIN)))
        failed = Delivery.objects.filter(status=Delivery.Status.FAILED)
        self.assertEqual(sorted(failed.values_list("email", flat=True)), sorted(SAME_DOMAIN))
        mailing.refresh_from_db()
        self.assertEqual(mailing.status, Mailing.Status.SENT)

    def test_a_message_that_goes_out_ends_a_run(self):
        mailing = start_mailing(self.newsletter)
        refused = {email for email in self.everyone if email != "x2@example.ro"}
        with smtp_server(refuse=refused) as server, self.assertRaises(MailServerUnavailable):
            send_mailing(mailing)
        self.assertEqual(server.recipients, ["x2@example.ro"])
        # ana, bogdan, carmen and x1 refused (four in a row), then x2 went out, then the others in a row from two
        # domains: a fault at the fifth of them, which leaves the four before x2 failed and the rest waiting.
        failed = Delivery.objects.filter(status=Delivery.Status.FAILED).values_list("email", flat=True)
        self.assertEqual(sorted(failed), ["ana@example.ro", "bogdan@example.ro", "carmen@example.ro", "x1@example.ro"])
        self.assertEqual(Delivery.objects.filter(status=Delivery.Status.PENDING).count(), 6)
        mailing.refresh_from_db()
        self.assertEqual(mailing.status, Mailing.Status.PAUSED)

    def test_a_server_lost_during_the_last_message_finishes_the_mailing(self):
        mailing = start_mailing(self.newsletter)
        with smtp_server(drop_after=len(self.everyone) - 1) as server, self.assertRaises(MailServerUnavailable):
            send_mailing(mailing)
        self.assertEqual(len(server.messages), len(self.everyone) - 1)
        mailing.refresh_from_db()
        self.assertEqual(mailing.status, Mailing.Status.SENT)  # nothing is left to resume
        self.assertEqual(Delivery.objects.filter(status=Delivery.Status.INTERRUPTED).count(), 1)
