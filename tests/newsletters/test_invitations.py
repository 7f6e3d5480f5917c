"""Invitations to an event: a text with placeholders, an audience by consent, each person's own link that fills
in the registration form, and the event's list of who was invited, registered and came."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import formats, timezone

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import Registration
from home.factories import site_home, translate, translate_snippet
from newsletters.audiences import Audience
from newsletters.factories import InvitationTemplateFactory
from newsletters.invitations import invitation_report, start_invitation
from newsletters.models import Delivery, InvitationTemplate
from newsletters.sending import CannotSend, send_mailing
from tests.newsletters.builders import newsletter_setup
from tests.smtp import body_of, link_in, smtp_server


class InvitationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)
        calendar = EventIndexPageFactory(parent=site_home(), slug="calendar")
        cls.event = EventPageFactory(parent=calendar, title="Seara absolvenților", faculty=cls.fmi, capacity=50)
        cls.template = InvitationTemplateFactory()

    def send(self, **choices):
        mailing = start_invitation(self.event, self.template, Audience.from_choices(**choices))
        with smtp_server() as server:
            send_mailing(mailing)
        return server

    def link_of(self, server, email) -> str:
        return link_in(server, email, r"https?://\S+invitation=\S+#registration")

    def test_only_people_who_consent_get_a_personal_invitation(self):
        server = self.send(faculties=[self.fmi])
        self.assertEqual(sorted(server.recipients), ["ana@example.ro", "carmen@example.ro"])
        ana = next(r.message for r in server.messages if r.envelope_to == ["ana@example.ro"])
        self.assertEqual(ana["Subject"], "Te invităm: Seara absolvenților")
        text = body_of(ana, "plain")
        self.assertIn(f"Bună, {self.ana.first_name}!", text)
        self.assertIn("Aula Magna", text)
        self.assertEqual(ana["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertIn("Seara absolvenților", body_of(ana, "html"))

    def test_the_link_fills_in_the_registration_form_and_is_never_cached(self):
        server = self.send()
        response = self.client.get(self.link_of(server, "ana@example.ro"))
        self.assertContains(response, 'value="ana@example.ro"')
        self.assertContains(response, f'value="{self.ana.first_name} {self.ana.last_name}"')
        self.assertContains(response, f'<option value="{self.fmi.pk}" selected>')
        self.assertEqual(response["Cache-Control"], "private, no-store")
        plain = self.client.get(self.event.url)
        self.assertNotContains(plain, "ana@example.ro")
        self.assertNotEqual(plain.get("Cache-Control"), "private, no-store")

    def test_a_forged_link_or_another_events_link_fills_nothing(self):
        server = self.send()
        link = self.link_of(server, "ana@example.ro")
        other = EventPageFactory(parent=self.event.get_parent(), title="Alt eveniment")
        self.assertNotContains(self.client.get(other.url + "?" + link.split("?")[1]), "ana@example.ro")
        forged = link.replace("invitation=", "invitation=x")
        self.assertNotContains(self.client.get(forged), "ana@example.ro")

    def test_the_english_reader_gets_the_english_text_and_event(self):
        translate(self.event.get_parent(), slug="calendar-en")
        translate(self.event, title="Graduates' evening", slug="evening")
        translate_snippet(self.template, subject="You are invited: {event}", body="Hi {name}! Join us: {link}")
        server = self.send()
        carmen = next(r.message for r in server.messages if r.envelope_to == ["carmen@example.ro"])
        self.assertEqual(carmen["Subject"], "You are invited: Graduates' evening")
        self.assertIn("/en/", self.link_of(server, "carmen@example.ro"))

    def test_the_event_shows_who_was_invited_registered_and_came(self):
        self.send()
        Registration.objects.create(
            event=self.event, name="Ana", email="ana@example.ro", role="alumnus", checked_in_at=timezone.now()
        )
        Registration.objects.create(event=self.event, name="Bogdan", email="bogdan@example.ro", role="alumnus")
        Registration.objects.create(event=self.event, name="Un oaspete", email="oaspete@example.ro", role="guest")
        people, counts = invitation_report(self.event)
        self.assertEqual(counts, {"invited": 3, "sent": 3, "registered": 2, "came": 1})
        self.assertEqual([person.email for person in people if person.came], ["ana@example.ro"])

    def test_closed_registration_or_empty_audience_is_refused_and_leaves_nothing(self):
        with self.assertRaises(CannotSend):
            start_invitation(self.event, self.template, Audience.from_choices(study_cycle="doctorat"))
        self.event.registration_closes_at = timezone.now() - timezone.timedelta(hours=1)
        self.event.save_revision().publish()
        with self.assertRaises(CannotSend):
            start_invitation(self.event, self.template, Audience.from_choices())
        self.assertFalse(Delivery.objects.exists())


class TemplateTests(TestCase):
    def test_placeholders_are_checked_with_clear_messages(self):
        for body, message in [
            ("Bună, {nume}! {link}", "{nume}"),
            ("Bună, {name! {link}", "acoladă"),
            ("Bună, {name}!", "{link}"),
        ]:
            with self.subTest(body=body):
                template = InvitationTemplate(name="x", subject="Invitație", body=body, locale_id=1)
                with self.assertRaises(ValidationError) as caught:
                    template.full_clean()
                self.assertIn(message, str(caught.exception))


class InvitationAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)
        calendar = EventIndexPageFactory(parent=site_home(), slug="calendar")
        cls.event = EventPageFactory(parent=calendar, title="Seara absolvenților", faculty=cls.fmi)
        cls.template = InvitationTemplateFactory()
        cls.office = get_user_model().objects.create_superuser("birou", "birou@example.ro", "parola-lunga-1")

    def test_preview_then_send_then_the_report(self):
        self.client.force_login(self.office)
        url = reverse("mailings:invite", args=[self.event.pk])
        choices = {"template": self.template.pk, "faculties": [self.fmi.pk]}
        preview = self.client.post(url, {**choices, "action": "preview"})
        self.assertContains(preview, "2 persoane îl vor primi")
        self.assertContains(preview, "Te invităm: Seara absolvenților")
        with smtp_server() as server:
            response = self.client.post(url, {**choices, "action": "send"})
        self.assertRedirects(response, reverse("mailings:invitations", args=[self.event.pk]))
        self.assertEqual(len(server.messages), 2)
        report = self.client.get(response.url)
        self.assertContains(report, "ana@example.ro")
        csv_export = self.client.get(response.url, {"export": "csv"})
        self.assertIn(b"carmen@example.ro", csv_export.content)
        bad = self.client.post(url, {"template": "", "year_from": "2020", "year_to": "2000", "action": "send"})
        self.assertEqual(bad.status_code, 400)
        Registration.objects.create(event=self.event, name="Ana", email="ana@example.ro", role="alumnus")
        self.assertContains(self.client.get(response.url), "<td>Confirmat</td>")
        forged = self.client.post(response.url, {"action": "resume", "mailing": "²"})
        self.assertEqual(forged.status_code, 302)

    def test_the_preview_shows_the_date_and_explains_a_broken_text(self):
        self.client.force_login(self.office)
        url = reverse("mailings:invite", args=[self.event.pk])
        preview = self.client.post(url, {"template": self.template.pk, "action": "preview"})
        self.assertContains(
            preview, f"pe {formats.date_format(timezone.localtime(self.event.start), 'DATETIME_FORMAT')}"
        )
        broken = InvitationTemplate.objects.create(
            name="Stricat", subject="Salut {nume}", body="{link}", locale=self.template.locale
        )
        response = self.client.post(url, {"template": broken.pk, "action": "preview"})
        self.assertContains(response, "nu poate fi completat", status_code=400)
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.event.pk]))
        self.assertContains(edit, url)
