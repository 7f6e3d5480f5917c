"""What a review found a sending could meet: a temporary refusal, people leaving mid-sending, a translation sent
from, a text that cannot be written, deleted pages and templates, a mail server down for a test."""

from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from alumni.models import Alumnus
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import Registration
from home.extensions import announce_erasure
from home.factories import english_locale, site_home, translate
from newsletters.audiences import Audience
from newsletters.factories import InvitationTemplateFactory, NewsletterPageFactory
from newsletters.invitations import invitation_report, start_invitation
from newsletters.models import Delivery, InvitationTemplate, Mailing, Subscriber
from newsletters.sending import CannotSend, MailServerUnavailable, send_mailing, start_mailing
from tests.newsletters.builders import newsletter_setup
from tests.smtp import smtp_server


class SendingRobustnessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)
        cls.office = get_user_model().objects.create_superuser("birou", "birou@example.ro", "parola-lunga-1")

    def test_a_temporary_refusal_stops_and_a_resume_sends_the_rest_once(self):
        mailing = start_mailing(self.newsletter)
        with smtp_server(defer={"bogdan@example.ro"}) as server, self.assertRaises(MailServerUnavailable):
            send_mailing(mailing)
        self.assertEqual(server.recipients, ["ana@example.ro"])
        self.assertEqual(Delivery.objects.get(email="bogdan@example.ro").status, "pending")
        self.assertFalse(Delivery.objects.filter(status="failed").exists())
        with smtp_server() as later:
            send_mailing(mailing)
        self.assertEqual(sorted(later.recipients), ["bogdan@example.ro", "carmen@example.ro"])

    def test_people_who_leave_after_the_sending_starts_are_skipped(self):
        mailing = start_mailing(self.newsletter)
        Alumnus.objects.filter(pk=self.bogdan.pk).update(consent_newsletter=False)
        announce_erasure(email="carmen@example.ro", full_name="Carmen")
        with smtp_server() as server:
            report = send_mailing(mailing)
        self.assertEqual(server.recipients, ["ana@example.ro"])
        self.assertEqual((report.sent, report.skipped), (1, 1))  # Carmen's row was skipped by her erasure
        counts = Mailing.objects.with_counts().get()
        self.assertEqual((counts.sent_count, counts.skipped_count, counts.pending_count), (1, 2, 0))
        self.assertEqual(counts.recipients, 1)  # those who left are counted apart, not as unreached

    def test_sending_from_a_translation_added_later_never_sends_again(self):
        english_archive = translate(self.archive, slug="newsletter-en")
        english = NewsletterPageFactory(parent=english_archive, locale=english_locale(), title="Winter news")
        with smtp_server() as first:
            send_mailing(start_mailing(english))
        romanian = english.copy_for_translation(self.archive.locale, copy_parents=True)
        romanian.save_revision().publish()
        with smtp_server() as second:
            send_mailing(start_mailing(romanian))
        self.assertEqual(len(first.recipients), 3)
        self.assertEqual(second.recipients, [])
        self.assertEqual(Mailing.objects.count(), 1)
        self.client.force_login(self.office)
        page = self.client.get(reverse("mailings:send", args=[romanian.pk]))
        self.assertContains(page, "3 din 3 trimise")

    def test_a_test_with_the_mail_server_down_is_explained(self):
        self.client.force_login(self.office)
        url = reverse("mailings:send", args=[self.newsletter.pk])
        with self.settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=9
        ):
            response = self.client.post(
                url, {"action": "test", "email": "birou@example.ro", "language": "ro"}, follow=True
            )
        self.assertContains(response, "Serverul de e-mail nu a putut fi contactat")

    def test_deleting_a_sent_newsletter_keeps_its_record_and_a_resume_explains(self):
        mailing = start_mailing(self.newsletter)
        self.client.force_login(self.office)
        response = self.client.post(reverse("wagtailadmin_pages:delete", args=[self.newsletter.pk]))
        self.assertEqual(response.status_code, 302)
        mailing.refresh_from_db()
        self.assertIsNone(mailing.page)
        report = send_mailing(mailing)
        self.assertEqual(report.failed, 3)
        self.assertEqual(Delivery.objects.filter(error="Ce se trimitea a fost șters.").count(), 3)

    def test_the_admin_resumes_a_stopped_sending(self):
        mailing = start_mailing(self.newsletter)
        self.client.force_login(self.office)
        url = reverse("mailings:send", args=[self.newsletter.pk])
        self.assertContains(self.client.get(url), "Reia trimiterea")
        with smtp_server() as server:
            self.client.post(url, {"action": "resume"})
        self.assertEqual(len(server.recipients), 3)
        mailing.refresh_from_db()
        self.assertEqual(mailing.status, "sent")


class InvitationRobustnessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)
        calendar = EventIndexPageFactory(parent=site_home(), slug="calendar")
        cls.event = EventPageFactory(parent=calendar, title="Seara absolvenților", faculty=cls.fmi)
        Subscriber.objects.create(email="din-afara@example.com", consent_text="Da", confirmed_at=cls.event.start)

    def test_invitations_go_to_alumni_only_as_the_preview_counts(self):
        template = InvitationTemplateFactory()
        mailing = start_invitation(self.event, template, Audience.from_choices())
        self.assertEqual(mailing.deliveries.count(), Audience.from_choices().people().count())
        self.assertFalse(mailing.deliveries.filter(email="din-afara@example.com").exists())

    def test_the_same_invitation_twice_in_a_row_is_refused(self):
        template = InvitationTemplateFactory()
        start_invitation(self.event, template, Audience.from_choices())
        with self.assertRaisesMessage(CannotSend, "nu se trimite de două ori"):
            start_invitation(self.event, template, Audience.from_choices())
        start_invitation(self.event, template, Audience.from_choices(faculties=[self.fmi]))  # another audience
        self.assertEqual(Mailing.objects.filter(kind="invitation").count(), 2)

    def test_a_text_that_cannot_be_written_is_refused_or_fails_only_its_rows(self):
        broken = InvitationTemplate.objects.create(
            name="Stricat", subject="Salut {name:d}", body="{link}", locale=self.archive.locale
        )
        with self.assertRaisesMessage(CannotSend, "Textul invitației trebuie corectat"):
            start_invitation(self.event, broken, Audience.from_choices())
        # A broken translation (saved around the checks) fails the rows in its language; the others go.
        template = InvitationTemplateFactory()
        InvitationTemplate.objects.create(
            name="Stricat",
            subject="Hi {name:d}",
            body="{link}",
            locale=english_locale(),
            translation_key=template.translation_key,
        )
        mailing = start_invitation(self.event, template, Audience.from_choices())
        with smtp_server() as server:
            report = send_mailing(mailing)
        self.assertEqual(sorted(server.recipients), ["ana@example.ro", "bogdan@example.ro"])
        self.assertEqual(report.failed, 1)
        self.assertIn("carmen@example.ro", [email for email, _reason in report.failures])
        self.assertEqual(Mailing.objects.get(pk=mailing.pk).status, "sent")

    def test_registrations_on_the_translated_event_count_in_the_report(self):
        translate(self.event.get_parent(), slug="calendar-en")
        english = translate(self.event, title="Graduates' evening", slug="evening")
        with smtp_server():
            send_mailing(start_invitation(self.event, InvitationTemplateFactory(), Audience.from_choices()))
        Registration.objects.create(event=english, name="Carmen", email="carmen@example.ro", role="alumnus")
        _people, counts = invitation_report(self.event)
        self.assertEqual(counts["registered"], 1)

    def test_deleting_a_used_template_or_the_event_gives_no_error(self):
        template = InvitationTemplateFactory()
        mailing = start_invitation(self.event, template, Audience.from_choices())
        office = get_user_model().objects.create_superuser("birou", "birou@example.ro", "parola-lunga-1")
        self.client.force_login(office)
        delete = reverse("wagtailsnippets_newsletters_invitationtemplate:delete", args=[template.pk])
        self.assertEqual(self.client.post(delete).status_code, 302)
        mailing.refresh_from_db()
        self.assertIsNone(mailing.template)
        self.assertEqual(send_mailing(mailing).failed, 3)
        response = self.client.post(reverse("wagtailadmin_pages:delete", args=[self.event.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(urlsplit(response.url).path, response.url.split("?")[0])
