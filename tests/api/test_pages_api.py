"""The headless API (Wagtail API v3): anonymous reads of live, public pages, one OpenAPI document, JSON errors."""

from django.test import TestCase
from wagtail.models import PageViewRestriction

from events.factories import build_section
from home.factories import ArticlePageFactory, StandardPageFactory, site_home, translate


class PagesApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.faculty_page, cls.news, _calendar = build_section(articles=0, events=0)
        cls.article = ArticlePageFactory(parent=cls.news, title="Întâlnirea absolvenților", introduction="Intro")
        translate(site_home(), title="Alumni", slug="home-en")
        cls.article_en = translate(cls.article, title="The alumni reunion", slug="reunion")
        cls.private = StandardPageFactory(parent=site_home(), title="Pagină privată")
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")
        cls.draft = StandardPageFactory(parent=site_home(), title="Ciornă nepublicată", live=False)

    def get_json(self, url, status=200):
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, response.content[:500])
        return response.json()

    def test_anonymous_visitors_list_live_public_pages(self):
        data = self.get_json("/api/v3/pages/?limit=50")
        titles = {item["title"] for item in data["items"]}
        self.assertIn("Întâlnirea absolvenților", titles)
        self.assertIn("The alumni reunion", titles)
        self.assertNotIn("Pagină privată", titles)
        self.assertNotIn("Ciornă nepublicată", titles)

    def test_restricted_and_draft_pages_are_not_found(self):
        self.get_json(f"/api/v3/pages/{self.private.pk}/", status=404)
        self.get_json(f"/api/v3/pages/{self.draft.pk}/", status=404)

    def test_article_detail_carries_its_fields(self):
        data = self.get_json(f"/api/v3/pages/{self.article.pk}/")
        self.assertEqual(data["meta"]["type"], "home.ArticlePage")
        self.assertEqual(data["introduction"], "Intro")
        self.assertEqual(data["date"], self.article.date.isoformat())
        self.assertIn("body", data)

    def test_filter_by_locale_and_type(self):
        data = self.get_json("/api/v3/pages/?locale=en&type=home.ArticlePage")
        self.assertEqual([item["title"] for item in data["items"]], ["The alumni reunion"])

    def test_openapi_document_describes_the_page_types(self):
        schema = self.get_json("/api/v3/openapi.json")
        self.assertTrue(schema["openapi"].startswith("3."))
        self.assertIn("/api/v3/pages/", schema["paths"])
        schema_names = " ".join(schema["components"]["schemas"])
        self.assertIn("ArticlePage", schema_names)
        self.assertIn("FacultyPage", schema_names)

    def test_bad_input_gets_a_json_4xx(self):
        for url, status in [
            ("/api/v3/pages/?limit=abc", 422),
            ("/api/v3/pages/?type=nope.Nope", 422),
            ("/api/v3/pages/999999/", 404),
            ("/api/v3/no-such-endpoint/", 404),
            ("/api/elsewhere/", 404),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, status)
                self.assertIn("json", response["Content-Type"])
                self.assertEqual(response.json()["status"], status)

    def test_page_size_is_capped(self):
        response = self.client.get("/api/v3/pages/?limit=1000")
        self.assertLess(response.status_code, 500)
        if response.status_code == 200:
            self.assertLessEqual(len(response.json()["items"]), 50)


class RepeatedParameterTests(TestCase):
    """A parameter the OpenAPI document declares as one value, given more than once, is a 422 problem naming it,
    on Wagtail's routes and ours alike; parameters declared as arrays still take several values."""

    @classmethod
    def setUpTestData(cls):
        build_section(articles=1, events=1)

    def test_a_single_valued_parameter_given_twice_is_a_422_naming_it(self):
        for url in [
            "/api/v3/alumni/?country=Rom%C3%A2nia&country=Italia",
            "/api/v3/alumni/?q=ana&q=",
            "/api/v3/alumni/?year=2001&year=2002",
            "/api/v3/events/?faculty=FMI&faculty=FIM",
            "/api/v3/events/?from=2026-01-01&from=2026-02-01",
            "/api/v3/pages/?locale=ro&locale=en",
            "/api/v3/alumni/1/?locale=ro&locale=en",
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 422, response.content[:300])
                self.assertEqual(response.headers["Content-Type"], "application/problem+json")
                name = url.split("?")[1].split("=")[0]
                self.assertIn(name, response.content.decode())

    def test_once_each_and_array_parameters_still_work(self):
        for url in [
            "/api/v3/alumni/?country=Rom%C3%A2nia&q=ana",
            "/api/v3/events/?faculty=FMI",
            "/api/v3/pages/?type=home.ArticlePage&type=events.EventPage",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)


class NulByteTests(TestCase):
    """NUL bytes in a query string become spaces before validation (home.middleware.ApiGuardMiddleware): a value
    over its maximum length, or outside its choices, is refused with a 422 however many NUL bytes it carries, and a
    valid one still answers (PostgreSQL cannot compare text with NUL in it)."""

    @classmethod
    def setUpTestData(cls):
        build_section(articles=1, events=1)

    def test_values_that_only_fit_without_their_nul_bytes_are_refused(self):
        for url in [
            "/api/v3/alumni/?faculty=" + "%00" * 20 + "F",
            "/api/v3/alumni/?faculty=FMI" + "%00%01" * 10,
            "/api/v3/alumni/?q=" + "a%00" * 60,
            "/api/v3/alumni/?locale=r%00o",
            "/api/v3/events/?locale=e%00n",
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 422, response.content[:300])
                self.assertEqual(response.headers["Content-Type"], "application/problem+json")

    def test_values_that_fit_with_their_nul_bytes_still_answer(self):
        for url in ["/api/v3/alumni/?faculty=F%00MI", "/api/v3/alumni/?q=an%00a", "/api/v3/events/?faculty=%00"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200, url)
