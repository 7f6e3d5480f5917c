"""Public routes other than pages have Romanian addresses in Romanian and English ones under /en/; the old
untranslated Romanian addresses answer 301; the language switcher goes between the two."""

from django.template import Context, Template
from django.test import RequestFactory, SimpleTestCase, TestCase
from django.urls import resolve, reverse
from django.utils import translation

from home.factories import site_home
from home.templatetags.site_tags import language_links

TOKEN = "AbC-123:xyz"

# (name, kwargs, Romanian address, English address)
ROUTES = [
    ("search", {}, "/cautare/", "/en/search/"),
    ("calendar_feed", {}, "/calendar.ics", "/en/calendar.ics"),
    ("faculty_calendar_feed", {"faculty": "fmi"}, "/calendar/fmi.ics", "/en/calendar/fmi.ics"),
    ("articles_rss", {}, "/fluxuri/articole.rss", "/en/feeds/articles.rss"),
    ("articles_atom", {}, "/fluxuri/articole.atom", "/en/feeds/articles.atom"),
    ("faculty_articles_rss", {"faculty": "fmi"}, "/fluxuri/fmi/articole.rss", "/en/feeds/fmi/articles.rss"),
    ("faculty_articles_atom", {"faculty": "fmi"}, "/fluxuri/fmi/articole.atom", "/en/feeds/fmi/articles.atom"),
    (
        "cancel_registration",
        {"token": TOKEN},
        f"/evenimente/inscrieri/anulare/{TOKEN}/",
        f"/en/events/registrations/cancel/{TOKEN}/",
    ),
    ("alumni_account:home", {}, "/cont/", "/en/account/"),
    ("alumni_account:sign_in", {}, "/cont/autentificare/", "/en/account/sign-in/"),
    (
        "alumni_account:sign_in_link",
        {"token": TOKEN},
        f"/cont/autentificare/link/{TOKEN}/",
        f"/en/account/sign-in/link/{TOKEN}/",
    ),
    ("alumni_account:welcome_link", {"token": TOKEN}, f"/cont/bun-venit/{TOKEN}/", f"/en/account/welcome/{TOKEN}/"),
    ("alumni_account:sign_out", {}, "/cont/iesire/", "/en/account/sign-out/"),
    ("alumni_account:confirm", {"token": TOKEN}, f"/cont/confirmare/{TOKEN}/", f"/en/account/confirm/{TOKEN}/"),
    (
        "alumni_account:invitation",
        {"token": TOKEN},
        f"/cont/invitatie/{TOKEN}/",
        f"/en/account/invitation/{TOKEN}/",
    ),
    ("alumni_account:profile", {}, "/cont/profil/", "/en/account/profile/"),
    ("alumni_account:visibility", {}, "/cont/profil/vizibilitate/", "/en/account/profile/visibility/"),
    ("alumni_account:consents", {}, "/cont/profil/acorduri/", "/en/account/profile/consents/"),
    ("alumni_account:password", {}, "/cont/profil/parola/", "/en/account/profile/password/"),
    ("alumni_account:export_json", {}, "/cont/profil/export.json", "/en/account/profile/export.json"),
    ("alumni_account:export_csv", {}, "/cont/profil/export.csv", "/en/account/profile/export.csv"),
    ("alumni_account:erase", {}, "/cont/profil/stergere/", "/en/account/profile/erase/"),
    ("alumni_account:erased", {}, "/cont/sters/", "/en/account/erased/"),
]

# The Romanian addresses before they were translated (still in e-mails and bookmarks) and where they now go.
OLD_ADDRESSES = [
    ("/account/", "/cont/"),
    ("/account/sign-in/?next=/account/profile/", "/cont/autentificare/?next=/account/profile/"),
    (f"/account/sign-in/link/{TOKEN}/", f"/cont/autentificare/link/{TOKEN}/"),
    (f"/account/welcome/{TOKEN}/", f"/cont/bun-venit/{TOKEN}/"),
    (f"/account/confirm/{TOKEN}/", f"/cont/confirmare/{TOKEN}/"),
    (f"/account/invitation/{TOKEN}/?utm_source=e-mail", f"/cont/invitatie/{TOKEN}/?utm_source=e-mail"),
    ("/account/profile/", "/cont/profil/"),
    ("/account/profile/visibility/", "/cont/profil/vizibilitate/"),
    ("/account/profile/export.csv", "/cont/profil/export.csv"),
    ("/account/profile/erase/", "/cont/profil/stergere/"),
    ("/account/erased/", "/cont/sters/"),
    ("/search/", "/cautare/"),
    ("/search/?q=gal%C4%83&page=2", "/cautare/?q=gal%C4%83&page=2"),
    ("/feeds/articles.rss", "/fluxuri/articole.rss"),
    ("/feeds/articles.atom", "/fluxuri/articole.atom"),
    ("/feeds/fmi/articles.rss", "/fluxuri/fmi/articole.rss"),
    ("/feeds/fmi/articles.atom?x=1", "/fluxuri/fmi/articole.atom?x=1"),
    (f"/events/registrations/cancel/{TOKEN}/", f"/evenimente/inscrieri/anulare/{TOKEN}/"),
]


class TranslatedRouteTests(SimpleTestCase):
    def test_each_route_reverses_to_its_address_in_each_language(self):
        for name, kwargs, romanian, english in ROUTES:
            for language, expected in (("ro", romanian), ("en", english)):
                with self.subTest(name=name, language=language), translation.override(language):
                    self.assertEqual(reverse(name, kwargs=kwargs), expected)

    def test_the_url_tag_gives_the_same_addresses(self):
        template = Template("{% url 'alumni_account:profile' %} {% url 'search' %} {% url 'articles_rss' %}")
        with translation.override("ro"):
            self.assertEqual(template.render(Context()), "/cont/profil/ /cautare/ /fluxuri/articole.rss")
        with translation.override("en"):
            self.assertEqual(template.render(Context()), "/en/account/profile/ /en/search/ /en/feeds/articles.rss")

    def test_each_address_resolves_to_its_route_not_to_the_page_tree(self):
        for name, kwargs, romanian, english in ROUTES:
            for language, path in (("ro", romanian), ("en", english)):
                with self.subTest(path=path), translation.override(language):
                    match = resolve(path)
                    self.assertEqual(match.view_name, name)
                    self.assertEqual(match.kwargs, kwargs)

    def test_romanian_addresses_are_ascii(self):
        for _name, _kwargs, romanian, _english in ROUTES:
            with self.subTest(path=romanian):
                self.assertTrue(romanian.isascii())


class OldAddressTests(TestCase):
    def test_old_romanian_addresses_move_permanently_with_the_query_string(self):
        for old, new in OLD_ADDRESSES:
            with self.subTest(old=old):
                response = self.client.get(old)
                self.assertEqual(response.status_code, 301)
                self.assertEqual(response["Location"], new)

    def test_an_old_address_that_never_existed_is_not_found(self):
        for path in ("/account/nu-exista/", "/feeds/fmi/", "/search/mai-departe/", "/events/registrations/cancel/"):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_english_addresses_are_not_redirected(self):
        site_home()
        self.assertEqual(self.client.get("/en/search/").status_code, 200)
        self.assertEqual(self.client.get("/en/account/sign-in/").status_code, 200)
        self.assertRedirects(
            self.client.get("/en/account/profile/"),
            "/en/account/sign-in/?next=/en/account/profile/",
            fetch_redirect_response=False,
        )

    def test_new_romanian_addresses_answer(self):
        site_home()
        self.assertEqual(self.client.get("/cautare/", {"q": "gală"}).status_code, 200)
        self.assertEqual(self.client.get("/cont/autentificare/").status_code, 200)
        self.assertRedirects(
            self.client.get("/cont/profil/"), "/cont/autentificare/?next=/cont/profil/", fetch_redirect_response=False
        )
        self.assertEqual(self.client.get("/fluxuri/articole.rss").status_code, 200)
        self.assertEqual(self.client.get(f"/evenimente/inscrieri/anulare/{TOKEN}/").status_code, 400)  # bad token

    def test_robots_txt_keeps_crawlers_out_of_the_search_in_each_language(self):
        body = self.client.get("/robots.txt").content.decode()
        self.assertIn("Disallow: /cautare/\n", body)
        self.assertIn("Disallow: /en/search/\n", body)


class LanguageSwitcherTests(TestCase):
    def links(self, path: str, language: str) -> dict[str, str]:
        request = RequestFactory().get(path)
        with translation.override(language):
            return {link["code"]: link["url"] for link in language_links({"request": request})}

    def test_the_switcher_links_each_address_to_the_other_language(self):
        for _name, _kwargs, romanian, english in ROUTES:
            with self.subTest(path=romanian):
                self.assertEqual(self.links(romanian, "ro"), {"ro": romanian, "en": english})
                self.assertEqual(self.links(english, "en"), {"ro": romanian, "en": english})

    def test_the_switcher_keeps_the_query_string(self):
        self.assertEqual(self.links("/cautare/?q=gala", "ro")["en"], "/en/search/?q=gala")
        self.assertEqual(self.links("/en/account/profile/?tab=consents", "en")["ro"], "/cont/profil/?tab=consents")

    def test_the_rendered_header_links_the_profile_to_its_english_address(self):
        site_home()
        response = self.client.get("/cont/autentificare/")
        self.assertContains(response, 'href="/en/account/sign-in/" hreflang="en"')
        response = self.client.get("/en/account/sign-in/")
        self.assertContains(response, 'href="/cont/autentificare/" hreflang="ro"')
        self.assertContains(response, 'class="account-link" href="/en/account/sign-in/"')
