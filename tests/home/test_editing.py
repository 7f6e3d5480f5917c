"""Editors: the admin in Romanian, translating a page and a faculty into English with wagtail-localize."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.users.models import UserProfile

from events.factories import build_section
from home.factories import ArticlePageFactory, english_locale, site_home, translate
from home.models import Faculty


class EditorTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.faculty_page, cls.news, _calendar = build_section(articles=0, events=0)
        cls.article = ArticlePageFactory(parent=cls.news, title="Întâlnirea absolvenților")
        cls.admin = get_user_model().objects.create_superuser("admin", "admin@example.ro", "x")
        cls.english = english_locale()

    def setUp(self):
        self.client.force_login(self.admin)

    def test_admin_speaks_romanian_by_default(self):
        response = self.client.get("/admin/")
        self.assertContains(response, 'lang="ro"')
        self.assertContains(response, "Pagini")

    def test_admin_can_be_switched_to_english(self):
        profile = UserProfile.get_for_user(self.admin)
        profile.preferred_language = "en"
        profile.save()
        response = self.client.get("/admin/")
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, "Pages")

    def test_page_is_translated_into_english_with_wagtail_localize(self):
        translate(site_home(), title="Alumni", slug="home-en")
        url = reverse("wagtail_localize:submit_page_translation", args=[self.article.pk])
        response = self.client.post(url, {"locales": [self.english.pk], "include_subtree": False})
        self.assertEqual(response.status_code, 302)
        translated = Page.objects.get(translation_key=self.article.translation_key, locale=self.english)
        self.assertEqual(translated.get_parent().locale, self.english)
        self.assertEqual(self.client.get(f"/admin/pages/{translated.pk}/edit/").status_code, 200)

    def test_faculty_snippet_is_translated_with_wagtail_localize(self):
        faculty = self.faculty_page.faculty
        url = reverse("wagtail_localize:submit_snippet_translation", args=["home", "faculty", faculty.pk])
        response = self.client.post(url, {"locales": [self.english.pk]})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Faculty.objects.filter(translation_key=faculty.translation_key, locale=self.english).exists())

    def test_faculty_snippets_are_listed_in_the_admin(self):
        response = self.client.get("/admin/snippets/home/faculty/")
        self.assertContains(response, self.faculty_page.faculty.name)

    def test_scheduled_article_is_not_live_until_its_time(self):
        self.article.go_live_at = timezone.now() + datetime.timedelta(days=2)
        self.article.save_revision().publish()
        self.article.refresh_from_db()
        self.assertFalse(self.article.live)
        self.client.logout()
        self.assertEqual(self.client.get(self.article.url).status_code, 404)
