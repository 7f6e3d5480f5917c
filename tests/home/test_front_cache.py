"""The front cache (home/front_cache.py): what goes out to Varnish for a publish, a snippet change and a
registration (PURGE for a page's address, BAN by page-cache tag), to a fake server on loopback; nothing without
FRONTEND_CACHE_URL; a front cache that is down never fails a save; and what the responses tell it (tags, s-maxage,
private)."""

import datetime
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import time_machine
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client, RequestFactory, TestCase, override_settings

from events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from events.models import Registration
from home import front_cache, page_cache
from home.factories import ArticleIndexPageFactory, ArticlePageFactory, site_home
from home.page_cache import ANY_CHANGE, LAYOUT, PageCacheMiddleware, mark_shared, tags_for_page, tags_for_row
from tests.home.test_page_cache import NOW, add_cached_pages


class FakeFrontCache:
    """An HTTP server on loopback that answers 200 to anything and remembers (method, path, headers)."""

    def __init__(self):
        self.requests = []
        received = self.requests

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                received.append((self.command, self.path, dict(self.headers)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PURGE = do_BAN = do_GET = answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def settings(self):
        return {"front": {"BACKEND": "home.front_cache.VarnishBackend", "LOCATION": self.url, "TIMEOUT": 2}}

    def purges(self):
        return [
            (path, headers["Host"], headers["X-Forwarded-Proto"])
            for method, path, headers in self.requests
            if method == "PURGE"
        ]

    def banned_digests(self):
        """The tag digests named by every BAN, one set per BAN."""
        bans = [headers[front_cache.BAN_HEADER] for method, _path, headers in self.requests if method == "BAN"]
        return [set(re.findall(r"[0-9a-f]{32}", pattern)) for pattern in bans]


def digests(tags):
    return {front_cache.tag_digest(tag) for tag in tags}


@time_machine.travel(NOW, tick=False)
@override_settings(PAGE_CACHE_ENABLED=True, RATE_LIMITS_ENABLED=False)
class WhatGoesOutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        add_cached_pages(cls)

    def setUp(self):
        self.front = FakeFrontCache().__enter__()
        self.addCleanup(self.front.__exit__, None, None, None)

    def test_a_publish_purges_the_page_address_and_bans_its_tags_after_the_commit(self):
        with override_settings(WAGTAILFRONTENDCACHE=self.front.settings()):
            self.article.title = "Întâlnirea de vară"
            with self.captureOnCommitCallbacks(execute=False) as callbacks:
                self.article.save_revision().publish()
            self.assertEqual(self.front.banned_digests(), [], "no ban before the transaction commits")
            for callback in callbacks:
                callback()
        self.assertEqual(self.front.purges(), [("/litere/noutati/intalnirea/", "localhost", "http")])
        expected = digests(tags_for_page(self.article, layout=False) | {ANY_CHANGE})
        self.assertEqual(self.front.banned_digests(), [expected], "one BAN for the whole transaction")
        self.assertNotIn(front_cache.tag_digest(LAYOUT), expected)

    def test_a_snippet_change_bans_the_layout_and_purges_no_address(self):
        faculty = self.faculty_page.faculty
        faculty.short_name = "LIT"
        with override_settings(WAGTAILFRONTENDCACHE=self.front.settings()), self.captureOnCommitCallbacks(execute=True):
            faculty.save()
        self.assertEqual(self.front.purges(), [])
        self.assertEqual(self.front.banned_digests(), [digests({LAYOUT, ANY_CHANGE})])

    def test_a_registration_bans_its_event_and_the_registrations_listed(self):
        with override_settings(WAGTAILFRONTENDCACHE=self.front.settings()), self.captureOnCommitCallbacks(execute=True):
            registration = RegistrationFactory(event=self.event, status=Registration.Status.CONFIRMED)
        self.assertEqual(self.front.purges(), [])
        banned = self.front.banned_digests()
        self.assertEqual(banned, [digests(tags_for_row(registration) | {ANY_CHANGE})])
        self.assertIn(front_cache.tag_digest(page_cache.page_tag(self.event)), banned[0])

    def test_nothing_goes_out_without_a_front_cache(self):
        self.assertEqual(front_cache.configured(), False)
        with self.captureOnCommitCallbacks(execute=True):
            self.article.save_revision().publish()
            RegistrationFactory(event=self.event, status=Registration.Status.CONFIRMED)
        self.assertEqual(self.front.requests, [])
        response = self.client.get(self.article.url)
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertNotIn(front_cache.TAGS_HEADER, response)
        self.assertNotIn("Cache-Control", response)

    def test_a_front_cache_that_is_down_is_logged_and_the_save_goes_through(self):
        with socket.socket() as unused:
            unused.bind(("127.0.0.1", 0))
            closed = f"http://127.0.0.1:{unused.getsockname()[1]}"
        down = {"front": {"BACKEND": "home.front_cache.VarnishBackend", "LOCATION": closed, "TIMEOUT": 0.5}}
        self.article.title = "Întâlnirea de toamnă"
        with (
            override_settings(WAGTAILFRONTENDCACHE=down),
            self.assertLogs("home.front_cache", "ERROR") as logs,
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.article.save_revision().publish()
        self.article.refresh_from_db()
        self.assertEqual(self.article.title, "Întâlnirea de toamnă")
        self.assertEqual(len([line for line in logs.output if "PURGE" in line]), 1)
        self.assertEqual(len([line for line in logs.output if "BAN" in line]), 1)


@time_machine.travel(NOW, tick=False)
@override_settings(PAGE_CACHE_ENABLED=True, RATE_LIMITS_ENABLED=False)
class WhatResponsesTellTheFrontCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        news = ArticleIndexPageFactory(parent=home, slug="noutati")
        cls.article = ArticlePageFactory(parent=news, title="Întâlnirea de primăvară", slug="intalnirea")
        calendar = EventIndexPageFactory(parent=home, slug="calendar")
        cls.event = EventPageFactory(
            parent=calendar,
            slug="networking",
            start=NOW + datetime.timedelta(days=3),
            capacity=10,
            registration_closes_at=NOW + datetime.timedelta(minutes=10),
        )

    def setUp(self):
        self.front = FakeFrontCache().__enter__()
        self.addCleanup(self.front.__exit__, None, None, None)
        configured = override_settings(WAGTAILFRONTENDCACHE=self.front.settings())
        configured.enable()
        self.addCleanup(configured.disable)

    def test_a_stored_page_carries_its_tags_and_how_long_a_shared_cache_may_keep_it(self):
        first = self.client.get(self.article.url)
        self.assertEqual(first["X-Page-Cache"], "miss")
        tags = page_cache.page_tags(self.article) | {LAYOUT}
        self.assertEqual(set(first[front_cache.TAGS_HEADER].split()), digests(tags))
        self.assertEqual(first["Cache-Control"], f"public, s-maxage={page_cache.PAGE_TIMEOUT}, max-age=0")
        with time_machine.travel(NOW + datetime.timedelta(minutes=20), tick=False):
            hit = self.client.get(self.article.url)
        self.assertEqual(hit["X-Page-Cache"], "hit")
        self.assertEqual(hit[front_cache.TAGS_HEADER], first[front_cache.TAGS_HEADER])
        self.assertEqual(hit["Cache-Control"], f"public, s-maxage={page_cache.PAGE_TIMEOUT - 20 * 60}, max-age=0")

    def test_the_ban_pattern_matches_exactly_the_responses_with_a_banned_tag(self):
        header = self.client.get(self.article.url)[front_cache.TAGS_HEADER]
        self.assertRegex(header, front_cache.ban_pattern({page_cache.page_tag(self.article)}))
        self.assertRegex(header, front_cache.ban_pattern({"model:x.y", LAYOUT}))
        self.assertNotRegex(header, front_cache.ban_pattern({page_cache.page_tag(self.event), "model:x.y"}))
        many = {f"page:{number}" for number in range(front_cache.MAX_TAGS_PER_BAN + 1)}
        self.assertEqual(front_cache.ban_pattern(many), front_cache.EVERY_TAGGED_RESPONSE)

    def test_a_page_that_changes_with_the_clock_is_kept_no_longer_than_it_is_true(self):
        response = self.client.get(self.event.url)
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertIn("s-maxage=600,", response["Cache-Control"])

    def test_signed_in_and_unshared_answers_say_private(self):
        editor = User.objects.create_superuser("editor", "editor@example.ro", "pass")
        signed_in = Client()
        signed_in.force_login(editor)
        for response in (
            signed_in.get(self.article.url),
            self.client.get("/no-such-page/"),
            self.client.post(self.event.url, {}, HTTP_ORIGIN="http://testserver"),
        ):
            with self.subTest(status=response.status_code):
                self.assertNotIn(front_cache.TAGS_HEADER, response)
                self.assertIn("private", response["Cache-Control"])
        self.assertEqual(self.front.requests, [])

    def test_an_answer_made_stale_while_it_rendered_is_not_given_to_the_front_cache(self):
        def view(request):
            mark_shared(request, "model:x.y")
            if request.GET.get("change"):
                page_cache.invalidate({"model:x.y"})  # committed by someone else meanwhile
            return HttpResponse("ok")

        middleware = PageCacheMiddleware(view)
        steady = middleware(RequestFactory().get("/steady/"))
        changed = middleware(RequestFactory().get("/changed/", {"change": "1"}))
        self.assertIn(front_cache.TAGS_HEADER, steady)
        self.assertEqual(changed["X-Page-Cache"], "miss")
        self.assertNotIn(front_cache.TAGS_HEADER, changed)
        self.assertEqual(changed["Cache-Control"], "private")
        self.assertEqual(self.front.banned_digests(), [digests({"model:x.y", ANY_CHANGE})])
