"""Page renders cost a fixed number of queries, whatever the number of children they list."""

import datetime

import time_machine
import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from events.factories import EventIndexPageFactory, EventPageFactory, EventTypeFactory, RegistrationFactory
from home.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    FacultyPageFactory,
    StandardPageFactory,
    site_home,
)

# A generous ceiling: the point is that the count does not grow, but it must also stay small.
QUERY_CEILING = 20


class QueryCountTestCase(TestCase):
    def count_queries(self, url: str) -> int:
        """Queries for one anonymous request once renditions and cached layout fragments exist. (The very first
        request also creates the site settings row, which moves the layout version on: hence two warm-ups.)"""
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.get(url).status_code, 200)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)


class HomePageQueryCountTests(QueryCountTestCase):
    def build(self, faculties: int) -> str:
        home = site_home()
        for _ in range(faculties):
            faculty_page = FacultyPageFactory(
                parent=home, listing_image=wagtail_factories.ImageFactory(file__width=960, file__height=540)
            )
            news = ArticleIndexPageFactory(parent=faculty_page)
            ArticlePageFactory(parent=news)
            EventPageFactory(parent=EventIndexPageFactory(parent=faculty_page))
        return home.url

    def test_same_queries_for_3_and_60_faculties(self):
        url = self.build(3)
        few = self.count_queries(url)
        self.build(57)
        response = self.client.get(url)
        self.assertEqual(response.context["faculty_pages"].count(), 60)
        with self.assertNumQueries(few):
            self.client.get(url)
        self.assertLessEqual(few, QUERY_CEILING)


class FacultyPageQueryCountTests(QueryCountTestCase):
    def setUp(self):
        self.faculty_page = FacultyPageFactory(parent=site_home())
        self.news = ArticleIndexPageFactory(parent=self.faculty_page, show_in_menus=True)
        self.calendar = EventIndexPageFactory(parent=self.faculty_page, show_in_menus=True)

    def add_children(self, count: int):
        for _ in range(count):
            StandardPageFactory(parent=self.faculty_page, show_in_menus=True)
            ArticlePageFactory(parent=self.news)
            EventPageFactory(parent=self.calendar)

    def test_same_queries_for_3_and_60_children(self):
        self.add_children(3)
        few = self.count_queries(self.faculty_page.url)
        self.add_children(57)
        response = self.client.get(self.faculty_page.url)
        self.assertEqual(len(response.context["section_pages"]), 62)
        with self.assertNumQueries(few):
            self.client.get(self.faculty_page.url)
        self.assertLessEqual(few, QUERY_CEILING)


class ListingQueryCountTests(QueryCountTestCase):
    def test_article_index_same_queries_for_3_and_60_articles(self):
        faculty_page = FacultyPageFactory(parent=site_home())
        news = ArticleIndexPageFactory(parent=faculty_page)
        for _ in range(3):
            ArticlePageFactory(parent=news)
        few = self.count_queries(news.url)
        for _ in range(57):
            ArticlePageFactory(parent=news)
        self.client.get(news.url)  # renditions for the new first page
        with self.assertNumQueries(few):
            response = self.client.get(news.url)
        self.assertEqual(response.context["articles"].paginator.count, 60)

    def test_event_index_same_queries_for_3_and_60_events(self):
        faculty_page = FacultyPageFactory(parent=site_home())
        calendar = EventIndexPageFactory(parent=faculty_page)
        for _ in range(3):
            EventPageFactory(parent=calendar)
        few = self.count_queries(calendar.url)
        for _ in range(57):
            EventPageFactory(parent=calendar)
        self.client.get(calendar.url)  # publishing moved the layout version on: refill the fragment cache
        with self.assertNumQueries(few):
            response = self.client.get(calendar.url)

        self.assertEqual(response.context["events"].paginator.count, 60)


class CalendarQueryCountTests(QueryCountTestCase):
    """The aggregated calendar (under the home page) over several faculties: its list, its list filtered by faculty
    and free places, and its month grid, with registrations, cost the same for 3 events as for 30."""

    def setUp(self):
        self.calendar = EventIndexPageFactory(parent=site_home(), slug="calendar")
        self.sections = [EventIndexPageFactory(parent=FacultyPageFactory(parent=site_home())) for _ in range(3)]
        self.created = 0

    def add_events(self, count: int):
        for _ in range(count):
            section = self.sections[self.created % len(self.sections)]
            event = EventPageFactory(
                parent=section,
                start=self.month_start + datetime.timedelta(days=self.created % 27, hours=10),
                capacity=5,
                faculty=section.get_parent().specific.faculty,
                event_type=self.event_type,
            )
            RegistrationFactory(event=event)
            self.created += 1

    def urls(self):
        short_name = self.sections[0].get_parent().specific.faculty.short_name
        return [
            self.calendar.url,
            f"{self.calendar.url}?faculty={short_name}&has_free_places=on",
            f"{self.calendar.url}month/?month={self.month_start:%Y-%m}",
        ]

    @time_machine.travel(datetime.datetime(2029, 3, 1, 8, 0, tzinfo=datetime.UTC), tick=False)
    def test_same_queries_for_3_and_30_events(self):
        self.month_start = datetime.datetime(2029, 3, 2, tzinfo=datetime.UTC)
        self.event_type = EventTypeFactory()
        self.add_events(3)
        few = {url: self.count_queries(url) for url in self.urls()}
        self.add_events(27)
        for url in self.urls():
            with self.subTest(url=url):
                self.assertEqual(self.count_queries(url), few[url])
                self.assertLessEqual(few[url], QUERY_CEILING)


class ArticlePageQueryCountTests(QueryCountTestCase):
    def test_same_queries_for_an_article_among_3_and_30(self):
        faculty_page = FacultyPageFactory(parent=site_home())
        news = ArticleIndexPageFactory(parent=faculty_page)
        article = ArticlePageFactory(parent=news, image=wagtail_factories.ImageFactory())
        for _ in range(2):
            ArticlePageFactory(parent=news)
        few = self.count_queries(article.url)
        for _ in range(27):
            ArticlePageFactory(parent=news)
        self.assertEqual(self.count_queries(article.url), few)
        self.assertLessEqual(few, QUERY_CEILING)


@override_settings(FRAGMENT_CACHE_ENABLED=True)
class StoredFragmentQueryCountTests(QueryCountTestCase):
    """With the page's fragments stored (home/fragments.py) a page costs fewer queries than rendered, and still the
    same for a small and a large site."""

    def build(self, count: int):
        for _ in range(count):
            faculty_page = FacultyPageFactory(parent=site_home())
            ArticlePageFactory(parent=self.news)
            EventPageFactory(parent=self.calendar, faculty=faculty_page.faculty)
            StandardPageFactory(parent=self.faculty_page, show_in_menus=True)

    def test_same_queries_for_a_small_and_a_large_site(self):
        self.faculty_page = FacultyPageFactory(parent=site_home())
        self.news = ArticleIndexPageFactory(parent=self.faculty_page)
        self.calendar = EventIndexPageFactory(parent=site_home())
        self.build(3)
        article = ArticlePageFactory(parent=self.news)
        urls = [site_home().url, self.faculty_page.url, self.news.url, article.url, self.calendar.url]
        urls.append(self.calendar.url + "month/")
        with override_settings(FRAGMENT_CACHE_ENABLED=False):
            rendered = {url: self.count_queries(url) for url in urls}
        few = {url: self.count_queries(url) for url in urls}
        self.build(27)
        cache.clear()  # a TestCase never commits, so the tags did not move: store the large site's fragments afresh
        for url in urls:
            with self.subTest(url=url):
                self.assertLess(few[url], rendered[url])
                self.assertEqual(self.count_queries(url), few[url])
