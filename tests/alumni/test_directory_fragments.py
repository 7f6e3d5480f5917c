"""The directory's cards and filter forms cached on their content (home.fragments.content_fragment): a page built
from stored cards is the page rendered afresh, byte for byte; whatever a card or the form shows is part of its
key, so a change of a person's data, visibility, name, photo, community or language is never served stale, and
no viewer is ever given a card made for another."""

import os
import shutil
import tempfile
import time
from pathlib import Path

import wagtail_factories
from django.core.cache import cache
from django.template import Context, Template
from django.test import TestCase, override_settings
from wagtail.models import Locale

from alumni.factories import AlumnusFactory, CommunityFactory
from alumni.models import Alumnus
from home import fragments
from home.factories import FacultyFactory, FacultyPageFactory, site_home, translate, translate_snippet
from tests.alumni.test_directory import add_directory, sign_in_client


def content_keys(name: str) -> list[str]:
    return [key for key in cache._cache if f":fragment:content:{name}:" in key]


@override_settings(FRAGMENT_CACHE_ENABLED=True, RATE_LIMITS_ENABLED=False)
class CardFragmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_home()
        cls.faculty = FacultyFactory(name="Facultatea de Litere", short_name="LIT")
        FacultyPageFactory(parent=cls.home, faculty=cls.faculty, slug="litere")
        cls.directory = add_directory(cls.home)
        cls.community = CommunityFactory(name="Traducători", slug="traducatori")
        cls.ana = AlumnusFactory(
            faculty=cls.faculty,
            first_name="Ana",
            last_name="Albu",
            employer="Editura Polirom",
            job_title="Redactoare",
            country="România",
            linkedin_url="https://www.linkedin.com/in/ana-albu",
            photo=wagtail_factories.ImageFactory(),
        )
        cls.ana.communities.add(cls.community)
        cls.dan = AlumnusFactory(faculty=cls.faculty, first_name="Dan", last_name="Dinu", employer="Primăria Cluj")

    def setUp(self):
        cache.clear()

    def page(self, client=None, status=200, **params) -> str:
        response = (client or self.client).get(self.directory.url, params)
        self.assertEqual(response.status_code, status)
        return response.content.decode()

    def afresh(self, client=None, status=200, **params) -> str:
        with override_settings(FRAGMENT_CACHE_ENABLED=False):
            return self.page(client, status, **params)

    def test_a_page_of_stored_cards_and_form_is_the_page_rendered_afresh(self):
        member = AlumnusFactory(faculty=self.faculty)
        signed_in = self.client_class()
        sign_in_client(signed_in, member)
        for client, params in ((self.client, {}), (self.client, {"q": "albu"}), (signed_in, {"country": "România"})):
            with self.subTest(params=params, signed_in=client is signed_in):
                first = self.page(client, **params)
                self.assertTrue(content_keys("person-card"))
                self.assertTrue(content_keys("filter-form"))
                self.assertEqual(self.page(client, **params), first)
                self.assertEqual(self.afresh(client, **params), first)

    def test_the_stored_card_is_what_is_served(self):
        self.page()
        for key in content_keys("person-card"):  # an erased person's card is gone from the cache within 15 minutes
            self.assertLessEqual(cache._expire_info[key], time.time() + fragments.CONTENT_FRAGMENT_TIMEOUT + 1)
        for key in content_keys("person-card"):
            entry = cache.get(key.split(":", 2)[2])
            if "Ana Albu" in entry["html"]:
                entry["html"] = entry["html"].replace("Ana Albu", "Stored Card")
                cache.set(key.split(":", 2)[2], entry)
        self.assertIn("Stored Card", self.page())
        self.assertNotIn("Stored Card", self.afresh())

    def test_every_change_to_what_a_card_shows_is_shown_at_once(self):
        signed_in = self.client_class()  # sees Ana's photo, employer and LinkedIn too
        sign_in_client(signed_in, self.dan)
        changes = {
            "a hidden field": lambda: Alumnus.objects.filter(pk=self.ana.pk).update(visibility={"employer": "office"}),
            "a name": lambda: Alumnus.objects.filter(pk=self.ana.pk).update(last_name="Albu-Pop"),
            "a photo": lambda: Alumnus.objects.filter(pk=self.ana.pk).update(photo=wagtail_factories.ImageFactory()),
            "a community's name": lambda: (
                type(self.community).objects.filter(pk=self.community.pk).update(name="Traducători și interpreți")
            ),
            "a faculty's name": lambda: (
                type(self.faculty).objects.filter(pk=self.faculty.pk).update(name="Facultatea de Litere și Arte")
            ),
        }
        for change, write in changes.items():
            with self.subTest(change=change):
                before = self.page(signed_in)
                write()
                after = self.page(signed_in)
                self.assertNotEqual(after, before)
                self.assertEqual(after, self.afresh(signed_in))

    def test_a_card_made_for_a_signed_in_alumnus_is_never_given_to_the_public(self):
        signed_in = self.client_class()
        sign_in_client(signed_in, self.dan)
        self.assertIn("Editura Polirom", self.page(signed_in))  # the employer is for signed-in alumni
        self.assertIn("linkedin.com/in/ana-albu", self.page(signed_in))
        public = self.page()
        self.assertNotIn("Editura Polirom", public)
        self.assertNotIn("linkedin.com", public)
        self.assertEqual(public, self.afresh())

    def test_each_language_has_its_own_cards(self):
        english = translate(self.directory, slug="alumni")
        translate_snippet(self.community, name="Translators", slug="translators")
        translate_snippet(self.faculty, name="Faculty of Letters", short_name="LIT")
        Locale.objects.get(language_code="en")
        romanian = self.page()
        response = self.client.get(english.url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Translators", response.content.decode())
        self.assertNotIn("Translators", romanian)
        with override_settings(FRAGMENT_CACHE_ENABLED=False):
            self.assertEqual(self.client.get(english.url).content, response.content)

    def test_the_form_shows_its_errors_and_counts_as_they_are_now(self):
        self.page()
        invalid = self.page(status=400, decade="1", help="everything")
        self.assertIn('class="field-error"', invalid)
        self.assertEqual(invalid, self.afresh(status=400, decade="1", help="everything"))
        self.assertNotIn('class="field-error"', self.page())
        AlumnusFactory(faculty=self.faculty, country="Germania")
        self.assertIn("Germania (1)", self.page())

    def test_a_part_whose_key_lost_a_value_is_rendered_and_never_stored(self):
        part = Template(
            '{% load page_fragments %}{% contentfragment "person-card" card.content %}'
            "{{ card.name }}{% endcontentfragment %}"
        )
        request = self.client.get(self.directory.url).wsgi_request
        cache.clear()
        for name in ("Ana Albu", "Dan Dinu"):  # no `content`: one key for both would give Dan Ana's card
            self.assertEqual(part.render(Context({"request": request, "card": {"name": name}})), name)
        self.assertEqual(content_keys("person-card"), [])

    def test_previews_and_posts_use_no_fragment(self):
        request = self.client.get(self.directory.url).wsgi_request
        request.is_preview = True
        self.assertIsNone(fragments.content_fragment(request, "person-card", ("anything",)))


class CodeVersionTests(TestCase):
    def setUp(self):
        self.root = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.root)
        (self.root / "templates").mkdir()
        self.template = self.root / "templates" / "card.html"
        self.template.write_text("<p>{{ name }}</p>")
        fragments.code_version.cache_clear()
        self.addCleanup(fragments.code_version.cache_clear)

    def version(self) -> str:
        fragments.code_version.cache_clear()
        templates = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [self.root / "templates"]}]
        with override_settings(BASE_DIR=self.root, TEMPLATES=templates, LOCALE_PATHS=[self.root / "locale"]):
            return fragments.code_version()

    def test_a_changed_template_or_catalogue_is_a_new_version(self):
        before = self.version()
        self.assertEqual(self.version(), before)
        self.template.write_text("<p class='name'>{{ name }}</p>")
        after_template = self.version()
        self.assertNotEqual(after_template, before)
        (self.root / "locale" / "ro" / "LC_MESSAGES").mkdir(parents=True)
        (self.root / "locale" / "ro" / "LC_MESSAGES" / "django.mo").write_bytes(b"catalogue")
        after_catalogue = self.version()
        self.assertNotEqual(after_catalogue, after_template)
        settings_package = self.root / os.environ["DJANGO_SETTINGS_MODULE"].split(".")[0]
        settings_package.mkdir()
        (settings_package / "base.py").write_text("MEDIA_URL = '/media/'\n")
        self.assertNotEqual(self.version(), after_catalogue)
        (self.root / "templates" / "notes.md").write_text("not code")
        self.assertEqual(self.version(), self.version())

    def test_installed_packages_in_the_checkout_are_left_out(self):
        before = self.version()
        site_packages = self.root / ".venv" / "lib" / "site-packages" / "somepackage"
        site_packages.mkdir(parents=True)
        (site_packages / "code.py").write_text("x = 1\n")
        templates = [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [self.root / "templates", site_packages],
            }
        ]
        fragments.code_version.cache_clear()
        with override_settings(BASE_DIR=self.root, TEMPLATES=templates, LOCALE_PATHS=[self.root / "locale"]):
            self.assertEqual(fragments.code_version(), before)
