"""The office sends a newsletter from the admin: the audience and its size, a test to itself, the real sending
(a task), then the counts and the failed addresses with reasons; mailings and deliveries are read-only."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse

from newsletters.models import Delivery, Mailing
from tests.newsletters.builders import newsletter_setup
from tests.smtp import smtp_server


class SendPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        newsletter_setup(cls)
        cls.office = get_user_model().objects.create_superuser("birou", "birou@example.ro", "parola-lunga-1")
        cls.editor = get_user_model().objects.create_user("editor", "editor@example.ro", "parola-lunga-2")
        editors = Group.objects.create(name="Editori")
        editors.permissions.add(Permission.objects.get(codename="access_admin"))
        cls.editor.groups.add(editors)

    def setUp(self):
        self.url = reverse("mailings:send", args=[self.newsletter.pk])

    def assert_denied(self, response):
        """Wagtail's admin answers a permission denied with a redirect to the dashboard and a message."""
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)

    def test_only_the_office_may_send(self):
        self.client.force_login(self.editor)
        self.assert_denied(self.client.get(self.url))
        self.assert_denied(self.client.post(self.url, {"action": "send"}))
        self.assertFalse(Mailing.objects.exists())

    def test_the_page_shows_the_audience_and_its_size(self):
        self.client.force_login(self.office)
        response = self.client.get(self.url)
        self.assertContains(response, "3 persoane îl vor primi")
        self.assertContains(response, "Trimite la 3 persoane")
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.newsletter.pk]))
        self.assertContains(edit, self.url)

    def test_a_test_goes_to_the_office_only(self):
        self.client.force_login(self.office)
        with smtp_server() as server:
            response = self.client.post(self.url, {"action": "test", "email": "birou@example.ro", "language": "ro"})
        self.assertRedirects(response, self.url)
        self.assertEqual(server.recipients, ["birou@example.ro"])
        self.assertEqual(server.messages[0].message["Subject"], "[Test] Newsletter de toamnă")
        self.assertFalse(Mailing.objects.exists())
        bad = self.client.post(self.url, {"action": "test", "email": "nu-e-adresa", "language": "ro"})
        self.assertEqual(bad.status_code, 400)
        self.assertContains(bad, "nu-e-adresa", status_code=400)

    def test_sending_then_counts_and_failures_and_no_second_sending(self):
        self.client.force_login(self.office)
        with smtp_server(refuse={"carmen@example.ro"}) as server:
            self.client.post(self.url, {"action": "send"})
            self.client.post(self.url, {"action": "send"})
        self.assertEqual(sorted(server.recipients), ["ana@example.ro", "bogdan@example.ro"])
        page = self.client.get(self.url)
        self.assertContains(page, "2 din 3 trimise, 1 eșuate, 0 în așteptare")
        failures = self.client.get(reverse("deliveries:index"), {"status": "failed"})
        self.assertContains(failures, "carmen@example.ro")
        self.assertContains(failures, "550")
        self.assertNotContains(failures, "ana@example.ro")
        export = self.client.get(reverse("deliveries:index"), {"export": "csv"})
        self.assertIn(b"carmen@example.ro,", export.getvalue())

    def test_a_newsletter_without_audience_is_explained_not_sent(self):
        self.newsletter.audience_study_cycle = "doctorat"
        self.newsletter.save_revision().publish()
        self.client.force_login(self.office)
        self.assertContains(self.client.get(self.url), "Nu există destinatari")
        response = self.client.post(self.url, {"action": "send"}, follow=True)
        self.assertContains(response, "Nu există destinatari")
        self.assertFalse(Mailing.objects.exists())

    def test_mailings_and_deliveries_are_read_only(self):
        self.client.force_login(self.office)
        with smtp_server():
            self.client.post(self.url, {"action": "send"})
        mailing = Mailing.objects.get()
        self.assertContains(self.client.get(reverse("mailings:index")), "Newsletter de toamnă")
        delivery = Delivery.objects.first()
        for url in [
            reverse("mailings:add"),
            reverse("mailings:edit", args=[mailing.pk]),
            reverse("mailings:delete", args=[mailing.pk]),
            reverse("deliveries:edit", args=[delivery.pk]),
        ]:
            with self.subTest(url=url):
                self.assert_denied(self.client.get(url))


class SubscriberListingTests(TestCase):
    def test_the_office_lists_and_exports_subscribers_but_cannot_edit_them(self):
        from django.utils import timezone

        from newsletters.models import Subscriber

        subscriber = Subscriber.objects.create(
            email="maria@example.com", consent_text="Da.", confirmed_at=timezone.now()
        )
        office = get_user_model().objects.create_superuser("birou", "birou@example.ro", "parola-lunga-1")
        self.client.force_login(office)
        self.assertContains(self.client.get(reverse("subscribers:index")), "maria@example.com")
        export = self.client.get(reverse("subscribers:index"), {"export": "csv"})
        self.assertIn(b"maria@example.com", export.getvalue())
        edit = self.client.get(reverse("subscribers:edit", args=[subscriber.pk]))
        self.assertRedirects(edit, reverse("wagtailadmin_home"), fetch_redirect_response=False)
