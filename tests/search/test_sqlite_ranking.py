"""search.sqlite_ranking: on SQLite, the same results in the same order as upstream's relevance ordering, from one
ranked full-text query per page of results, whatever the number of matches; upstream's correlated score still
there (the day it goes, so can the module)."""

import pytest
from django.db import connection

if connection.vendor != "sqlite":  # the FTS5 models (and so these modules) exist on SQLite only
    pytest.skip("the workaround is for SQLite's FTS5 backend", allow_module_level=True)

from django.core.management import call_command  # noqa: E402
from django.test import TestCase  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402
from wagtail.search.query import Not, PlainText  # noqa: E402

from home.factories import ArticleIndexPageFactory, ArticlePageFactory, site_home  # noqa: E402
from home.models import ArticlePage  # noqa: E402
from search.sqlite_ranking import RankedSQLiteSearchBackend  # noqa: E402


class RankedSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        news = ArticleIndexPageFactory(parent=site_home(), slug="stiri")
        cls.pages = []
        for number in range(24):
            # Some mention "mentorat" in the title (weighted), some once or three times in the text, some not at all.
            title = f"Mentorat {number}" if number % 4 == 0 else f"Articol {number}"
            words = " ".join(["mentorat"] * (number % 3)) or "altceva"
            live = number % 7 != 5
            cls.pages.append(
                ArticlePageFactory(parent=news, title=title, slug=f"a{number}", introduction=words, live=live)
            )
        call_command("update_index", verbosity=0)

    def upstream(self, query, queryset, **kwargs):
        return SQLiteSearchBackend({"SEARCH_CONFIG": "simple"}).search(query, queryset, **kwargs)

    def test_the_site_uses_it(self):
        self.assertIsInstance(get_search_backend(), RankedSQLiteSearchBackend)

    def test_same_results_in_the_same_order_page_by_page(self):
        for queryset in [
            Page.objects.live().public().type(ArticlePage),
            ArticlePage.objects.live(),
            Page.objects.live().public().type(ArticlePage).specific(),
        ]:
            expected = [page.pk for page in self.upstream(PlainText("mentorat"), queryset)]
            self.assertGreater(len(expected), 10)
            results = queryset.search(PlainText("mentorat"))
            self.assertEqual([page.pk for page in results], expected)
            self.assertEqual(results.count(), len(expected))
            for start, stop in [(0, 5), (5, 10), (3, 4), (len(expected) - 2, len(expected) + 5), (100, 105)]:
                with self.subTest(model=queryset.model.__name__, start=start, stop=stop):
                    self.assertEqual([page.pk for page in results[start:stop]], expected[start:stop])
        drafts = [page.pk for page in self.pages if not page.live]
        self.assertFalse(set(drafts) & {page.pk for page in ArticlePage.objects.live().search("mentorat")})

    def test_rows_are_the_querysets_own(self):
        results = list(Page.objects.live().type(ArticlePage).specific().search("mentorat")[:3])
        self.assertTrue(all(isinstance(page, ArticlePage) for page in results))

    def test_other_orderings_and_queries_keep_upstreams_path(self):
        queryset = ArticlePage.objects.live().order_by("title")
        unordered = [page.pk for page in queryset.search("mentorat", order_by_relevance=False)]
        self.assertEqual(unordered, [page.pk for page in self.upstream("mentorat", queryset, order_by_relevance=False)])
        negated = {page.pk for page in queryset.search(Not(PlainText("mentorat")))}
        self.assertEqual(negated, {page.pk for page in self.upstream(Not(PlainText("mentorat")), queryset)})
        scored = ArticlePage.objects.live().search("mentorat").annotate_score("_score")
        self.assertTrue(all(page._score is not None for page in scored))

    def test_one_ranked_query_per_page_of_results(self):
        results = Page.objects.live().public().type(ArticlePage).search("mentorat")
        with CaptureQueriesContext(connection) as queries:
            list(results[:5])
        self.assertEqual(len(queries), 2)  # the ranked ids, then those rows
        self.assertEqual(queries[0]["sql"].count("MATCH"), 1)

    def test_upstream_still_correlates_its_score(self):
        # When this fails, upstream no longer runs a MATCH per candidate row: drop search/sqlite_ranking.py.
        results = self.upstream("mentorat", ArticlePage.objects.live())
        with CaptureQueriesContext(connection) as queries:
            list(results[:5])
        self.assertEqual(queries[0]["sql"].count("MATCH"), 2)
