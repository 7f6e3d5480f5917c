"""The public side of newsletters: the archive shows sent newsletters only, in each language; the one-click
unsubscribe works without signing in, says so when done twice, and never unsubscribes on a GET."""

from django.core import signing
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from alumni.models import Alumnus, Consent
from home.extensions import announce_erasure, collect_person_data
from home.factories import translate
from newsletters.models import Delivery
from newsletters.sending import send_mailing, start_mailing
from newsletters.unsubscribe import ALUMNUS, TEST, make_token
from tests.newsletters.builders import newsletter_setup
from tests.smtp import smtp_server


def unsubscribe_url(alumnus_id, language="ro", kind=ALUMNUS):
    with translation.override(language):
        return reverse("newsletters:unsubscribe", args=[make_token(kind, alumnus_id)])


class ArchiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)

    def test_a_newsletter_is_public_only_once_sent_with_its_translation(self):
        translate(self.archive, title="Newsletter", slug="newsletter")
        english = translate(self.newsletter, title="Autumn newsletter", slug="autumn")
        self.assertEqual(self.client.get(self.newsletter.url).status_code, 404)
        self.assertEqual(self.client.get(english.url).status_code, 404)
        self.assertNotContains(self.client.get(self.archive.url), "Newsletter de toamnă")
        with smtp_server():
            send_mailing(start_mailing(self.newsletter))
        self.assertContains(self.client.get(self.archive.url), "Newsletter de toamnă")
        self.assertContains(self.client.get(self.newsletter.url), "Vești de la comunitatea alumni.")
        english_archive = self.client.get("/en/newsletter/")
        self.assertContains(english_archive, "Autumn newsletter")
        self.assertNotContains(english_archive, "Newsletter de toamnă")
        self.assertEqual(self.client.get(english.url).status_code, 200)

    def test_the_archive_costs_the_same_queries_for_many_newsletters(self):
        from newsletters.factories import NewsletterPageFactory

        with smtp_server():
            send_mailing(start_mailing(self.newsletter))
            for _ in range(2):  # warm the site's caches (settings, menus, the layout)
                self.client.get(self.archive.url)
            one = self.archive_queries()
            for _ in range(15):
                send_mailing(start_mailing(NewsletterPageFactory(parent=self.archive)))
        self.assertEqual(self.archive_queries(), one)

    def archive_queries(self) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.archive.url)
        self.assertEqual(response.status_code, 200)
        return len(queries)


class UnsubscribeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)

    def test_get_asks_and_changes_nothing(self):
        response = self.client.get(unsubscribe_url(self.ana.pk))
        self.assertContains(response, "Te dezabonezi de la newsletter?")
        self.assertContains(response, 'method="post"')
        self.ana.refresh_from_db()
        self.assertTrue(self.ana.consent_newsletter)

    def test_one_click_post_unsubscribes_without_sign_in_or_csrf_and_logs_the_consent(self):
        client = self.client_class(enforce_csrf_checks=True)
        response = client.post(unsubscribe_url(self.ana.pk), {"List-Unsubscribe": "One-Click"})
        self.assertContains(response, "Te-ai dezabonat")
        self.ana.refresh_from_db()
        self.assertFalse(self.ana.consent_newsletter)
        consent = Consent.objects.filter(alumnus=self.ana, purpose="newsletter").latest("at")
        self.assertEqual((consent.given, consent.source), (False, "unsubscribe"))
        again = client.post(unsubscribe_url(self.ana.pk))
        self.assertContains(again, "Nu ești abonat")
        self.assertEqual(Consent.objects.filter(alumnus=self.ana, purpose="newsletter", given=False).count(), 1)
        with smtp_server() as server:
            send_mailing(start_mailing(self.newsletter))
        self.assertNotIn("ana@example.ro", server.recipients)

    def test_english_page_for_english_links(self):
        response = self.client.post(unsubscribe_url(self.carmen.pk, "en"))
        self.assertContains(response, "You are unsubscribed")

    def test_broken_forged_and_test_links(self):
        token = make_token(ALUMNUS, self.ana.pk)
        forged = signing.dumps(f"a{self.ana.pk}", salt="another purpose")
        for bad in [token[:-3], token.replace(":", ":x", 1), "nimic", token + "A", forged]:
            with self.subTest(token=bad):
                response = self.client.post(reverse("newsletters:unsubscribe", args=[bad]))
                self.assertContains(response, "Linkul de dezabonare nu este valid", status_code=400)
        self.assertContains(self.client.post(unsubscribe_url(None, kind=TEST)), "nu dezabonează pe nimeni")
        self.ana.refresh_from_db()
        self.assertTrue(self.ana.consent_newsletter)

    def test_an_erased_person_has_nothing_to_unsubscribe(self):
        Alumnus.objects.filter(pk=self.bogdan.pk).update(status="erased", email=None)
        self.assertContains(self.client.post(unsubscribe_url(self.bogdan.pk)), "Nu ești abonat")


class PersonDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)

    def test_export_lists_the_newsletters_and_erasure_leaves_anonymous_counts(self):
        with smtp_server():
            send_mailing(start_mailing(self.newsletter))
        rows = collect_person_data(email=" ANA@example.ro ")["newsletters"]
        self.assertEqual([(row["newsletter"], row["status"]) for row in rows], [("Newsletter de toamnă", "sent")])
        announce_erasure(email="ana@example.ro", full_name="Ana")
        self.assertNotIn("newsletters", collect_person_data(email="ana@example.ro"))
        self.assertEqual(Delivery.objects.filter(status="sent").count(), 3)
        self.assertFalse(Delivery.objects.filter(email="ana@example.ro").exists())
        self.assertEqual(Delivery.objects.filter(email="", alumnus__isnull=True).count(), 1)
