"""A corpus of hostile input against every public page, form and API route: never a server error.

The demo university (one faculty, a few dozen alumni) gives every page type; each route is asked with every
hostile value in all of its parameters at once, and with the worst values in each parameter alone. Forms are
posted with the same values in every field.
"""

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

HOSTILE = [
    '"',
    "'",
    '"abc',
    "((( AND OR NOT",
    'NEAR("a" "b") * ^ : -x +y',
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f",
    "x" * 10_000,
    "%",
    "%00",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "2027-02-30",
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "\u202e\ufeff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "🎓" * 50,
    "\r\nSet-Cookie: x=1",
]
# Each parameter alone, with the values that once broke its kind (the whole corpus goes in all parameters at once).
DATES = ["0001-01-01", "9999-12-31"]
NUMBERS = ["99999999999999999999", "-1"]
WORDS = ['"abc', "x" * 10_000]
WORST = {
    **dict.fromkeys(["q"], WORDS + ["\x00"]),
    **dict.fromkeys(["from", "to", "date_from", "date_to", "month", "when"], DATES + ['"abc']),
    **dict.fromkeys(["page", "year", "decade", "faculty"], NUMBERS),
}

PAGE_PARAMETERS = [
    "q",
    "kind",
    "page",
    "from",
    "to",
    "date_from",
    "date_to",
    "month",
    "view",
    "when",
    "faculty",
    "type",
    "has_free_places",
    "cycle",
    "decade",
    "year",
    "sector",
    "country",
    "help",
    "registered",
]
API_PARAMETERS = [
    "kind",
    "search",
    "offset",
    "limit",
    "type",
    "locale",
    "fields",
    "order",
    "q",
    "faculty",
    "date_from",
    "date_to",
    "has_free_places",
    "cycle",
    "decade",
    "year",
    "sector",
    "country",
    "help",
    "child_of",
    "descendant_of",
]
FORM_FIELDS = [
    "name",
    "email",
    "role",
    "faculty",
    "graduation_year",
    "first_name",
    "last_name",
    "study_cycle",
    "programme",
    "employer",
    "job_title",
    "sector",
    "city",
    "country",
    "password",
    "website",
    "consent",
    "consent_directory",
    "consent_newsletter",
    "consent_surveys",
    "next",
]


@override_settings(RATE_LIMITS_ENABLED=False)
class HostileInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_data", faculties=1, alumni=40, no_index=True, admin_password="demo-pass", verbosity=0)
        call_command("update_index", verbosity=0)

    def public_page_urls(self) -> list[str]:
        """One live page of each type, in each language."""
        urls = {}
        for page in Page.objects.live().public().specific().order_by("depth", "pk"):
            key = (type(page).__name__, page.locale_id)
            if key not in urls and page.url:
                urls[key] = page.url
        return sorted(urls.values())

    def route_urls(self) -> list[str]:
        urls = []
        for language in ("ro", "en"):
            with translation.override(language):
                urls += [
                    reverse("search"),
                    reverse("search_suggest"),
                    reverse("calendar_feed"),
                    reverse("articles_rss"),
                ]
                urls += [reverse("alumni_account:sign_in")]
        return urls

    def assert_no_server_error(self, response, what):
        self.assertLess(response.status_code, 500, what)

    def ask(self, url, params):
        try:
            return self.client.get(url, params)
        except Exception as error:  # noqa: BLE001 - the test reports which input raised
            self.fail(f"{url} {params!r:.200} raised {error!r}")

    def test_pages_and_routes_never_answer_5xx(self):
        urls = self.public_page_urls() + self.route_urls()
        self.assertGreater(len(urls), 10)
        for url in urls:
            for value in HOSTILE:
                with self.subTest(url=url, value=value[:40]):
                    self.assert_no_server_error(self.ask(url, dict.fromkeys(PAGE_PARAMETERS, value)), url)
            for name in PAGE_PARAMETERS:
                for value in WORST.get(name, ['"abc']):
                    with self.subTest(url=url, name=name, value=value[:40]):
                        self.assert_no_server_error(self.ask(url, {name: value}), url)

    def test_api_routes_never_answer_5xx_and_errors_are_problem_json(self):
        urls = ["/api/v3/pages/", "/api/v3/events/", "/api/v3/alumni/", "/api/v3/pages/1/", "/api/v3/alumni/1/"]
        urls += ["/api/v3/search/"]
        for url in urls:
            for value in HOSTILE:
                for params in (dict.fromkeys(API_PARAMETERS, value), {"search": value}, {"offset": value}):
                    with self.subTest(url=url, params=list(params)[:2], value=value[:40]):
                        response = self.ask(url, params)
                        self.assert_no_server_error(response, url)
                        if response.status_code >= 400:
                            self.assertEqual(response.headers["Content-Type"], "application/problem+json")

    def test_forms_never_answer_5xx(self):
        posts = [page.url for page in Page.objects.live().public().specific() if type(page).__name__ in FORM_PAGES]
        for language in ("ro", "en"):
            with translation.override(language):
                posts += [reverse("alumni_account:sign_in")]
        self.assertTrue(posts)
        for url in posts:
            for value in HOSTILE:
                with self.subTest(url=url, value=value[:40]):
                    try:
                        response = self.client.post(url, dict.fromkeys(FORM_FIELDS, value))
                    except Exception as error:  # noqa: BLE001
                        self.fail(f"POST {url} {value!r:.40} raised {error!r}")
                    self.assert_no_server_error(response, url)


FORM_PAGES = {"EventPage", "JoinPage", "NewsletterIndexPage"}
