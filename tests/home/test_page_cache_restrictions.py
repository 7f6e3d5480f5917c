"""A page restricted after it was stored is never served from the page cache again, in either language, and leaves
every listing, menu and language link at once; lifting or changing the restriction goes the same way; a collection
made private makes the pages linking its documents stale. From code (the models' signals) and from the admin, as a
faculty's editor (home/page_cache.py, "view restrictions")."""

import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import TestCase, override_settings
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, ReferenceIndex, Site
from wagtail.rich_text import RichText

from home.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    FacultyPageFactory,
    StandardPageFactory,
    site_home,
    translate,
)
from home.models import SiteSettings

NOW = datetime.datetime(2029, 5, 14, 10, 0, tzinfo=datetime.UTC)
SECRET = "Zanzibarcodex"


@time_machine.travel(NOW, tick=False)
@override_settings(PAGE_CACHE_ENABLED=True, RATE_LIMITS_ENABLED=False)
class RestrictionInvalidatesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        cls.home_en = translate(home, title="Alumni", slug="home-en")
        cls.section = FacultyPageFactory(
            parent=home, title="Facultatea de Litere", slug="litere", faculty__short_name="LIT"
        )
        cls.news = ArticleIndexPageFactory(parent=cls.section, title="Noutăți", slug="noutati")
        cls.article = ArticlePageFactory(parent=cls.news, title=f"Ședința {SECRET}", slug="sedinta")
        cls.news_en = translate(cls.news, title="News", slug="news")
        cls.article_en = translate(cls.article, title=f"Meeting {SECRET}", slug="meeting")
        cls.about = StandardPageFactory(parent=home, title="Despre noi", slug="despre")
        cls.about.body = [("paragraph", RichText(f'<p>Vezi <a linktype="page" id="{cls.article.pk}">ședința</a>.</p>'))]
        cls.about.save_revision().publish()
        ReferenceIndex.create_or_update_for_object(cls.about)
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.navigation = [("page_link", {"page": cls.article, "label": "Ședința membrilor"})]
        settings.save()
        # A faculty's editor, in the group a new section brings (home.permissions): publishes, so sets privacy.
        cls.editor = get_user_model().objects.create_user("editor.lit", "editor@lit.example", "x")
        cls.editor.groups.add(Group.objects.get(name="Editori LIT"))

    def get(self, page, status=200):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, status, page.url)
        return response

    def warm(self):
        """Every page stored, each showing the article (its own page, its listing, a link in a text, the menu)."""
        for page in (self.article, self.article_en, self.news, self.news_en, self.about):
            self.get(page)
            self.assertEqual(self.get(page)["X-Page-Cache"], "hit", page.url)
        self.assertContains(self.get(self.about), "Ședința membrilor")  # the menu

    def assertGone(self):  # noqa: N802
        """No stored copy of the article in either language; listings, menus and language links leave it out."""
        for page in (self.article, self.article_en):
            with self.subTest(page=page.url):
                response = self.get(page)
                self.assertNotIn("X-Page-Cache", response)
                self.assertNotContains(response, SECRET)
                self.assertContains(response, 'type="password"')
        for page in (self.news, self.news_en):
            with self.subTest(page=page.url):
                response = self.get(page)
                self.assertEqual(response["X-Page-Cache"], "miss")
                self.assertNotContains(response, SECRET)
                self.assertNotContains(response, f'href="{self.article.url}"')
                self.assertNotContains(response, f'href="{self.article_en.url}"')
        # Another page: the menu leaves the article out at once (its link in the text is the editor's text).
        response = self.get(self.about)
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertNotContains(response, "Ședința membrilor")

    def assertBack(self):  # noqa: N802
        for page in (self.article, self.article_en, self.news, self.news_en):
            with self.subTest(page=page.url):
                response = self.get(page)
                self.assertEqual(response["X-Page-Cache"], "miss")
                self.assertContains(response, SECRET)
        self.assertContains(self.get(self.about), "Ședința membrilor")

    def restrict_from_the_admin(self, page, **form):
        self.client.force_login(self.editor)
        response = self.client.post(f"/admin/pages/{page.pk}/privacy/", form)
        self.assertEqual(response.status_code, 200, response.get("Location"))
        self.assertIn("set_privacy_done", response.content.decode())
        self.client.logout()
        self.client.cookies.clear()  # an anonymous visitor again, with no session cookie

    def test_a_password_set_from_code_serves_no_stored_copy_in_either_language(self):
        self.warm()
        with self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(
                page=self.article, restriction_type=PageViewRestriction.PASSWORD, password="parola"
            )
        self.assertGone()

    def test_a_password_set_from_the_admin_by_the_faculty_editor_serves_no_stored_copy(self):
        self.warm()
        with self.captureOnCommitCallbacks(execute=True):
            self.restrict_from_the_admin(self.article, restriction_type="password", password="parola")
        self.assertTrue(PageViewRestriction.objects.filter(page=self.article_en).exists())
        self.assertGone()

    def test_a_restriction_on_the_section_makes_every_page_below_it_stale(self):
        self.warm()
        with self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(page=self.section, restriction_type=PageViewRestriction.LOGIN)
        for page in (self.article, self.news, self.article_en, self.news_en):
            with self.subTest(page=page.url):
                response = self.get(page, status=302)  # to the sign-in page
                self.assertNotIn("X-Page-Cache", response)
        response = self.get(self.about)
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertNotContains(response, "Ședința membrilor")

    def test_lifting_a_restriction_from_code_and_from_the_admin_brings_the_page_back(self):
        for lift in ("code", "admin"):
            with self.subTest(lift=lift):
                with self.captureOnCommitCallbacks(execute=True):
                    PageViewRestriction.objects.create(
                        page=self.article, restriction_type=PageViewRestriction.PASSWORD, password="parola"
                    )
                for page in (self.news, self.news_en, self.about):  # stored without the article
                    self.get(page)
                    self.assertNotContains(self.get(page), SECRET)
                with self.captureOnCommitCallbacks(execute=True):
                    if lift == "code":
                        PageViewRestriction.objects.get(page=self.article).delete()
                    else:
                        self.restrict_from_the_admin(self.article, restriction_type="none")
                self.assertFalse(PageViewRestriction.objects.filter(page__in=[self.article, self.article_en]).exists())
                self.assertBack()

    def test_a_password_changed_to_groups_from_the_admin_still_serves_nothing_stored(self):
        self.warm()
        with self.captureOnCommitCallbacks(execute=True):
            self.restrict_from_the_admin(self.article, restriction_type="password", password="parola")
        self.assertGone()
        for page in (self.news, self.about):  # stored again, without the article
            self.get(page)
        editors = Group.objects.get(name="Editori LIT")
        with self.captureOnCommitCallbacks(execute=True):
            self.restrict_from_the_admin(self.article, restriction_type="groups", groups=[editors.pk])
        for page in (self.article, self.article_en):
            with self.subTest(page=page.url):
                response = self.get(page, status=302)
                self.assertNotIn("X-Page-Cache", response)
        self.assertNotContains(self.get(self.news), SECRET)
        self.assertNotContains(self.get(self.about), "Ședința membrilor")
        restriction = PageViewRestriction.objects.get(page=self.article_en)
        self.assertEqual(restriction.restriction_type, PageViewRestriction.GROUPS)
        self.assertEqual(list(restriction.groups.all()), [editors])

    def test_groups_changed_in_code_move_the_page_on(self):
        from home.page_cache import _tag_key, page_cache, page_tag

        restriction = PageViewRestriction.objects.create(page=self.article, restriction_type=PageViewRestriction.GROUPS)
        key = _tag_key(page_tag(self.article))
        with self.captureOnCommitCallbacks(execute=True):
            restriction.groups.add(Group.objects.get(name="Editori LIT"))
        before = page_cache().get(key)
        with self.captureOnCommitCallbacks(execute=True):
            restriction.groups.clear()
        self.assertIsNotNone(before)
        self.assertNotEqual(page_cache().get(key), before)


@time_machine.travel(NOW, tick=False)
@override_settings(PAGE_CACHE_ENABLED=True, RATE_LIMITS_ENABLED=False)
class CollectionPrivacyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        root = Collection.get_first_root_node()
        cls.board = root.add_child(name="Consiliu")
        minutes = cls.board.add_child(name="Procese-verbale")
        cls.document = get_document_model().objects.create(
            title="Proces-verbal", collection=minutes, file=ContentFile(b"text", name="proces-verbal.txt")
        )
        other = get_document_model().objects.create(
            title="Regulament", collection=root, file=ContentFile(b"text", name="regulament.txt")
        )
        cls.linking = StandardPageFactory(parent=site_home(), title="Consiliul", slug="consiliu")
        cls.linking.body = [
            ("paragraph", RichText(f'<p><a linktype="document" id="{cls.document.pk}">Procesul-verbal</a></p>'))
        ]
        cls.linking.save_revision().publish()
        cls.unrelated = StandardPageFactory(parent=site_home(), title="Statut", slug="statut")
        cls.unrelated.body = [("paragraph", RichText(f'<p><a linktype="document" id="{other.pk}">Regulament</a></p>'))]
        cls.unrelated.save_revision().publish()
        for page in (cls.linking, cls.unrelated):
            ReferenceIndex.create_or_update_for_object(page)

    def test_a_collection_made_private_makes_the_pages_linking_its_documents_stale(self):
        for _ in range(2):
            self.client.get(self.linking.url)
            self.client.get(self.unrelated.url)
        with self.captureOnCommitCallbacks(execute=True):
            restriction = CollectionViewRestriction.objects.create(
                collection=self.board, restriction_type=CollectionViewRestriction.PASSWORD, password="parola"
            )
        self.assertEqual(self.client.get(self.linking.url)["X-Page-Cache"], "miss")
        self.assertEqual(self.client.get(self.unrelated.url)["X-Page-Cache"], "hit")
        self.client.get(self.linking.url)
        with self.captureOnCommitCallbacks(execute=True):
            restriction.delete()
        self.assertEqual(self.client.get(self.linking.url)["X-Page-Cache"], "miss")


@time_machine.travel(NOW, tick=False)
@override_settings(PAGE_CACHE_ENABLED=True, RATE_LIMITS_ENABLED=False)
class RestrictionReachesTheFrontCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = StandardPageFactory(parent=site_home(), title="Membri", slug="membri")
        cls.page_en = translate(cls.page, title="Members", slug="members")

    def test_a_restriction_bans_the_page_and_the_layout_in_the_front_cache(self):
        from home import front_cache
        from home.page_cache import LAYOUT, page_tag
        from tests.home.test_front_cache import FakeFrontCache

        with FakeFrontCache() as front, override_settings(WAGTAILFRONTENDCACHE=front.settings()):
            stored = self.client.get(self.page_en.url)
            self.assertIn("s-maxage=", stored["Cache-Control"])
            with self.captureOnCommitCallbacks(execute=True):
                PageViewRestriction.objects.create(page=self.page, restriction_type=PageViewRestriction.LOGIN)
            banned = front.banned_digests()
        self.assertEqual(len(banned), 1, "one BAN for the restriction and its mirrored copy")
        self.assertLessEqual({front_cache.tag_digest(page_tag(self.page)), front_cache.tag_digest(LAYOUT)}, banned[0])
        self.assertRegex(stored[front_cache.TAGS_HEADER], front_cache.ban_pattern({page_tag(self.page)}))
