"""What the page cache keys a stored page on (home/page_cache.py, "the middleware"): the parameters a view reads,
never tracking parameters nor ones it ignores, so random query strings store next to nothing; and what a stored
answer carries: the security headers the full path sends, nothing served over plain HTTP when HTTPS is required."""

import random
import re
import string
from pathlib import Path

import time_machine
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client, RequestFactory, SimpleTestCase, TestCase, override_settings

from home import page_cache
from home.factories import StandardPageFactory, site_home
from home.page_cache import PageCacheMiddleware, mark_shared
from tests.home.test_page_cache import NOW, add_cached_pages

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Strict-Transport-Security",
)


def stored_entries() -> int:
    return sum(1 for key in caches["pages"]._cache if ":response:" in key)


def random_word(generator: random.Random, length: int) -> str:
    return "".join(generator.choices(string.ascii_lowercase + string.digits, k=length))


@time_machine.travel(NOW, tick=False)
@override_settings(PAGE_CACHE_ENABLED=True, RATE_LIMITS_ENABLED=False)
class QueryStringTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        add_cached_pages(cls)
        cls.standard = StandardPageFactory(parent=site_home(), title="Despre noi", slug="despre")

    def test_a_hundred_random_query_strings_store_a_handful_of_entries(self):
        generator = random.Random(22)  # noqa: S311 - test data
        names = ["utm", "utm_source", "utm_campaign", "fbclid", "gclid", "msclkid", "ref", "x", "_"]
        pages = [self.standard, self.article, site_home()]
        earlier: set[str] = set()
        for number in range(100):
            page = pages[number % len(pages)]
            pairs = [
                (generator.choice(names + [random_word(generator, 6)]), random_word(generator, 12))
                for _ in range(generator.randint(1, 3))
            ]
            query = "&".join(f"{name}={value}" for name, value in pairs)
            response = self.client.get(f"{page.url}?{query}")
            self.assertEqual(response.status_code, 200, query)
            self.assertContains(response, page.title)
            for name, value in pairs:
                if page_cache.is_tracking_parameter(name):
                    self.assertNotContains(response, value)  # taken out before the view
            for value in earlier - {value for _name, value in pairs}:
                self.assertNotContains(response, value)  # nobody is served another visitor's query
            earlier.update(value for _name, value in pairs)
        self.assertLessEqual(stored_entries(), len(pages))
        self.assertEqual(self.client.get(self.standard.url)["X-Page-Cache"], "hit")

    def test_tracking_parameters_reach_no_view_and_share_the_bare_entry(self):
        self.assertEqual(self.client.get(self.standard.url)["X-Page-Cache"], "miss")
        for query in ("utm_source=newsletter&utm_medium=email", "fbclid=abc", "gclid=x&utm_campaign=y", "UTM_Term=z"):
            with self.subTest(query=query):
                response = self.client.get(f"{self.standard.url}?{query}")
                self.assertEqual(response["X-Page-Cache"], "hit")
        self.assertEqual(stored_entries(), 1)

    def test_a_parameter_the_view_reads_is_part_of_the_key(self):
        calendar = self.calendar.url
        everything = self.client.get(calendar)
        self.assertContains(everything, "Seară de networking")
        other = self.client.get(calendar + "?when=past&utm_source=x")
        self.assertEqual(other["X-Page-Cache"], "miss")
        self.assertNotContains(other, "Seară de networking")
        self.assertEqual(self.client.get(calendar + "?when=past")["X-Page-Cache"], "hit")
        # Its pagination links carry the whole query: a parameter it does not read is shown, so not stored.
        noisy = self.client.get(calendar + "?when=past&noise=1")
        self.assertEqual(noisy["X-Page-Cache"], "miss")
        self.assertNotContains(noisy, "Seară de networking")
        self.assertContains(self.client.get(calendar + "?noise=2"), "Seară de networking")
        self.assertEqual(self.client.get(calendar)["X-Page-Cache"], "hit")
        self.assertEqual(stored_entries(), 2)


@override_settings(PAGE_CACHE_ENABLED=True)
class WhatAViewReadsTests(TestCase):
    """The middleware with views of its own, to pin down each rule."""

    def serve(self, view, query=""):
        request = RequestFactory().get("/reads/", QUERY_STRING=query)
        return PageCacheMiddleware(view)(request)

    def test_a_view_that_shows_the_whole_query_is_stored_only_without_parameters_it_did_not_ask_for(self):
        def view(request):
            mark_shared(request, "model:x.y")
            return HttpResponse(f"next: ?{request.GET.urlencode()} page {request.GET.get('page', '1')}")

        self.assertContains(self.serve(view, "page=2&x=1"), "x=1")
        self.assertNotContains(self.serve(view, "page=2&x=2"), "x=1")
        self.assertEqual(stored_entries(), 0)
        self.serve(view, "page=2")
        self.assertEqual(self.serve(view, "page=2")["X-Page-Cache"], "hit")
        response = self.serve(view, "page=2&x=3")
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertContains(response, "x=3")
        self.assertEqual(stored_entries(), 1)

    def test_an_entry_is_served_only_for_the_values_it_was_rendered_with(self):
        def view(request):
            mark_shared(request, "model:x.y")
            return HttpResponse(f"b={request.GET.get('b')}")

        self.assertContains(self.serve(view), "b=None")
        # The record of what the path reads is lost (evicted): the key falls back to the bare address, where the
        # entry rendered without `b` is; it is not served to a request with b=2.
        caches["pages"].delete(page_cache._reads_key("http://testserver/reads/"))
        page_cache._KNOWN_READS.clear()  # and this process's copy of it
        response = self.serve(view, "b=2")
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertContains(response, "b=2")
        self.assertEqual(self.serve(view, "b=2")["X-Page-Cache"], "hit")
        self.assertContains(self.serve(view), "b=None")

    def test_an_invalidation_after_the_entry_was_stored_is_seen_through_the_generation(self):
        rendered = []

        def view(request):
            mark_shared(request, "model:x.y")
            rendered.append(1)
            return HttpResponse("ok")

        self.serve(view)
        self.assertEqual(self.serve(view)["X-Page-Cache"], "hit")
        page_cache.invalidate({"model:other"})  # another tag: the entry is checked once, then stamped again
        self.assertEqual(self.serve(view)["X-Page-Cache"], "hit")
        page_cache.invalidate({"model:x.y"})
        self.assertEqual(self.serve(view)["X-Page-Cache"], "miss")
        self.assertEqual(len(rendered), 2)


@time_machine.travel(NOW, tick=False)
@override_settings(PAGE_CACHE_ENABLED=True, RATE_LIMITS_ENABLED=False, SECURE_HSTS_SECONDS=3600)
class StoredAnswerHeadersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = StandardPageFactory(parent=site_home(), title="Despre noi", slug="despre")

    def test_a_stored_answer_carries_the_security_headers_of_the_full_path(self):
        miss = self.client.get(self.page.url, secure=True)
        hit = self.client.get(self.page.url, secure=True)
        self.assertEqual((miss["X-Page-Cache"], hit["X-Page-Cache"]), ("miss", "hit"))
        for name in SECURITY_HEADERS:
            with self.subTest(header=name):
                self.assertIn(name, miss)
                self.assertEqual(hit[name], miss[name])
        uncached = {name: value for name, value in miss.items() if name != "X-Page-Cache"}
        self.assertEqual({name: value for name, value in hit.items() if name != "X-Page-Cache"}, uncached)
        not_found = self.client.get("/no-such-page/", secure=True)  # the full path, never stored
        for name in SECURITY_HEADERS:
            with self.subTest(header=name, status=404):
                self.assertIn(name, not_found)

    def test_a_refused_host_is_answered_with_the_security_headers_too(self):
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            response = Client().get(self.page.url, HTTP_HOST="elsewhere.example", secure=True)
        self.assertEqual(response.status_code, 400)
        for name in ("Content-Security-Policy", "X-Content-Type-Options", "Permissions-Policy"):
            self.assertIn(name, response)

    def test_plain_http_is_redirected_when_https_is_required_even_with_a_stored_copy(self):
        self.client.get(self.page.url)
        self.assertEqual(self.client.get(self.page.url)["X-Page-Cache"], "hit")
        with override_settings(SECURE_SSL_REDIRECT=True):
            response = Client().get(self.page.url)  # a new client: its middleware reads the setting
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].startswith("https://"))

    def test_a_stored_answer_reads_no_session_nor_database(self):
        self.client.get(self.page.url)
        with self.assertNumQueries(0):
            response = self.client.get(self.page.url)
        self.assertEqual(response["X-Page-Cache"], "hit")
        self.assertFalse(hasattr(response.wsgi_request, "session"))
        self.assertFalse(hasattr(response.wsgi_request, "user"))


class FrontCacheKeyTests(SimpleTestCase):
    """deploy/varnish/default.vcl takes out the tracking parameters the page cache takes out, the same way."""

    VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "default.vcl"

    def rewrites(self) -> list[tuple[str, str]]:
        text = self.VCL.read_text()
        block = text[text.index('if (req.url ~ "\\?") {') :].split("}", 1)[0]
        quoted = r'"((?:[^"\\]|\\.)*)"'
        return re.findall(rf"set req\.url = regsub(?:all)?\(req\.url, {quoted}, {quoted}\);", block)

    def vcl_url(self, url: str) -> str:
        for number, (pattern, replacement) in enumerate(self.rewrites()):
            pattern = pattern.replace("\\\\", "\\")
            count = 0 if number < 2 else 1  # regsuball, regsuball, then regsub
            url = re.sub(pattern, replacement.replace("\\1", r"\1").replace("\\\\", "\\"), url, count=count)
        return url

    def test_the_vcl_names_the_same_tracking_parameters(self):
        pattern = self.rewrites()[0][0]
        names = set(re.search(r"\(\?i\)\(\[\?&\]\)\(([^)]*)\)", pattern).group(1).split("|"))
        prefixes = {name.removesuffix("[^=&]*") for name in names if name.endswith("[^=&]*")}
        self.assertEqual(prefixes, set(page_cache.TRACKING_PREFIXES))
        self.assertEqual(names - {prefix + "[^=&]*" for prefix in prefixes}, set(page_cache.TRACKING_PARAMETERS))

    def test_the_vcl_leaves_the_address_the_page_cache_keys_on(self):
        for url, expected in (
            ("/noutati/?utm_source=x", "/noutati/"),
            ("/noutati/?page=2&utm_source=x&UTM_Medium=y", "/noutati/?page=2"),
            ("/noutati/?fbclid=abc&page=2&gclid", "/noutati/?page=2"),
            ("/noutati/?page=2&fbclidx=1", "/noutati/?page=2&fbclidx=1"),
            ("/noutati/?a=1&b=2", "/noutati/?a=1&b=2"),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.vcl_url(url), expected)
                path, _question, query = url.partition("?")
                kept, _pairs = page_cache._without_tracking(query)
                self.assertEqual(f"{path}?{kept}" if kept else path, expected)
