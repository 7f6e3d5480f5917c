"""Subscribing from outside the alumni database, with double opt-in: the same answer whoever asks, a confirmation
link that works for seven days and only on a POST, newsletters meant for everyone, and one-click unsubscribe."""

import datetime
import re
from urllib.parse import urlsplit

import time_machine
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from home.extensions import announce_erasure, collect_person_data
from newsletters.models import Delivery, Subscriber
from newsletters.sending import send_mailing, start_mailing
from tests.newsletters.builders import newsletter_setup
from tests.smtp import smtp_server

CONSENT = "Sunt de acord să primesc newsletterul alumni pe această adresă; mă pot dezabona oricând."


class SubscriptionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)

    def subscribe(self, email="maria@example.com", **extra):
        return self.client.post(self.archive.url, {"email": email, "consent": "on", **extra})

    def confirmation_link(self) -> str:
        """The path of the link in the last confirmation e-mail (the link itself is on the site's address)."""
        link = re.search(r"https?://\S+/newsletter/confirmare/\S+/", mail.outbox[-1].body).group(0)
        return urlsplit(link).path

    def test_subscribe_confirm_receive_and_unsubscribe(self):
        response = self.subscribe("Maria@Example.com")
        self.assertRedirects(response, f"{self.archive.url}?subscribed=1#subscribe")
        self.assertContains(self.client.get(response.url), "Ți-am trimis un e-mail")
        subscriber = Subscriber.objects.get()
        self.assertEqual((subscriber.email, subscriber.consent_text), ("maria@example.com", CONSENT))
        self.assertFalse(subscriber.is_receiving)
        self.assertEqual(mail.outbox[-1].to, ["maria@example.com"])
        path = self.confirmation_link()

        self.assertContains(self.client.get(path), "Confirmă abonarea")  # a link scanner confirms nothing
        subscriber.refresh_from_db()
        self.assertFalse(subscriber.is_receiving)
        self.assertContains(self.client.post(path), "Te-ai abonat")
        subscriber.refresh_from_db()
        self.assertTrue(subscriber.is_receiving)

        with smtp_server() as server:
            send_mailing(start_mailing(self.newsletter))
        self.assertIn("maria@example.com", server.recipients)
        message = next(r.message for r in server.messages if r.envelope_to == ["maria@example.com"])
        unsubscribe = urlsplit(message["List-Unsubscribe"].strip().strip("<>")).path
        self.assertContains(self.client.post(unsubscribe), "Te-ai dezabonat")
        subscriber.refresh_from_db()
        self.assertFalse(subscriber.is_receiving)
        self.assertContains(self.client.post(unsubscribe), "Nu ești abonat")

    def test_the_same_answer_for_any_address_and_nothing_lost_on_errors(self):
        for email in ["nou@example.com", "ana@example.ro", "nou@example.com"]:
            with self.subTest(email=email):
                self.assertEqual(self.subscribe(email).status_code, 302)
        self.assertEqual(len(mail.outbox), 3)
        missing = self.client.post(self.archive.url, {"email": "altcineva@example.com"})
        self.assertContains(missing, "Bifează căsuța", status_code=400)
        self.assertContains(missing, 'value="altcineva@example.com"', status_code=400)
        bad = self.client.post(self.archive.url, {"email": "nu-e-adresa", "consent": "on"})
        self.assertContains(bad, "field-error", status_code=400)
        self.assertEqual(Subscriber.objects.count(), 2)

    def test_a_robot_filling_the_hidden_field_gets_the_same_answer_and_nothing(self):
        response = self.subscribe(website="http://spam.example")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Subscriber.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_expired_broken_and_repeated_confirmation_links(self):
        self.subscribe()
        path = self.confirmation_link()
        with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
            self.assertContains(self.client.post(path), "Acest link a expirat", status_code=400)
        self.assertContains(self.client.post(path[:-5] + "xxxx/"), "nu este valid", status_code=400)
        self.assertFalse(Subscriber.objects.get().is_receiving)
        self.client.post(path)
        first = Subscriber.objects.get().confirmed_at
        self.assertContains(self.client.post(path), "Te-ai abonat")
        self.assertEqual(Subscriber.objects.get().confirmed_at, first)  # the first confirmation is the evidence
        self.assertContains(self.client.get(path), "Te-ai abonat")

    def test_too_many_requests_for_one_address(self):
        for _ in range(3):
            self.assertEqual(self.subscribe("tinta@example.com").status_code, 302)
        self.assertEqual(self.subscribe("tinta@example.com").status_code, 429)


class SubscriberAudienceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)
        now = timezone.now()
        Subscriber.objects.create(email="maria@example.com", consent_text=CONSENT, confirmed_at=now)
        Subscriber.objects.create(email="neconfirmat@example.com", consent_text=CONSENT)
        Subscriber.objects.create(
            email="plecat@example.com", consent_text=CONSENT, confirmed_at=now, unsubscribed_at=now
        )
        Subscriber.objects.create(email="ana@example.ro", consent_text=CONSENT, confirmed_at=now, language="en")

    def test_confirmed_subscribers_get_the_newsletters_for_everyone_once_per_address(self):
        with smtp_server() as server:
            send_mailing(start_mailing(self.newsletter))
        self.assertEqual(sorted(server.recipients), sorted(self.subscribers | {"maria@example.com"}))
        ana = Delivery.objects.get(email="ana@example.ro")
        self.assertIsNotNone(ana.alumnus_id)

    def test_a_narrowed_audience_leaves_subscribers_out(self):
        self.newsletter.audience_faculties.set([self.fmi])
        self.newsletter.save_revision().publish()
        with smtp_server() as server:
            send_mailing(start_mailing(self.newsletter))
        self.assertEqual(sorted(server.recipients), ["ana@example.ro", "carmen@example.ro"])

    def test_unsubscribing_stops_every_newsletter_to_the_address(self):
        from django.urls import reverse

        from newsletters.unsubscribe import ALUMNUS, make_token

        self.client.post(reverse("newsletters:unsubscribe", args=[make_token(ALUMNUS, self.ana.pk)]))
        self.ana.refresh_from_db()
        self.assertFalse(self.ana.consent_newsletter)
        self.assertFalse(Subscriber.objects.get(email="ana@example.ro").is_receiving)

    def test_person_data_and_erasure(self):
        data = collect_person_data(email="Maria@example.com")
        self.assertEqual(data["newsletter_subscription"]["consent_text"], CONSENT)
        announce_erasure(email="maria@example.com", full_name="")
        self.assertFalse(Subscriber.objects.filter(email="maria@example.com").exists())
