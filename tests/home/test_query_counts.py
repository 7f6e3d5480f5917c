"""Page renders cost a fixed number of queries, whatever the number of children they list."""

import wagtail_factories
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from events.factories import EventIndexPageFactory, EventPageFactory
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
