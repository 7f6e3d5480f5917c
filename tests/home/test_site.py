"""What a public site is expected to have: sitemap, robots.txt, localized error pages, safe handling of bad input."""

import os
import subprocess
import sys
from pathlib import Path

from defusedxml import ElementTree
from django.test import RequestFactory, TestCase
from django.utils import translation
from wagtail.models import PageViewRestriction

from events.factories import build_section
from home.factories import ArticlePageFactory, StandardPageFactory, site_home, translate
from home.views import server_error
from tests import routes

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
BASE_DIR = Path(__file__).resolve().parents[2]


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.faculty_page, cls.news, _calendar = build_section(articles=1, events=0)
        translate(site_home(), title="Alumni", slug="home-en")
        cls.faculty_en = translate(cls.faculty_page, title="Faculty of Science", slug="science")
        cls.private = StandardPageFactory(parent=site_home(), title="Doar pentru membri", slug="privat")
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")
        cls.draft = StandardPageFactory(parent=site_home(), title="Ciornă", slug="ciorna", live=False)

    def sitemap(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        return ElementTree.fromstring(response.content)

    def locations(self, tree):
        return {loc.text.split("localhost", 1)[1] for loc in tree.findall("s:url/s:loc", SITEMAP_NS)}

    def test_both_languages_are_listed(self):
        locations = self.locations(self.sitemap())
        self.assertIn("/", locations)
        self.assertIn("/en/", locations)
        self.assertIn(self.faculty_page.url, locations)
        self.assertIn("/en/science/", locations)

    def test_translations_are_hreflang_alternates(self):
        tree = self.sitemap()
        for url in tree.findall("s:url", SITEMAP_NS):
            if url.find("s:loc", SITEMAP_NS).text.endswith(self.faculty_page.url):
                alternates = {
                    link.get("hreflang"): link.get("href").split("localhost", 1)[1]
                    for link in url.findall("x:link", SITEMAP_NS)
                }
                self.assertEqual(
                    alternates, {"ro": self.faculty_page.url, "en": "/en/science/", "x-default": self.faculty_page.url}
                )
                return
        self.fail("The faculty page is not in the sitemap")

    def test_private_and_draft_pages_are_left_out(self):
        locations = self.locations(self.sitemap())
        self.assertNotIn("/privat/", locations)
        self.assertNotIn("/ciorna/", locations)

    def test_untranslated_pages_have_no_alternates(self):
        tree = self.sitemap()
        article = self.news.get_children().first()
        for url in tree.findall("s:url", SITEMAP_NS):
            if url.find("s:loc", SITEMAP_NS).text.endswith(article.url):
                self.assertEqual(url.findall("x:link", SITEMAP_NS), [])
                return
        self.fail("The article is not in the sitemap")


class RobotsTests(TestCase):
    def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        body = response.content.decode()
        self.assertIn("Disallow: /admin/", body)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", body)


class ErrorPageTests(TestCase):
    def test_missing_page_is_a_romanian_404_page(self):
        response = self.client.get("/nu-exista/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, '<html lang="ro">', status_code=404)
        self.assertContains(response, "Pagina nu a fost găsită", status_code=404)

    def test_missing_english_page_is_an_english_404_page(self):
        response = self.client.get("/en/does-not-exist/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, '<html lang="en">', status_code=404)
        self.assertContains(response, "Page not found", status_code=404)

    def test_bad_locale_prefix_is_a_404_not_a_500(self):
        for path in ["/xx/", "/de/pagina/", "/en-gb/", "/ro/ro/"]:
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_malformed_query_strings_never_reach_a_500(self):
        faculty_page, news, calendar = build_section(articles=1, events=1)
        cases = [
            (news.url + "?year=abc", 400),
            (news.url + "?year=%ff%fe", 400),
            (news.url + "?page=abc", 200),
            (news.url + "?page=99999", 200),
            (news.url + "?page=-1", 200),
            (calendar.url + "?when=yesterday", 400),
            (faculty_page.url + "?%%%=&&&", 200),
            (routes.url("search") + "?q=" + "x" * 500, 200),  # cut to its first 200 characters and searched
            (routes.url("search") + "?q=%00", 200),  # control characters become spaces: an empty search
        ]
        for url, status in cases:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, status)

    def test_invalid_filter_re_renders_the_form_with_the_error(self):
        _faculty_page, news, _calendar = build_section(articles=1, events=0)
        response = self.client.get(news.url + "?year=abc")
        self.assertContains(response, 'class="field-error"', status_code=400)

    def test_too_many_query_fields_is_a_400_page(self):
        query = "&".join(f"f{i}=1" for i in range(1100))
        response = self.client.get(f"{routes.url('search')}?{query}")
        self.assertEqual(response.status_code, 400)

    def test_server_error_page_renders_without_the_database_in_the_visitors_language(self):
        request = RequestFactory().get("/en/")
        with translation.override("en"):
            response = server_error(request)
        self.assertEqual(response.status_code, 500)
        self.assertIn(b'<html lang="en">', response.content)
        with translation.override("ro"):
            response = server_error(RequestFactory().get("/"))
        self.assertIn(b"Ceva nu a mers bine", response.content)


class LayoutCacheTests(TestCase):
    def test_navigation_shows_a_newly_published_page(self):
        from wagtail.models import Site

        from home.models import SiteSettings

        home = site_home()
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        first = StandardPageFactory(parent=home, title="Strategia alumni")
        settings.navigation = [("page_link", {"page": first, "label": ""})]
        settings.save()
        self.assertContains(self.client.get(home.url), "Strategia alumni")
        first.title = "Strategia revizuită"
        first.save_revision().publish()
        self.assertContains(self.client.get(home.url), "Strategia revizuită")

    def test_previews_are_never_served_from_the_cache(self):
        article = ArticlePageFactory(parent=build_section(articles=0, events=0)[1])
        self.client.get(article.url)
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.create_superuser("admin", "admin@example.ro", "x")
        self.client.force_login(admin)
        article.title = "Titlu în lucru"
        article.save_revision()
        response = self.client.get(f"/admin/pages/{article.pk}/view_draft/")
        self.assertContains(response, "Titlu în lucru")


class ProductionSettingsTests(TestCase):
    def run_check(self, **env):
        environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
        environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
        return subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def test_production_refuses_to_start_without_a_secret_key(self):
        result = self.run_check()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_production_starts_with_a_secret_key_and_debug_off(self):
        result = self.run_check(SECRET_KEY="a-real-secret-from-the-environment")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_debug_is_off_unless_asked(self):
        from config.settings import base

        self.assertFalse(base.DEBUG)
