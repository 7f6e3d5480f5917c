"""The site search: diacritic-insensitive, in the visitor's language, never showing private or draft pages."""

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.factories import FacultyPageFactory, StandardPageFactory, site_home, translate
from tests.routes import url

SEARCH = url("search")
EN_SEARCH = url("search", language="en")


class SiteSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        cls.science = FacultyPageFactory(parent=home, title="Facultatea de Științe Economice", slug="stiinte")
        cls.old_spelling = StandardPageFactory(parent=home, title="Gala Timişoara", slug="gala")
        translate(home, title="Alumni", slug="home-en")
        cls.science_en = translate(cls.science, title="Faculty of Economic Sciences", slug="economics")
        cls.private = StandardPageFactory(parent=home, title="Științe private", slug="privat")
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")
        cls.draft = StandardPageFactory(parent=home, title="Științe în ciornă", slug="ciorna", live=False)
        call_command("update_index", verbosity=0)

    def titles(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return [page.title for page in response.context["results"]]

    def test_every_spelling_finds_the_page(self):
        for query in ["Științe", "Ştiinţe", "stiinte", "STIINTE", "științe economice"]:
            with self.subTest(query=query):
                self.assertEqual(self.titles(f"{SEARCH}?q={query}"), ["Facultatea de Științe Economice"])

    def test_old_cedilla_spelling_in_content_is_found_with_the_comma_spelling(self):
        self.assertEqual(self.titles(SEARCH + "?q=Timișoara"), ["Gala Timişoara"])
        self.assertEqual(self.titles(SEARCH + "?q=timisoara"), ["Gala Timişoara"])

    def test_results_are_in_the_visitors_language(self):
        self.assertEqual(self.titles(EN_SEARCH + "?q=economic"), ["Faculty of Economic Sciences"])
        self.assertEqual(self.titles(SEARCH + "?q=economice"), ["Facultatea de Științe Economice"])
        self.assertEqual(self.titles(EN_SEARCH + "?q=economice"), [])

    def test_private_and_draft_pages_never_show(self):
        titles = self.titles(SEARCH + "?q=stiinte")
        self.assertNotIn("Științe private", titles)
        self.assertNotIn("Științe în ciornă", titles)

    def test_empty_query_shows_the_form_without_results(self):
        response = self.client.get(SEARCH)
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["results"])

    def test_overlong_query_is_rejected_with_a_message(self):
        response = self.client.get(SEARCH + "?q=" + "a" * 201)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'class="field-error"', status_code=400)

    def test_results_show_each_page_summary(self):
        response = self.client.get(SEARCH + "?q=stiinte")
        self.assertContains(response, self.science.introduction)

    def test_result_page_costs_the_same_queries_for_1_and_10_results(self):
        self.client.get(SEARCH + "?q=gala")
        self.client.get(SEARCH + "?q=gala")
        with CaptureQueriesContext(connection) as one:
            response = self.client.get(SEARCH + "?q=gala")
        single_result_queries = len(one)  # read now: the context's queries are gone after the next request
        self.assertEqual(len(response.context["results"]), 1)
        for number in range(9):
            StandardPageFactory(parent=site_home(), title=f"Gala {number}")
        call_command("update_index", verbosity=0)
        self.client.get(SEARCH + "?q=gala")
        with self.assertNumQueries(single_result_queries):
            response = self.client.get(SEARCH + "?q=gala")
        self.assertEqual(len(response.context["results"]), 10)
