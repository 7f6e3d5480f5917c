"""Registering for events: confirmation e-mail with a calendar entry, duplicates, capacity, waiting list,
signed cancel links, closed registration and bad input."""

import datetime
import threading

from django.core import mail, signing
from django.db import connection
from django.test import TestCase, TransactionTestCase
from django.utils import timezone

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventPage, Registration
from events.registration import CANCEL_SALT, RegistrationError, cancel, cancel_token, register
from home.factories import FacultyFactory, site_home, translate
from tests import routes
from tests.clock import FALL_BACK_SECOND, NEW_YEARS_NIGHT, frozen

CONSENT = "Sunt de acord."


def form_data(**overrides):
    data = {"name": "Ana Popescu", "email": "ana@example.ro", "role": "guest", "consent": "on"}
    data.update(overrides)
    return data


def person(email, **extra):
    return {"name": "Ion Pop", "email": email, "role": "guest", "consent_text": CONSENT, **extra}


@frozen(NEW_YEARS_NIGHT)
class RegistrationFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.calendar = EventIndexPageFactory(parent=site_home())
        cls.event = EventPageFactory(parent=cls.calendar, title="Seară de networking", capacity=2)

    def post(self, url=None, **overrides):
        return self.client.post(url or self.event.url, form_data(**overrides))

    def test_registering_confirms_by_e_mail_with_a_calendar_entry_and_a_cancel_link(self):
        response = self.post()
        self.assertRedirects(
            response, f"{self.event.url}?registered=confirmed#registration", fetch_redirect_response=False
        )
        registration = Registration.objects.get()
        self.assertEqual(registration.status, Registration.Status.CONFIRMED)
        self.assertEqual(registration.language, "ro")
        self.assertTrue(registration.consent_text)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["ana@example.ro"])
        self.assertIn("Seară de networking", message.subject)
        self.assertIn(routes.url("cancel_registration", cancel_token(registration)), message.body)
        filename, content, mimetype = message.attachments[0]
        self.assertEqual(filename, "event.ics")
        self.assertTrue(mimetype.startswith("text/calendar"))
        self.assertIn("BEGIN:VEVENT", content.decode() if isinstance(content, bytes) else content)

    def test_confirmation_page_says_so(self):
        response = self.client.get(f"{self.event.url}?registered=confirmed")
        self.assertContains(response, 'class="notice notice--success"')

    def test_same_e_mail_twice_is_refused_with_a_clear_message(self):
        self.post()
        response = self.post(email="ANA@example.ro ")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "deja înscrisă", status_code=400)
        self.assertEqual(Registration.objects.count(), 1)

    def test_full_event_puts_new_people_on_the_waiting_list(self):
        self.post(email="a@example.ro")
        self.post(email="b@example.ro")
        response = self.post(email="c@example.ro")
        self.assertRedirects(
            response, f"{self.event.url}?registered=waiting#registration", fetch_redirect_response=False
        )
        self.assertEqual(Registration.objects.get(email="c@example.ro").status, Registration.Status.WAITING)
        self.assertContains(self.client.get(self.event.url), "lista de așteptare")

    def test_bad_input_re_renders_the_form_with_errors_and_keeps_what_was_typed(self):
        response = self.post(email="not-an-e-mail", name="Maria Ionescu")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'class="field-error"', status_code=400)
        self.assertContains(response, 'value="Maria Ionescu"', status_code=400)
        self.assertFalse(Registration.objects.exists())

    def test_consent_is_required(self):
        data = form_data()
        del data["consent"]
        response = self.client.post(self.event.url, data)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Registration.objects.exists())

    def test_alumni_must_name_their_faculty_and_year(self):
        response = self.post(role="alumnus")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(len(response.context["registration_form"].errors), 2)
        faculty = FacultyFactory()
        response = self.post(role="alumnus", faculty=faculty.pk, graduation_year=2015)
        self.assertEqual(response.status_code, 302)
        response = self.post(email="x@example.ro", role="alumnus", faculty=faculty.pk, graduation_year=2999)
        self.assertEqual(response.status_code, 400)

    def test_closed_registration_shows_no_form_and_refuses_posts(self):
        past = EventPageFactory(parent=self.calendar, start=timezone.now() - datetime.timedelta(days=1))
        self.assertNotContains(self.client.get(past.url), 'name="email"')
        response = self.post(url=past.url)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "închise", status_code=400)
        later = EventPageFactory(
            parent=self.calendar, registration_opens_at=timezone.now() + datetime.timedelta(days=1)
        )
        self.assertEqual(self.post(url=later.url).status_code, 400)
        self.assertFalse(Registration.objects.exists())

    def test_english_visitors_get_english_messages_and_e_mails(self):
        translate(site_home(), title="Alumni", slug="home-en")
        english = translate(self.event, title="Networking evening", slug="networking")
        self.client.post(english.url, form_data())
        registration = Registration.objects.get()
        self.assertEqual(registration.language, "en")
        self.assertIn("Registration confirmed", mail.outbox[0].subject)
        self.assertIn(routes.without_token("cancel_registration", language="en"), mail.outbox[0].body)
        response = self.client.post(english.url, form_data())
        self.assertContains(response, "already registered", status_code=400)


@frozen(FALL_BACK_SECOND)
class CancelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.event = EventPageFactory(parent=EventIndexPageFactory(parent=site_home()), capacity=1)

    def test_cancel_link_asks_then_cancels_and_promotes_the_waiting_list(self):
        first = register(self.event, **person("first@example.ro"))
        second = register(self.event, **person("second@example.ro"))
        self.assertEqual(second.status, Registration.Status.WAITING)
        mail.outbox.clear()
        url = routes.url("cancel_registration", cancel_token(first))
        self.assertContains(self.client.get(url), "<form")
        first.refresh_from_db()
        self.assertEqual(first.status, Registration.Status.CONFIRMED)
        self.client.post(url)
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual(first.status, Registration.Status.CANCELLED)
        self.assertEqual(second.status, Registration.Status.CONFIRMED)
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), ["first@example.ro", "second@example.ro"])
        promoted_mail = next(m for m in mail.outbox if m.to == ["second@example.ro"])
        self.assertEqual(promoted_mail.attachments[0][0], "event.ics")

    def test_cancelling_twice_changes_nothing(self):
        registration = register(self.event, **person("a@example.ro"))
        cancel(registration)
        self.assertIsNone(cancel(registration))
        url = routes.url("cancel_registration", cancel_token(registration))
        self.assertContains(self.client.post(url), "notice--success")

    def test_forged_or_tampered_links_are_refused(self):
        registration = register(self.event, **person("a@example.ro"))
        token = cancel_token(registration)
        # Another registration's payload under this registration's timestamp and signature.
        other_payload = signing.dumps(registration.pk + 1000, salt=CANCEL_SALT).split(":", 1)[0]
        forged = ":".join([other_payload, *token.split(":")[1:]])
        tampered = token[:-2] + ("yy" if token.endswith("xx") else "xx")
        for bad in [tampered, "1", "abc:def", forged]:
            with self.subTest(token=bad):
                response = self.client.post(routes.url("cancel_registration", bad))
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "nu este valid", status_code=400)
        registration.refresh_from_db()
        self.assertEqual(registration.status, Registration.Status.CONFIRMED)

    def test_a_cancelled_person_may_register_again(self):
        registration = register(self.event, **person("a@example.ro"))
        cancel(registration)
        again = register(self.event, **person("a@example.ro"))
        self.assertEqual(again.status, Registration.Status.CONFIRMED)

    def test_registration_service_refuses_duplicates(self):
        register(self.event, **person("a@example.ro"))
        with self.assertRaises(RegistrationError):
            register(self.event, **person("A@example.ro"))


class ConcurrentRegistrationTests(TransactionTestCase):
    """Two (or eight) people asking for the last place at the same moment, each on its own connection."""

    serialized_rollback = True

    def test_only_capacity_people_get_a_place(self):
        event = EventPageFactory(parent=EventIndexPageFactory(parent=site_home()), capacity=3)
        people = 8
        barrier = threading.Barrier(people)
        errors = []

        def attempt(number):
            try:
                barrier.wait(timeout=10)
                register(EventPage.objects.get(pk=event.pk), **person(f"p{number}@example.ro"))
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=attempt, args=(n,)) for n in range(people)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(errors, [])
        statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
        self.assertEqual(statuses.count(Registration.Status.CONFIRMED), 3)
        self.assertEqual(statuses.count(Registration.Status.WAITING), 5)

    def test_the_same_e_mail_at_the_same_moment_registers_once(self):
        event = EventPageFactory(parent=EventIndexPageFactory(parent=site_home()))
        barrier = threading.Barrier(4)
        outcomes = []

        def attempt():
            try:
                barrier.wait(timeout=10)
                register(EventPage.objects.get(pk=event.pk), **person("same@example.ro"))
                outcomes.append("ok")
            except RegistrationError:
                outcomes.append("refused")
            finally:
                connection.close()

        threads = [threading.Thread(target=attempt) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(sorted(outcomes), ["ok", "refused", "refused", "refused"])
        self.assertEqual(Registration.objects.filter(event=event).count(), 1)
