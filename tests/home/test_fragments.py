"""Cached page fragments (home/fragments.py): a stored fragment is served instead of being rendered, goes stale with
the same changes as the page cache (publishing, a snippet or record the page shows, the layout, time), is never
used for previews, and tells the page cache what it shows as a rendered one would."""

import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from events.factories import EventIndexPageFactory, EventPageFactory, EventTypeFactory, RegistrationFactory
from home.factories import ArticleIndexPageFactory, ArticlePageFactory, FacultyPageFactory, site_home
from home.models import Faculty, SiteSettings

NOW = datetime.datetime(2029, 5, 14, 10, 0, tzinfo=datetime.UTC)


def fragment_keys() -> list[str]:
    return [key for key in cache._cache if ":fragment:" in key and ":fragment:tags:" not in key]


@time_machine.travel(NOW, tick=False)
@override_settings(FRAGMENT_CACHE_ENABLED=True, RATE_LIMITS_ENABLED=False)
class FragmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_home()
        cls.faculty_page = FacultyPageFactory(
            parent=cls.home,
            title="Facultatea de Litere",
            slug="litere",
            faculty__short_name="LIT",
            faculty__coordinator_name="Ana Ionescu",
        )
        cls.news = ArticleIndexPageFactory(parent=cls.faculty_page, slug="noutati")
        cls.article = ArticlePageFactory(
            parent=cls.news, title="Întâlnirea de primăvară", slug="intalnirea", date=datetime.date(2029, 5, 1)
        )
        cls.calendar = EventIndexPageFactory(parent=cls.faculty_page, slug="evenimente")
        cls.event_type = EventTypeFactory(name="Conferință")
        cls.event = EventPageFactory(
            parent=cls.calendar,
            title="Seară de networking",
            slug="networking",
            start=NOW + datetime.timedelta(days=3),
            end=NOW + datetime.timedelta(days=3, hours=2),
            capacity=10,
            event_type=cls.event_type,
        )

    def get(self, url: str, **extra):
        response = self.client.get(url, **extra)
        self.assertEqual(response.status_code, 200, url)
        return response

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.get(url)
        return len(captured)

    def publish(self, page, **fields):
        for name, value in fields.items():
            setattr(page, name, value)
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()

    # Served instead of rendered --------------------------------------------------------------------------------

    def test_a_stored_fragment_answers_the_same_page_for_fewer_queries(self):
        for url in (self.home.url, self.faculty_page.url, self.news.url, self.article.url, self.calendar.url):
            with self.subTest(url=url):
                first_queries = self.queries(url)
                first = self.get(url).content
                self.assertLess(self.queries(url), first_queries)
                self.assertEqual(self.get(url).content, first)
        self.assertTrue(fragment_keys())

    def test_off_nothing_is_stored(self):
        with override_settings(FRAGMENT_CACHE_ENABLED=False):
            self.get(self.home.url)
            self.get(self.article.url)
        self.assertEqual(fragment_keys(), [])

    # Stale with the same changes as the page cache -----------------------------------------------------------

    def test_publishing_an_article_reaches_its_page_its_listing_its_section_and_the_home_page(self):
        urls = [self.article.url, self.news.url, self.faculty_page.url, self.home.url]
        for url in urls:
            self.assertContains(self.get(url), "Întâlnirea de primăvară")
        self.publish(self.article, title="Întâlnirea de vară")
        for url in urls:
            with self.subTest(url=url):
                response = self.get(url)
                self.assertContains(response, "Întâlnirea de vară")
                self.assertNotContains(response, "Întâlnirea de primăvară")

    def test_a_new_article_appears_in_the_stored_listings(self):
        self.get(self.news.url)
        self.get(self.home.url)
        with self.captureOnCommitCallbacks(execute=True):
            ArticlePageFactory(parent=self.news, title="Bursele anului", date=datetime.date(2029, 5, 10))
        self.assertContains(self.get(self.news.url), "Bursele anului")
        self.assertContains(self.get(self.home.url), "Bursele anului")

    def test_a_faculty_snippet_change_reaches_its_pages(self):
        self.assertContains(self.get(self.faculty_page.url), "Ana Ionescu")
        self.assertContains(self.get(self.home.url), "LIT")
        faculty = Faculty.objects.get(pk=self.faculty_page.faculty_id)
        faculty.coordinator_name, faculty.short_name = "Radu Pop", "FLIT"
        with self.captureOnCommitCallbacks(execute=True):
            faculty.save()
        self.assertContains(self.get(self.faculty_page.url), "Radu Pop")
        self.assertContains(self.get(self.home.url), "FLIT")

    def test_an_event_type_snippet_change_reaches_the_calendar(self):
        self.assertContains(self.get(self.calendar.url), "Conferință")
        self.event_type.name = "Atelier"
        with self.captureOnCommitCallbacks(execute=True):
            self.event_type.save()
        self.assertContains(self.get(self.calendar.url), "Atelier")

    def test_a_registration_changes_the_places_left_on_the_calendar(self):
        self.assertContains(self.get(self.calendar.url), "10 locuri libere")
        with self.captureOnCommitCallbacks(execute=True):
            RegistrationFactory(event=self.event)
        self.assertContains(self.get(self.calendar.url), "9 locuri libere")

    def test_a_layout_change_makes_every_fragment_stale(self):
        self.get(self.article.url)
        stored = set(fragment_keys())
        settings = SiteSettings.objects.get_or_create(site=self.home.get_site())[0]
        settings.organisation_name = "Asociația Alumni"
        with self.captureOnCommitCallbacks(execute=True):
            settings.save()
        self.get(self.article.url)
        self.assertTrue(set(fragment_keys()) - stored, "the article's fragments were not rendered again")

    def test_unrelated_changes_leave_a_fragment_stored(self):
        self.get(self.article.url)
        with self.captureOnCommitCallbacks(execute=True):
            RegistrationFactory(event=self.event)  # the article shows no event
        stored = set(fragment_keys())
        self.get(self.article.url)
        self.assertEqual(set(fragment_keys()), stored)

    def test_a_fragment_that_changes_by_itself_is_not_served_after_that_moment(self):
        self.assertContains(self.get(self.home.url), "Seară de networking")
        with time_machine.travel(NOW + datetime.timedelta(days=3, hours=3), tick=False):
            self.assertNotContains(self.get(self.home.url), "Seară de networking")
            self.assertNotContains(self.get(self.faculty_page.url), "Seară de networking")

    def test_an_invalid_filter_answers_400_every_time_and_is_not_stored(self):
        for _ in range(2):
            self.assertEqual(self.client.get(self.news.url, {"year": "nu-e-an"}).status_code, 400)
        self.assertEqual(self.client.get(self.calendar.url, {"from": "mâine"}).status_code, 400)
        self.assertEqual(self.client.get(self.calendar.url, {"from": "mâine"}).status_code, 400)

    # Never for previews -----------------------------------------------------------------------------------------

    def test_a_preview_neither_reads_nor_writes_fragments(self):
        self.get(self.article.url)
        admin = get_user_model().objects.create_superuser("admin", "admin@example.ro", "x")
        self.article.title = "Titlu în lucru"
        self.article.save_revision()
        self.client.force_login(admin)
        response = self.client.get(f"/admin/pages/{self.article.pk}/view_draft/")
        self.assertContains(response, "Titlu în lucru")
        self.client.logout()
        response = self.get(self.article.url)
        self.assertContains(response, "Întâlnirea de primăvară")
        self.assertNotContains(response, "Titlu în lucru")

    def test_a_signed_in_editor_sees_the_live_page(self):
        self.get(self.article.url)
        admin = get_user_model().objects.create_superuser("editor", "editor@example.ro", "x")
        self.client.force_login(admin)
        self.assertContains(self.get(self.article.url), "Întâlnirea de primăvară")


@time_machine.travel(NOW, tick=False)
@override_settings(FRAGMENT_CACHE_ENABLED=True, PAGE_CACHE_ENABLED=True, RATE_LIMITS_ENABLED=False)
class FragmentsInThePageCacheTests(TestCase):
    """A page rendered from stored fragments is stored by the page cache under the same tags and lifetime as one
    rendered afresh."""

    @classmethod
    def setUpTestData(cls):
        cls.home = site_home()
        cls.faculty_page = FacultyPageFactory(parent=cls.home, slug="litere")
        cls.calendar = EventIndexPageFactory(parent=cls.faculty_page, slug="evenimente")
        cls.event = EventPageFactory(
            parent=cls.calendar,
            title="Seară de networking",
            start=NOW + datetime.timedelta(days=3),
            end=NOW + datetime.timedelta(days=3, hours=2),
        )

    def stored_from_fragments(self):
        """Store the home page in the page cache while its fragments come from the fragment cache."""
        self.client.get(self.home.url)  # fragments stored, page stored
        from django.core.cache import caches

        stored = [key.split(":", 2)[2] for key in caches["pages"]._cache if ":response:" in key]  # ":1:response:..."
        self.assertTrue(stored)
        caches["pages"].delete_many(stored)
        self.assertEqual(self.client.get(self.home.url)["X-Page-Cache"], "miss")
        self.assertEqual(self.client.get(self.home.url)["X-Page-Cache"], "hit")

    def test_publishing_an_event_makes_the_page_stale(self):
        self.stored_from_fragments()
        with self.captureOnCommitCallbacks(execute=True):
            EventPageFactory(
                parent=self.calendar, title="Gala absolvenților", start=NOW + datetime.timedelta(days=1)
            ).save_revision().publish()
        response = self.client.get(self.home.url)
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertContains(response, "Gala absolvenților")

    def test_the_page_is_not_served_once_the_event_is_over(self):
        self.stored_from_fragments()
        with time_machine.travel(NOW + datetime.timedelta(days=3, hours=3), tick=False):
            response = self.client.get(self.home.url)
            self.assertEqual(response["X-Page-Cache"], "miss")
            self.assertNotContains(response, "Seară de networking")


class LayoutVersionTests(TestCase):
    """The layout fragments' version (home/layout_cache.py) is read from the store every process shares, so that a
    process never goes on serving (and storing in the page cache) a header another process made stale."""

    def test_the_version_moves_in_the_shared_store(self):
        from django.core.cache import caches

        from home.layout_cache import LAYOUT_VERSION_KEY, layout_version

        before = layout_version()
        self.assertEqual(caches["pages"].get(LAYOUT_VERSION_KEY), before)
        ArticlePageFactory(parent=ArticleIndexPageFactory(parent=site_home())).save_revision().publish()
        self.assertNotEqual(caches["pages"].get(LAYOUT_VERSION_KEY), before)
        self.assertIsNone(cache.get(LAYOUT_VERSION_KEY))
