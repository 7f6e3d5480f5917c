"""A restricted page, and its translations, are absent from every public surface."""

from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction, Site

from home.factories import ArticleIndexPageFactory, ArticlePageFactory, StandardPageFactory, site_home, translate
from home.models import SiteSettings

SECRET = "Zanzibarcodex"


class RestrictedTranslationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        cls.home_en = translate(home, title="Alumni", slug="home-en")
        cls.news = ArticleIndexPageFactory(parent=home, title="Știri", slug="stiri")
        cls.news_en = translate(cls.news, title="News", slug="news")
        cls.public = ArticlePageFactory(parent=cls.news, title="Întâlnirea anuală", introduction="Deschis tuturor")
        cls.public_en = translate(cls.public, title="Annual meeting", slug="annual-meeting")
        cls.secret = ArticlePageFactory(parent=cls.news, title=f"Ședința {SECRET}", introduction=SECRET)
        cls.secret_en = translate(cls.secret, title=f"Meeting {SECRET}", slug="secret-meeting", introduction=SECRET)
        cls.members = StandardPageFactory(parent=home, title=f"Membri {SECRET}", slug="membri")
        cls.members_en = translate(cls.members, title=f"Members {SECRET}", slug="members")
        # Restricted after the translations exist, and one translated after the restriction.
        PageViewRestriction.objects.create(page=cls.secret, restriction_type=PageViewRestriction.LOGIN)
        PageViewRestriction.objects.create(page=cls.members, restriction_type=PageViewRestriction.LOGIN)
        cls.late = ArticlePageFactory(parent=cls.news, title=f"Târziu {SECRET}", introduction=SECRET)
        PageViewRestriction.objects.create(page=cls.late, restriction_type=PageViewRestriction.LOGIN)
        cls.late_en = translate(cls.late, title=f"Late {SECRET}", slug="late-secret", introduction=SECRET)
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.navigation = [
            ("page_link", {"page": cls.news, "label": ""}),
            ("page_link", {"page": cls.members, "label": ""}),
        ]
        settings.save()

    def assertNoSecret(self, path, status=200):  # noqa: N802
        response = self.client.get(path)
        self.assertEqual(response.status_code, status, path)
        self.assertNotIn(SECRET, response.content.decode(), path)
        return response

    def test_the_translations_are_restricted_too(self):
        for page in (self.secret_en, self.members_en, self.late_en):
            with self.subTest(page=page.title):
                self.assertTrue(PageViewRestriction.objects.filter(page=page).exists())
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 302)  # to the sign-in page

    def test_listings_menus_and_feeds_leave_them_out(self):
        self.assertContains(self.client.get(self.news.url), "Întâlnirea anuală")
        self.assertContains(self.client.get(self.news_en.url), "Annual meeting")
        for language in ("ro", "en"):
            with translation.override(language):
                paths = [reverse("articles_rss"), reverse("articles_atom")]
            for path in [self.news.url, self.news_en.url, "/", "/en/", *paths]:
                with self.subTest(path=path):
                    self.assertNoSecret(path)

    def test_search_sitemap_and_api_leave_them_out(self):
        for language in ("ro", "en"):
            with translation.override(language):
                search = reverse("search")
            with self.subTest(language=language):
                response = self.client.get(f"{search}?q={SECRET}")  # the query is shown back; no result is
                self.assertEqual(response.status_code, 200)
                for page in (self.secret, self.secret_en, self.members, self.members_en, self.late, self.late_en):
                    self.assertNotContains(response, page.title)
                    self.assertNotContains(response, f'href="{page.url}"')
        self.assertNoSecret("/sitemap.xml")
        for locale in ("ro", "en"):
            response = self.assertNoSecret(f"/api/v3/pages/?locale={locale}&limit=50")
            self.assertGreater(response.json()["count"], 0)
            self.assertNoSecret(f"/api/v3/pages/?locale={locale}&search={SECRET}")

    def test_lifting_the_restriction_lifts_it_on_the_translations(self):
        PageViewRestriction.objects.filter(page=self.secret).delete()
        self.assertFalse(PageViewRestriction.objects.filter(page=self.secret_en).exists())
        self.assertEqual(self.client.get(self.secret_en.url).status_code, 200)
