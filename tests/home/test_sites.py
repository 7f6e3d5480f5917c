"""The request's Site from a cache (home/sites.py): no site query once cached, and every change to the sites or to
a site's root page seen at once."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.factories import StandardPageFactory, site_home, translate


class CachedSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_home()
        cls.home.title = "Portalul absolvenților"
        cls.home.save_revision().publish()
        cls.page = StandardPageFactory(parent=cls.home, title="Despre noi", slug="despre")

    def site_queries(self, url: str, **extra) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url, **extra)
        self.assertEqual(response.status_code, 200)
        # Wagtail's lookup by host name and port (get_site_for_hostname), not other reads of a site row.
        return [
            query["sql"] for query in captured if 'FROM "wagtailcore_site"' in query["sql"] and "CASE" in query["sql"]
        ]

    def test_the_site_is_looked_up_once(self):
        self.assertTrue(self.site_queries(self.page.url))
        self.assertEqual(self.site_queries(self.page.url), [])
        self.assertEqual(self.site_queries(self.home.url), [])

    def test_a_new_site_is_served_at_once(self):
        self.client.get("/", HTTP_HOST="alumni.example.ro")
        other_root = StandardPageFactory(parent=self.home, title="Alt portal", slug="alt-portal")
        Site.objects.create(hostname="alumni.example.ro", port=80, root_page=other_root)
        self.assertContains(self.client.get("/", HTTP_HOST="alumni.example.ro"), "Alt portal")
        self.assertContains(self.client.get("/"), "Portalul absolvenților")

    def test_a_new_title_or_slug_of_the_root_page_is_served_at_once(self):
        self.assertContains(self.client.get("/"), "Portalul absolvenților")
        self.home.title = "Comunitatea alumni"
        self.home.save_revision().publish()
        self.assertContains(self.client.get("/"), "Comunitatea alumni")

    def test_a_translation_of_the_root_page_is_served_at_once(self):
        self.client.get("/en/")
        translate(self.home, title="Alumni community", slug="home-en")
        self.assertContains(self.client.get("/en/"), "Alumni community")
