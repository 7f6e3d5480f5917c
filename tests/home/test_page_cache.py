"""The anonymous page cache (home/page_cache.py): shared visitors get stored pages at no database cost; each kind of
change makes exactly the pages that show it stale; previews, signed-in alumni and editors are never cached and
never served a stored page; forms on stored pages still post (home/csrf.py)."""

import datetime

import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail import hooks
from wagtail.models import PageViewRestriction

from alumni.factories import AlumnusFactory, DirectoryPageFactory
from events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from events.models import Registration
from home.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    FacultyPageFactory,
    StandardPageFactory,
    site_home,
    translate,
)
from home.models import HomePage, SiteSettings
from home.page_cache import _storable
from tests.alumni.test_directory import sign_in_client

NOW = datetime.datetime(2029, 5, 14, 10, 0, tzinfo=datetime.UTC)


def add_cached_pages(test_class) -> HomePage:
    """The pages the cache tests serve, set on `test_class`: a faculty with its news and an article, and a calendar
    with an event in three days (at NOW) with ten places. Answers the home page."""
    home = site_home()
    test_class.faculty_page = FacultyPageFactory(parent=home, title="Facultatea de Litere", slug="litere")
    test_class.news = ArticleIndexPageFactory(parent=test_class.faculty_page, slug="noutati")
    test_class.article = ArticlePageFactory(parent=test_class.news, title="Întâlnirea de primăvară", slug="intalnirea")
    test_class.calendar = EventIndexPageFactory(parent=home, slug="calendar")
    test_class.event = EventPageFactory(
        parent=test_class.calendar,
        title="Seară de networking",
        slug="networking",
        start=NOW + datetime.timedelta(days=3),
        end=NOW + datetime.timedelta(days=3, hours=2),
        capacity=10,
    )
    return home


@time_machine.travel(NOW, tick=False)
@override_settings(PAGE_CACHE_ENABLED=True, RATE_LIMITS_ENABLED=False)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = add_cached_pages(cls)
        cls.standard = StandardPageFactory(parent=home, title="Despre noi", slug="despre")
        cls.directory = DirectoryPageFactory(parent=home, slug="anuar")
        translate(home, title="Alumni", slug="home-en")
        cls.standard_en = translate(cls.standard, title="About us", slug="about")

    def get(self, page_or_url, client=None):
        url = page_or_url if isinstance(page_or_url, str) else page_or_url.url
        response = (client or self.client).get(url)
        self.assertEqual(response.status_code, 200, url)
        return response

    def assertStored(self, *pages):
        for page in pages:
            with self.subTest(page=str(page)):
                with CaptureQueriesContext(connection) as queries:
                    response = self.get(page)
                self.assertEqual(response["X-Page-Cache"], "hit")
                self.assertEqual(len(queries), 0)

    def assertFresh(self, *pages):
        for page in pages:
            with self.subTest(page=str(page)):
                self.assertEqual(self.get(page)["X-Page-Cache"], "miss")

    def warm(self, *pages):
        for page in pages:
            self.get(page)

    def everything(self):
        return [self.faculty_page, self.news, self.article, self.standard, self.calendar, self.event, self.directory]

    def test_a_shared_visitor_gets_the_stored_page_without_a_query(self):
        first = self.get(self.article)
        self.assertEqual(first["X-Page-Cache"], "miss")
        self.assertStored(self.article)
        self.assertContains(self.get(self.article), "Întâlnirea de primăvară")
        self.assertNotIn("Set-Cookie", first)
        self.assertIn("Content-Security-Policy", self.get(self.article))

    def test_publishing_an_article_makes_its_page_listings_and_section_stale_and_nothing_else(self):
        self.warm(*self.everything(), site_home())
        self.article.title = "Întâlnirea de vară"
        with self.captureOnCommitCallbacks(execute=True):
            self.article.save_revision().publish()
        self.assertFresh(self.article, self.news, self.faculty_page, site_home())
        self.assertContains(self.get(self.news), "Întâlnirea de vară")
        self.assertStored(self.standard, self.calendar, self.event, self.directory)

    def test_a_new_article_appears_in_its_listings(self):
        self.warm(self.news, self.standard)
        with self.captureOnCommitCallbacks(execute=True):
            ArticlePageFactory(parent=self.news, title="Bursele anului", slug="burse")
        self.assertContains(self.get(self.news), "Bursele anului")
        self.assertStored(self.standard)

    def test_unpublishing_a_page_makes_every_page_stale_its_address_leaves_the_navigation(self):
        self.warm(*self.everything())
        with self.captureOnCommitCallbacks(execute=True):
            self.standard.unpublish()
        self.assertEqual(self.client.get(self.standard.url).status_code, 404)
        self.assertFresh(self.article, self.event)

    def test_a_registration_makes_its_event_and_the_calendar_stale(self):
        self.warm(*self.everything())
        with self.captureOnCommitCallbacks(execute=True):
            RegistrationFactory(event=self.event, status=Registration.Status.CONFIRMED)
        self.assertFresh(self.event, self.calendar)
        self.assertStored(self.article, self.news, self.standard, self.directory)

    def test_a_person_joining_the_directory_makes_only_the_directory_stale(self):
        self.warm(*self.everything())
        with self.captureOnCommitCallbacks(execute=True):
            AlumnusFactory(first_name="Ilinca", last_name="Vasiliu", faculty=self.faculty_page.faculty)
        self.assertFresh(self.directory)
        self.assertContains(self.get(self.directory), "Vasiliu")
        self.assertStored(self.article, self.event, self.standard)

    def test_an_import_makes_the_directory_stale(self):
        import io

        from alumni.factories import import_header
        from alumni.importing import import_alumni
        from tests.alumni.test_import import csv_bytes

        self.faculty_page.faculty.short_name = "FMI"
        with self.captureOnCommitCallbacks(execute=True):
            self.faculty_page.faculty.save()
        self.warm(self.directory, self.article)
        header = import_header(
            ["first_name", "last_name", "email", "faculty", "graduation_year", "consent_directory"], "ro"
        )
        rows = [["Ilinca", "Vasiliu", "ilinca@example.ro", "FMI", "2015", "da"]]
        with self.captureOnCommitCallbacks(execute=True):
            result = import_alumni(io.BytesIO(csv_bytes(rows, header=header)), filename="a.csv", commit=True)
        self.assertFalse(result.errors, result.errors)
        self.assertContains(self.get(self.directory), "Vasiliu")
        self.assertStored(self.article)

    def test_an_erasure_leaves_no_stored_page_with_the_name(self):
        from alumni.erasure import erase

        person = AlumnusFactory(first_name="Ilinca", last_name="Vasiliu", faculty=self.faculty_page.faculty)
        self.assertContains(self.get(self.directory), "Vasiliu")
        with self.captureOnCommitCallbacks(execute=True):
            erase(person)
        self.assertNotContains(self.get(self.directory), "Vasiliu")

    def test_site_settings_make_every_page_stale(self):
        self.warm(*self.everything())
        settings = SiteSettings.for_site(site_home().get_site())
        settings.organisation_name = "Universitatea de Vest"
        with self.captureOnCommitCallbacks(execute=True):
            settings.save()
        self.assertFresh(*self.everything())

    def test_a_translation_makes_the_other_language_stale_for_its_language_link(self):
        contact = StandardPageFactory(parent=site_home(), title="Contact", slug="contact")
        self.warm(contact, self.standard, self.standard_en, self.article)
        with self.captureOnCommitCallbacks(execute=True):
            translate(contact, title="Contact us", slug="contact-us")
        self.assertFresh(contact)
        self.assertContains(self.get(contact), 'hreflang="en" href="http://testserver/en/contact-us/"')
        self.assertStored(self.standard, self.standard_en, self.article)

    def test_feeds_are_stored_until_what_they_list_changes(self):
        from tests.routes import url

        articles, calendar = url("articles_rss"), url("calendar_feed")
        self.warm(articles, calendar)
        self.assertStored(articles, calendar)
        with self.captureOnCommitCallbacks(execute=True):
            ArticlePageFactory(parent=self.news, title="Bursele anului", slug="burse")
        self.assertContains(self.get(articles), "Bursele anului")
        self.assertStored(calendar)
        with self.captureOnCommitCallbacks(execute=True):
            EventPageFactory(parent=self.calendar, title="Cina absolvenților", slug="cina")
        self.assertContains(self.get(calendar), "Cina absolven")
        self.assertStored(articles)

    def test_the_site_search_is_stored_until_anything_changes(self):
        from tests.routes import url

        search = url("search") + "?q=networking"
        self.warm(search, self.article)
        self.assertStored(search)
        with self.captureOnCommitCallbacks(execute=True):
            RegistrationFactory(event=self.event, status=Registration.Status.CONFIRMED)
        self.assertFresh(search)
        self.assertStored(self.article)

    def test_an_event_page_is_not_served_once_its_registration_closes(self):
        self.event.registration_closes_at = NOW + datetime.timedelta(minutes=10)
        with self.captureOnCommitCallbacks(execute=True):
            self.event.save_revision().publish()
        self.assertContains(self.get(self.event), 'name="consent"')
        self.assertStored(self.event)
        with time_machine.travel(NOW + datetime.timedelta(minutes=11), tick=False):
            response = self.get(self.event)
            self.assertEqual(response["X-Page-Cache"], "miss")
            self.assertNotContains(response, 'name="consent"')

    def test_a_calendar_is_not_served_after_a_listed_event_ends(self):
        self.warm(self.calendar)
        self.assertStored(self.calendar)
        with time_machine.travel(NOW + datetime.timedelta(days=3, hours=3), tick=False):
            self.assertEqual(self.get(self.calendar)["X-Page-Cache"], "miss")

    def test_a_signed_in_alumnus_is_never_served_nor_stores_a_page(self):
        alumnus = AlumnusFactory()
        signed_in = Client()
        sign_in_client(signed_in, alumnus)
        self.warm(self.directory)
        response = self.get(self.directory, signed_in)
        self.assertNotIn("X-Page-Cache", response)
        self.assertNotIn("X-Page-Cache", self.get(self.directory, signed_in))
        # What the alumnus saw was not stored for the public either.
        signed_in_first = Client()
        sign_in_client(signed_in_first, alumnus)
        self.get(self.article, signed_in_first)
        self.assertEqual(self.get(self.article)["X-Page-Cache"], "miss")

    def test_an_editor_is_never_served_nor_stores_a_page(self):
        editor = User.objects.create_superuser("editor", "editor@example.ro", "pass")
        self.warm(self.article)
        self.client.force_login(editor)
        response = self.get(self.article)
        self.assertNotIn("X-Page-Cache", response)
        self.client.logout()
        anonymous = Client()
        editor_client = Client()
        editor_client.force_login(editor)
        self.get(self.standard, editor_client)
        self.assertEqual(self.get(self.standard, anonymous)["X-Page-Cache"], "miss")

    def test_previews_are_never_stored_or_served(self):
        editor = User.objects.create_superuser("editor", "editor@example.ro", "pass")
        self.warm(self.article)
        self.client.force_login(editor)
        self.article.title = "Titlu în previzualizare"
        self.article.save_revision()
        preview = self.client.get(f"/admin/pages/{self.article.pk}/edit/preview/")
        self.assertNotIn("X-Page-Cache", preview)
        anonymous = Client()
        self.assertNotContains(self.get(self.article, anonymous), "Titlu în previzualizare")

    def test_restricted_pages_are_not_stored(self):
        restricted = StandardPageFactory(parent=site_home(), title="Doar pentru membri", slug="membri")
        PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
        below = StandardPageFactory(parent=restricted, title="Tot pentru membri", slug="tot")
        for page in (restricted, below):
            with self.subTest(page=page.title):
                for _ in range(2):
                    response = self.client.get(page.url)
                    self.assertNotIn("X-Page-Cache", response)
                    self.assertNotContains(response, page.title + "</h1>")

    def test_private_answers_and_answers_with_cookies_are_not_stored(self):
        request = RequestFactory().get(self.article.url)
        request._page_cache_tags = {}
        self.assertTrue(_storable(request, HttpResponse("ok")))
        for response in (
            HttpResponse("ok", headers={"Cache-Control": "private, no-store"}),
            HttpResponse("ok", headers={"Cache-Control": "no-cache"}),
            HttpResponse("ok", status=404),
            HttpResponse("ok", status=302),
        ):
            with self.subTest(headers=dict(response.items()), status=response.status_code):
                self.assertFalse(_storable(request, response))
        with_cookie = HttpResponse("ok")
        with_cookie.set_cookie("messages", "x")
        self.assertFalse(_storable(request, with_cookie))
        self.assertFalse(_storable(RequestFactory().get("/"), HttpResponse("ok")))  # never marked shared

    def test_a_prefilled_registration_form_is_never_stored(self):
        from home.extensions import REGISTRATION_PREFILL_HOOK

        def prefill(request, page):
            return {"name": "Ana Popescu", "email": "ana@example.ro"} if request.GET.get("invite") else {}

        with hooks.register_temporarily(REGISTRATION_PREFILL_HOOK, prefill):
            for _ in range(2):
                response = self.client.get(self.event.url + "?invite=1")
                self.assertEqual(response["Cache-Control"], "private, no-store")
                self.assertNotIn("X-Page-Cache", response)
                self.assertContains(response, "ana@example.ro")
        self.assertNotContains(self.get(self.event.url + "?invite=1"), "ana@example.ro")

    def test_queries_of_a_stored_page_do_not_grow_with_the_data(self):
        self.warm(self.news)
        for number in range(30):
            ArticlePageFactory(parent=self.news, slug=f"articol-{number}")
        self.assertStored(self.news)


@time_machine.travel(NOW, tick=False)
@override_settings(PAGE_CACHE_ENABLED=True, RATE_LIMITS_ENABLED=False)
class FormsOnStoredPagesTests(TestCase):
    """A stored event page carries no per-visitor token; its form posts with the browser's origin."""

    @classmethod
    def setUpTestData(cls):
        calendar = EventIndexPageFactory(parent=site_home(), slug="calendar")
        cls.event = EventPageFactory(
            parent=calendar, slug="networking", start=NOW + datetime.timedelta(days=3), capacity=10
        )

    def setUp(self):
        self.browser = Client(enforce_csrf_checks=True)

    def form(self, email="ana@example.ro"):
        return {"name": "Ana Popescu", "email": email, "role": "guest", "consent": "on"}

    def test_the_stored_page_has_no_token_and_sets_no_cookie(self):
        first = self.browser.get(self.event.url)
        self.assertNotContains(first, "csrfmiddlewaretoken")
        self.assertNotIn("csrftoken", first.cookies)
        self.assertEqual(self.browser.get(self.event.url)["X-Page-Cache"], "hit")

    def test_a_post_from_this_site_registers(self):
        self.browser.get(self.event.url)
        for headers in ({"HTTP_ORIGIN": "http://testserver"}, {"HTTP_SEC_FETCH_SITE": "same-origin"}):
            with self.subTest(headers=headers):
                email = f"{len(headers)}{list(headers)[0].lower()[5:9]}@example.ro"
                with self.captureOnCommitCallbacks(execute=True):
                    response = self.browser.post(self.event.url, self.form(email), **headers)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(Registration.objects.filter(email=email).exists())

    def test_a_post_from_elsewhere_or_from_nowhere_is_refused(self):
        for headers in (
            {"HTTP_ORIGIN": "https://evil.example"},
            {"HTTP_ORIGIN": "null"},
            {"HTTP_SEC_FETCH_SITE": "cross-site"},
            {},
        ):
            with self.subTest(headers=headers):
                response = self.browser.post(self.event.url, self.form(), **headers)
                self.assertEqual(response.status_code, 403)
        self.assertFalse(Registration.objects.exists())

    def test_a_visitor_with_a_session_still_needs_the_token(self):
        alumnus = AlumnusFactory()
        sign_in_client(self.browser, alumnus)
        page = self.browser.get(self.event.url)
        self.assertContains(page, "csrfmiddlewaretoken")
        refused = self.browser.post(self.event.url, self.form(), HTTP_ORIGIN="http://testserver")
        self.assertEqual(refused.status_code, 403)
        token = (
            page.cookies["csrftoken"].value if "csrftoken" in page.cookies else self.browser.cookies["csrftoken"].value
        )
        accepted = self.browser.post(
            self.event.url, {**self.form(), "csrfmiddlewaretoken": token}, HTTP_ORIGIN="http://testserver"
        )
        self.assertEqual(accepted.status_code, 302)


@override_settings(PAGE_CACHE_ENABLED=True)
class InvalidationBatchTests(TestCase):
    """One transaction moves its tags once, on commit; a rolled-back savepoint loses no later tag."""

    def versions(self, *tags):
        from home.page_cache import _tag_key, page_cache

        return page_cache().get_many([_tag_key(tag) for tag in tags])

    def test_a_transaction_moves_each_tag_once_on_commit(self):
        from unittest import mock

        from django.db import transaction

        from home import page_cache

        with mock.patch.object(page_cache, "invalidate", wraps=page_cache.invalidate) as spy:
            with self.captureOnCommitCallbacks(execute=True):
                for number in range(3):
                    page_cache.invalidate_on_commit({"model:a", f"page:{number}"})
                with transaction.atomic():
                    page_cache.invalidate_on_commit({"model:b"})
            self.assertEqual(spy.call_count, 1)
            self.assertEqual(set(spy.call_args.args[0]), {"model:a", "model:b", "page:0", "page:1", "page:2"})

    def test_a_rolled_back_savepoint_does_not_swallow_later_tags(self):
        from django.db import transaction

        from home import page_cache

        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    page_cache.invalidate_on_commit({"model:rolled-back"})
                    raise RuntimeError
            except RuntimeError:
                pass
            page_cache.invalidate_on_commit({"model:kept"})
        self.assertEqual(len(callbacks), 1)
        self.assertTrue(self.versions("model:kept"))
