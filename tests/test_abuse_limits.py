"""Abuse limits on the public site: rate limits (429 with Retry-After, in the visitor's language, lifting after
their window), the alumni password lockout, honeypots, the same answer and the same cost for known and unknown
addresses, and greetings that carry no visitor-supplied text beyond a short name."""

import datetime
import re
from unittest import mock

import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from alumni.factories import AlumnusFactory, CommunityFactory, DirectoryPageFactory
from alumni.models import Alumnus, AlumnusAccount
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import Registration
from home.factories import FacultyPageFactory, site_home
from home.text import GREETING_NAME_LENGTH, greeting_name
from tests.alumni.test_registration import make_join_page
from tests.routes import account_url

START = datetime.datetime(2027, 3, 1, 10, 0, 5, tzinfo=datetime.UTC)
PASSWORD = "o-parola-buna-2027"  # noqa: S105 - a test account's


def travel(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


class PublicFormsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        with travel(START):
            home = site_home()
            cls.faculty_page = FacultyPageFactory(parent=home, faculty__name="Facultatea de Drept")
            cls.faculty = cls.faculty_page.faculty
            cls.community = CommunityFactory(name="Juriști", slug="juristi")
            cls.join_page = make_join_page(home)
            cls.directory = DirectoryPageFactory(parent=home, slug="absolventi")
            calendar = EventIndexPageFactory(parent=home)
            cls.event = EventPageFactory(parent=calendar, start=START + datetime.timedelta(days=30))
            cls.member = AlumnusFactory(faculty=cls.faculty, email="membru@example.ro", first_name="Ioana")
            account = AlumnusAccount.objects.create(alumnus=cls.member)
            account.set_password(PASSWORD)
            account.save()

    def setUp(self):
        traveller = travel(START)
        self.clock = traveller.start()
        self.addCleanup(traveller.stop)

    def join(self, email="nou@example.ro", **extra):
        data = {
            "faculty": self.faculty.pk,
            "first_name": "Ana",
            "last_name": "Popescu",
            "email": email,
            "study_cycle": "licenta",
            "programme": "Drept",
            "graduation_year": 2010,
            "consent_directory": "on",
            **extra,
        }
        return self.client.post(self.join_page.url, data, **self.client_address(extra))

    @staticmethod
    def client_address(extra: dict) -> dict:
        return {"REMOTE_ADDR": extra.pop("REMOTE_ADDR")} if "REMOTE_ADDR" in extra else {}

    def ask_link(self, email="membru@example.ro", **extra):
        return self.client.post(account_url("sign_in"), {"link-email": email, **extra}, **self.client_address(extra))

    def sign_in(self, email="membru@example.ro", password=PASSWORD, **extra):
        data = {"password-email": email, "password-password": password, **extra}
        return self.client.post(account_url("sign_in"), data, **self.client_address(extra))

    def register(self, email="oaspete@example.ro", **extra):
        data = {"name": "Ion Pop", "email": email, "role": "guest", "consent": "on", **extra}
        return self.client.post(self.event.url, data, **self.client_address(extra))


class RateLimitTests(PublicFormsTestCase):
    """Each limited route, with its limit lowered to 2 a minute: the 3rd request gets the 429, the next minute
    the route answers again."""

    def assert_limited(self, scope: str, send):
        with override_settings(RATE_LIMITS={scope: "2/60"}):
            for number in range(2):
                response = send(number)
                self.assertNotEqual(response.status_code, 429, f"{scope}: request {number + 1} is within the limit")
            limited = send(2)
            self.assertEqual(limited.status_code, 429, scope)
            self.assertTrue(1 <= int(limited["Retry-After"]) <= 60, limited["Retry-After"])
            self.assertEqual(limited["Cache-Control"], "no-store")
            self.clock.shift(61)
            response = send(3)
            self.assertNotEqual(response.status_code, 429, f"{scope}: the limit lifts after its window")
        return limited

    def test_joining_per_client_and_per_address(self):
        page = self.assert_limited("join", lambda n: self.join(f"nou{n}@example.ro"))
        self.assertIn('lang="ro"', page.content.decode())
        self.assertIn("Retry-After", page.headers)
        # Per address typed: from three different clients, the third join of one address is refused.
        self.assert_limited("join:key", lambda n: self.join("acelasi@example.ro", REMOTE_ADDR=f"10.0.0.{n}"))

    def test_sign_in_links_per_client_and_per_address(self):
        self.assert_limited("sign_in_link", lambda n: self.ask_link(f"cineva{n}@example.ro"))
        self.assert_limited("sign_in_link:key", lambda n: self.ask_link(REMOTE_ADDR=f"10.0.1.{n}"))

    def test_password_sign_in(self):
        self.assert_limited("password_sign_in", lambda n: self.sign_in(f"cineva{n}@example.ro", "gresit"))

    def test_event_registration_per_client_and_per_address(self):
        self.assert_limited("event_registration", lambda n: self.register(f"oaspete{n}@example.ro"))
        self.assert_limited("event_registration:key", lambda n: self.register(REMOTE_ADDR=f"10.0.2.{n}"))

    def test_directory_and_its_community_pages(self):
        self.assert_limited("directory", lambda n: self.client.get(self.directory.url, {"q": f"nume{n}"}))
        community = f"{self.directory.url}comunitati/{self.community.slug}/"
        self.assertEqual(self.client.get(community).status_code, 200)
        self.assert_limited("directory", lambda n: self.client.get(community, REMOTE_ADDR=f"10.0.3.{n % 1}"))

    def test_site_search_and_the_api(self):
        self.assert_limited("search", lambda n: self.client.get("/cautare/", {"q": f"gala {n}"}))
        api = self.assert_limited("api", lambda n: self.client.get("/api/v3/pages/", {"offset": n}))
        self.assertEqual(api["Content-Type"], "application/problem+json")

    def test_page_and_collection_passwords(self):
        restriction = PageViewRestriction.objects.create(
            page=self.event, restriction_type=PageViewRestriction.PASSWORD, password="parola-paginii"
        )
        collection = Collection.get_first_root_node().add_child(name="Privat")
        collection_restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="parola-colectiei"
        )
        with translation.override("en"):
            page_form = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, self.event.pk])
            documents_form = reverse("wagtaildocs_authenticate_with_password", args=[collection_restriction.pk])
        self.assertEqual(self.client.post(page_form, {"password": "gresit"}).status_code, 200)  # the form again

        def try_password(url, address, password="gresit"):  # noqa: S107 - a wrong guess
            return lambda n: self.client.post(
                url, {"password": password, "return_url": "/"}, REMOTE_ADDR=f"10.0.{address}.{n % 1}"
            )

        limited = self.assert_limited("page_password", try_password(page_form, 4))
        self.assertIn("Too many password attempts came from your connection", limited.content.decode())
        self.assert_limited("page_password", try_password(documents_form, 5))
        # The right password counts as an attempt too: a guess that happens to be right is still refused.
        self.assert_limited("page_password", try_password(page_form, 6, password="parola-paginii"))
        with override_settings(RATE_LIMITS={"page_password": "2/60"}):
            for _attempt in range(3):
                self.client.post(page_form, {"password": "gresit"}, REMOTE_ADDR="10.0.7.1")
            response = self.client.post(
                page_form, {"password": "parola-paginii", "return_url": "/"}, REMOTE_ADDR="10.0.7.2"
            )
            self.assertEqual(response.status_code, 302, "another address is not affected")

    def test_the_429_page_speaks_english_under_en(self):
        with override_settings(RATE_LIMITS={"search": "1/60"}):
            self.client.get("/en/search/")
            page = self.client.get("/en/search/")
        self.assertEqual(page.status_code, 429)
        self.assertIn('lang="en"', page.content.decode())


@override_settings(RATE_LIMITS_ENABLED=False)
class PasswordLockoutTests(PublicFormsTestCase):
    def test_the_sixth_failure_in_a_row_is_locked_and_the_lock_lifts(self):
        for _ in range(5):
            self.assertEqual(self.sign_in(password="gresit").status_code, 400)  # the form again, with its error
        self.assertEqual(self.sign_in(password="gresit").status_code, 429)
        locked = self.sign_in()  # even the right password, while locked
        self.assertEqual(locked.status_code, 429)
        self.assertNotIn("alumni_account_id", self.client.session)
        self.clock.move_to(START + datetime.timedelta(minutes=16))
        self.assertRedirects(self.sign_in(), account_url("profile"), fetch_redirect_response=False)
        self.assertIn("alumni_account_id", self.client.session)

    def test_a_success_starts_the_count_again(self):
        for _ in range(5):
            self.sign_in(password="gresit")
        self.assertEqual(self.sign_in().status_code, 302)
        self.client.post(account_url("sign_out"))
        for _ in range(5):
            self.assertEqual(self.sign_in(password="gresit").status_code, 400)

    def test_erasing_the_person_erases_the_record_of_their_failed_sign_ins(self):
        from axes.models import AccessAttempt

        from alumni.erasure import erase

        for _ in range(3):
            self.sign_in(password="gresit")
        self.assertTrue(AccessAttempt.objects.filter(username__contains="membru@example.ro").exists())
        erase(self.member)
        self.assertFalse(AccessAttempt.objects.filter(username__contains="membru@example.ro").exists())

    def test_one_address_locked_leaves_the_others_alone(self):
        for _ in range(6):
            self.sign_in("altcineva@example.ro", "gresit")
        self.assertEqual(self.sign_in().status_code, 302)


@override_settings(RATE_LIMITS_ENABLED=False)
class HoneypotTests(PublicFormsTestCase):
    """A robot that fills in the hidden field gets the answer a person would, and nothing is done."""

    TRAP = {"website": "http://spam.example"}

    def test_every_public_form_carries_the_hidden_field(self):
        for url in (self.join_page.url, account_url("sign_in"), self.event.url):
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                self.assertRegex(html, r'<div class="trap" aria-hidden="true">.*?name="website"[^>]*tabindex="-1"')

    def test_joining(self):
        response = self.join(**self.TRAP)
        self.assertRedirects(response, f"{self.join_page.url}?sent=1#join", fetch_redirect_response=False)
        self.assertFalse(Alumnus.objects.filter(email="nou@example.ro").exists())
        self.assertEqual(mail.outbox, [])

    def test_sign_in_link(self):
        response = self.ask_link(**self.TRAP)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(mail.outbox, [])

    def test_password_sign_in(self):
        response = self.sign_in(**self.TRAP)
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("alumni_account_id", self.client.session)

    def test_event_registration(self):
        response = self.register(**self.TRAP)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Registration.objects.exists())
        self.assertEqual(mail.outbox, [])


def as_seen(response, typed_address: str) -> bytes:
    """The body without what differs by design: the CSRF token, and the address the visitor typed, echoed."""
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return body.replace(typed_address.encode(), b"ADDRESS")


@override_settings(RATE_LIMITS_ENABLED=False)
class KnownAndUnknownAddressTests(PublicFormsTestCase):
    """What a stranger can learn about an address from the answers: nothing."""

    KNOWN, UNKNOWN = "membru@example.ro", "nimeni@example.ro"

    def assert_same_answer(self, send):
        known, unknown = send(self.KNOWN), send(self.UNKNOWN)
        self.assertEqual(known.status_code, unknown.status_code)
        self.assertEqual(known.get("Location"), unknown.get("Location"))
        self.assertEqual(as_seen(known, self.KNOWN), as_seen(unknown, self.UNKNOWN))
        return known

    def test_sign_in_link(self):
        self.assertEqual(self.assert_same_answer(self.ask_link).status_code, 302)
        self.assertEqual([message.to for message in mail.outbox], [[self.KNOWN]])

    def test_joining(self):
        self.assertEqual(self.assert_same_answer(self.join).status_code, 302)
        self.assertEqual(sorted(message.to[0] for message in mail.outbox), [self.KNOWN, self.UNKNOWN])

    def test_password_sign_in(self):
        self.assertEqual(self.assert_same_answer(lambda email: self.sign_in(email, "gresit")).status_code, 400)

    def test_password_sign_in_hashes_once_whoever_asks(self):
        """The cost of a sign-in is one password hash: for a known address, an unknown one, and an account that
        has no password (links only). The benchmark `sign_in` measures the times."""
        links_only = AlumnusFactory(faculty=self.faculty, email="fara-parola@example.ro")
        AlumnusAccount.objects.create(alumnus=links_only)
        original = MD5PasswordHasher.encode
        for email in ("membru@example.ro", "nimeni@example.ro", "fara-parola@example.ro"):
            with (
                self.subTest(email=email),
                mock.patch.object(MD5PasswordHasher, "encode", autospec=True, side_effect=original) as encode,
            ):
                self.assertEqual(self.sign_in(email, "gresit").status_code, 400)
                self.assertEqual(encode.call_count, 1)


class GreetingNameTests(TestCase):
    def test_names_keep_letters_and_lose_links_and_markup(self):
        self.assertEqual(greeting_name("Ana-Maria"), "Ana-Maria")
        self.assertEqual(greeting_name("Ștefan  O'Neil"), "Ștefan O'Neil")
        self.assertEqual(greeting_name("Câștigă bani pe http://spam.example/x?y=1 <b>acum</b>"), "Câștigă bani pe acum")
        self.assertEqual(greeting_name("Ion scrie la ion@spam.example sau spam.example.com"), "Ion scrie la sau")
        self.assertEqual(greeting_name("1234 @@ ::"), "")
        self.assertEqual(greeting_name(None), "")

    def test_names_are_cut_at_a_word_within_the_length(self):
        long_name = "Ana " + "Maria " * 20
        self.assertLessEqual(len(greeting_name(long_name)), GREETING_NAME_LENGTH)
        self.assertTrue(greeting_name(long_name).startswith("Ana Maria"))
        self.assertEqual(len(greeting_name("A" * 500)), GREETING_NAME_LENGTH)


@override_settings(RATE_LIMITS_ENABLED=False)
class MessagesToUnconfirmedAddressesTests(PublicFormsTestCase):
    SPAM = "Câștigă 1000 € acum pe https://spam.example/premiu și sună la 0700 000 000"

    def greeting(self) -> str:
        self.assertEqual(len(mail.outbox), 1)
        return mail.outbox[0].body.splitlines()[0]

    def test_joining_greets_with_a_short_clean_name(self):
        self.join(first_name=self.SPAM)
        greeting = self.greeting()
        self.assertNotIn("spam.example", greeting)
        self.assertNotIn("https", mail.outbox[0].body.split("\n\n")[0])
        self.assertNotRegex(greeting, r"\d")
        self.assertLessEqual(len(greeting), len("Bună, ,") + GREETING_NAME_LENGTH)

    def test_an_event_registration_greets_with_a_short_clean_name(self):
        self.register(name=self.SPAM)
        greeting = self.greeting()
        self.assertNotIn("spam.example", greeting)
        self.assertLessEqual(len(greeting), len("Bună, ,") + GREETING_NAME_LENGTH)

    def test_a_name_of_symbols_only_gets_a_greeting_without_a_name(self):
        self.register(name="://")
        self.assertEqual(self.greeting(), "Bună,")
