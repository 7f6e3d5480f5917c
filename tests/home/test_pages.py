"""Every page type, in Romanian and English: where it may be created, and that it routes, renders, edits
and previews."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from alumni.models import DirectoryPage, JoinPage
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventIndexPage, EventPage
from gala.models import GalaIndexPage
from home.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    FacultyPageFactory,
    StandardPageFactory,
    site_home,
    translate,
)
from home.models import ArticleIndexPage, ArticlePage, FacultyPage, HomePage, StandardPage
from newsletters.models import NewsletterIndexPage
from protocols.models import ProtocolIndexPage
from surveys.models import SurveyPage
from tests.page_assertions import assert_translated_page_is_routable, edit_form_data


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        # Apps above home add theirs through home.extensions.allow_subpage_types.
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                FacultyPage,
                StandardPage,
                ArticleIndexPage,
                EventIndexPage,
                DirectoryPage,
                JoinPage,
                NewsletterIndexPage,
                SurveyPage,
                GalaIndexPage,
                ProtocolIndexPage,
            },
        )
        self.assertCanCreateAt(HomePage, NewsletterIndexPage)

    def test_faculty_sections_sit_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, FacultyPage)
        self.assertCanNotCreateAt(FacultyPage, FacultyPage)
        self.assertCanNotCreateAt(StandardPage, FacultyPage)
        self.assertAllowedSubpageTypes(
            FacultyPage, {ArticleIndexPage, EventIndexPage, StandardPage, DirectoryPage, SurveyPage, ProtocolIndexPage}
        )
        self.assertCanNotCreateAt(ProtocolIndexPage, ProtocolIndexPage)
        self.assertCanNotCreateAt(StandardPage, SurveyPage)

    def test_articles_only_in_article_indexes(self):
        self.assertCanCreateAt(ArticleIndexPage, ArticlePage)
        self.assertCanNotCreateAt(FacultyPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertAllowedSubpageTypes(ArticlePage, set())

    def test_events_only_in_event_indexes(self):
        self.assertCanCreateAt(EventIndexPage, EventPage)
        self.assertCanCreateAt(FacultyPage, EventIndexPage)
        self.assertCanCreateAt(HomePage, EventIndexPage)
        self.assertCanNotCreateAt(FacultyPage, EventPage)
        self.assertAllowedSubpageTypes(EventPage, set())

    def test_standard_pages_nest(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(FacultyPage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)

    def test_editor_can_create_a_faculty_section_through_the_admin_form(self):
        from home.factories import FacultyFactory

        self.login()
        faculty = FacultyFactory()
        data = {
            "title": "Facultatea de Fizică",
            "slug": "fizica",
            "faculty": faculty.pk,
            "introduction": "Comunitatea alumni.",
            "body-count": "0",
        }
        self.assertCanCreate(site_home(), FacultyPage, data)


class EveryPageTypeTests(WagtailPageTestCase):
    """One page of each type and its English translation."""

    @classmethod
    def setUpTestData(cls):
        cls.home = site_home()
        cls.faculty_page = FacultyPageFactory(parent=cls.home, title="Facultatea de Științe", slug="stiinte")
        cls.standard = StandardPageFactory(parent=cls.faculty_page, title="Despre comunitate", slug="despre")
        cls.news = ArticleIndexPageFactory(parent=cls.faculty_page, slug="noutati")
        cls.article = ArticlePageFactory(parent=cls.news, title="Întâlnirea absolvenților", slug="intalnirea")
        cls.calendar = EventIndexPageFactory(parent=cls.faculty_page, slug="evenimente")
        cls.event = EventPageFactory(parent=cls.calendar, title="Seară de networking", slug="seara")
        cls.directory = cls.home.add_child(instance=DirectoryPage(title="Directorul alumni", slug="director"))
        cls.faculty_directory = cls.faculty_page.add_child(
            instance=DirectoryPage(title="Absolvenți", slug="absolventi")
        )
        cls.join = cls.home.add_child(
            instance=JoinPage(
                title="Alătură-te",
                slug="inscriere",
                directory_consent_text="Sunt de acord să apar în director.",
                newsletter_consent_text="Doresc newsletterul.",
                surveys_consent_text="Accept sondajele.",
                thank_you_text="Mulțumim!",
            )
        )
        for page in (cls.directory, cls.faculty_directory, cls.join):
            page.save_revision().publish()
        cls.romanian_pages = [
            cls.home,
            cls.faculty_page,
            cls.standard,
            cls.news,
            cls.article,
            cls.calendar,
            cls.event,
            cls.directory,
            cls.faculty_directory,
            cls.join,
        ]
        cls.english_pages = [
            translate(cls.home, title="Alumni", slug="home-en"),
            translate(cls.faculty_page, title="Faculty of Science", slug="science"),
            translate(cls.standard, title="About the community", slug="about"),
            translate(cls.news, title="News", slug="news"),
            translate(cls.article, title="The alumni reunion", slug="reunion"),
            translate(cls.calendar, title="Events", slug="events"),
            translate(cls.event, title="Networking evening", slug="evening"),
            translate(cls.directory, title="Alumni directory", slug="directory"),
            translate(cls.join, title="Join", slug="join"),
        ]

    def test_romanian_pages_route_render_edit_and_preview(self):
        for page in self.romanian_pages:
            page = Page.objects.get(pk=page.pk).specific
            with self.subTest(page=page.title):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)
                form_data = edit_form_data(self, page)
                self.assertPageIsEditable(page, post_data=form_data)
                self.assertPageIsPreviewable(page, post_data=form_data)

    def test_english_pages_route_render_edit_and_preview(self):
        for page in self.english_pages:
            page = Page.objects.get(pk=page.pk).specific
            with self.subTest(page=page.title):
                self.assertEqual(page.locale.language_code, "en")
                assert_translated_page_is_routable(self, page)
                self.assertPageIsRenderable(page)
                form_data = edit_form_data(self, page)
                self.assertPageIsEditable(page, post_data=form_data)
                self.assertPageIsPreviewable(page, post_data=form_data)

    def test_romanian_urls_have_no_prefix_and_english_urls_do(self):
        self.assertEqual(self.article.url, "/stiinte/noutati/intalnirea/")
        self.assertEqual(self.english_pages[4].url, "/en/science/news/reunion/")

    def test_each_language_renders_in_its_own_language(self):
        romanian = self.client.get(self.article.url)
        english = self.client.get(self.english_pages[4].url)
        self.assertContains(romanian, '<html lang="ro">')
        self.assertContains(romanian, "Întâlnirea absolvenților")
        self.assertContains(english, '<html lang="en">')
        self.assertContains(english, "The alumni reunion")

    def test_language_switcher_goes_to_the_translated_page(self):
        response = self.client.get(self.article.url)
        self.assertContains(response, 'href="/en/science/news/reunion/" hreflang="en"')
        response = self.client.get(self.english_pages[4].url)
        self.assertContains(response, 'href="/stiinte/noutati/intalnirea/" hreflang="ro"')
        # The header fragment is cached per page and language: the English page must not get the Romanian one.
        self.assertContains(response, 'hreflang="en" lang="en" aria-current="true"')
        self.assertNotContains(response, 'hreflang="ro" lang="ro" aria-current="true"')

    def test_language_switcher_falls_back_to_the_home_page_when_untranslated(self):
        untranslated = ArticlePageFactory(parent=self.news, title="Doar în română", slug="doar-romana")
        response = self.client.get(untranslated.url)
        self.assertContains(response, 'href="/en/" hreflang="en"')

    def test_faculty_page_shows_the_coordinator(self):
        faculty = self.faculty_page.faculty
        response = self.client.get(self.faculty_page.url)
        self.assertContains(response, faculty.coordinator_name)
        self.assertContains(response, f'href="mailto:{faculty.coordinator_email}"')
        self.assertContains(response, faculty.accent_colour)

    def test_open_graph_and_description_come_from_the_promote_fields(self):
        self.article.search_description = "Descriere pentru motoarele de căutare."
        self.article.social_text = "Text pentru rețele sociale."
        self.article.save_revision().publish()
        response = self.client.get(self.article.url)
        self.assertContains(response, '<meta name="description" content="Descriere pentru motoarele de căutare.">')
        self.assertContains(response, '<meta property="og:description" content="Text pentru rețele sociale.">')
        self.assertContains(response, '<meta property="og:type" content="article">')
        self.assertContains(response, 'property="og:image"')

    def test_article_images_are_webp_renditions_with_a_width_srcset(self):
        response = self.client.get(self.article.url)
        self.assertContains(response, "srcset=")
        self.assertContains(response, ".webp 800w")
        self.assertContains(response, ".webp 1600w")

    def test_english_faculty_page_shows_the_faculty_in_english(self):
        faculty_en = self.faculty_page.faculty.copy_for_translation(self.english_pages[0].locale)
        faculty_en.coordinator_role = "Alumni coordinator"
        faculty_en.save()
        response = self.client.get(self.english_pages[1].url)
        self.assertContains(response, "Alumni coordinator")
        self.assertNotContains(response, "Responsabil alumni")
