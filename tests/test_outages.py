"""The site without Redis or without Elasticsearch (a closed port): pages, sign-in, limits and the site search keep
answering, each process tries the missing service once per window (home/circuits.py), liveness answers 200 and
readiness 503 in JSON naming what is missing (config/health.py)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from unittest import mock

import redis
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import caches
from django.test import SimpleTestCase, TestCase, override_settings

from alumni.directory.listing import register_directory_search
from alumni.factories import AlumnusFactory, DirectoryPageFactory
from home.circuits import circuit_for, reset_circuits
from home.factories import StandardPageFactory, site_home
from home.page_cache import PAGE_CACHE_ALIAS
from home.redis_cache import ResilientRedisCache
from search.elastic import resilient
from tests.home.test_page_cache import add_cached_pages
from tests.routes import url
from tests.smtp import free_port

CLOSED_REDIS = f"redis://127.0.0.1:{free_port()}/0"
CLOSED_ELASTICSEARCH = f"http://127.0.0.1:{free_port()}"
LIVE_REDIS = "redis://127.0.0.1:6379/12"
ALIASES = ("default", PAGE_CACHE_ALIAS, "progress")


def redis_caches(location: str, prefix: str = "outages-test") -> dict:
    """Every alias on Redis, as production has it (config/settings/base.py), each under its own prefix."""
    options = {"socket_connect_timeout": 0.25, "socket_timeout": 1, "RETRY_AFTER": 30}
    return {
        alias: {
            "BACKEND": "home.redis_cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix if alias == "default" else f"{prefix}:{alias}",
            "OPTIONS": options,
        }
        for alias in ALIASES
    }


@contextlib.contextmanager
def counting_redis_connections():
    """Counts the TCP connections redis-py tries to open."""
    attempts = []
    original = redis.connection.Connection._connect

    def connect(self):
        attempts.append(self.port)
        return original(self)

    with mock.patch.object(redis.connection.Connection, "_connect", connect):
        yield attempts


def live_redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.25):
            return True
    except OSError:
        return False


@override_settings(
    CACHES=redis_caches(CLOSED_REDIS),
    PAGE_CACHE_ENABLED=True,
    FRAGMENT_CACHE_ENABLED=True,
    RATE_LIMITS_ENABLED=True,
    SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
)
class RedisDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        add_cached_pages(cls)
        cls.home = site_home()
        cls.editor = User.objects.create_user("editor", "editor@example.ro", "a long password 42")
        editors = Group.objects.create(name="Outage editors")
        editors.permissions.add(Permission.objects.get(codename="access_admin"))
        cls.editor.groups.add(editors)

    def setUp(self):
        reset_circuits()

    def test_pages_render_uncached(self):
        for page in (self.home, self.faculty_page, self.news, self.article, self.calendar, self.event):
            response = self.client.get(page.url)
            self.assertEqual(response.status_code, 200, page.url)
            self.assertEqual(response["X-Page-Cache"], "miss")  # rendered, and could not be stored
        self.assertEqual(self.client.get(self.article.url)["X-Page-Cache"], "miss")

    def test_liveness_answers_and_readiness_names_redis_in_json(self):
        self.assertEqual(self.client.get("/health/").status_code, 200)
        response = self.client.get("/health/ready/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Content-Type"], "application/json")
        failing = {name: status for name, status in response.json().items() if status != "OK"}
        self.assertEqual(set(failing), {"Cache(alias='default')", f"Cache(alias='{PAGE_CACHE_ALIAS}')"})
        self.assertTrue(all("Redis unreachable" in status for status in failing.values()), failing)
        self.assertNotIn(CLOSED_REDIS, response.content.decode())  # the address may hold a password
        self.assertEqual(response.json()["Database(alias='default')"], "OK")

    def test_an_editor_signs_in_with_sessions_in_the_database(self):
        self.assertEqual(self.client.get("/admin/login/").status_code, 200)
        response = self.client.post("/admin/login/", {"username": "editor", "password": "a long password 42"})
        self.assertEqual(response.status_code, 302, response.content[:500])
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        self.client.post("/admin/logout/")
        self.assertEqual(self.client.get("/admin/").status_code, 302)  # signed out in the database too

    @override_settings(RATE_LIMITS={"search": "1/60"})
    def test_rate_limits_fail_open(self):
        statuses = [self.client.get(url("search"), {"q": "networking"}).status_code for _ in range(3)]
        self.assertEqual(statuses, [200, 200, 200])

    def test_the_breaker_tries_redis_once_per_window(self):
        with counting_redis_connections() as attempts:
            self.assertEqual(self.client.get(self.article.url).status_code, 200)
            self.assertEqual(len(attempts), 1)  # then every alias skips it
            self.assertEqual(self.client.get(self.event.url).status_code, 200)
            self.assertEqual(self.client.get("/health/").status_code, 200)
            self.assertEqual(len(attempts), 1)
            circuit = caches["default"].circuit
            self.assertIs(circuit, caches[PAGE_CACHE_ALIAS].circuit)
            self.assertTrue(circuit.is_open())
            circuit.open_until = 0.0  # the window has passed
            self.assertEqual(self.client.get(self.article.url).status_code, 200)
            self.assertEqual(len(attempts), 2)
            self.assertTrue(circuit.is_open())

    def test_every_cache_operation_answers_as_an_empty_cache(self):
        cache = caches["progress"]
        self.assertEqual(cache.get("job", "none"), "none")
        cache.set("job", 1)
        self.assertFalse(cache.add("job", 1))
        self.assertEqual(cache.get_many(["job"]), {})
        self.assertEqual(cache.set_many({"job": 1}), ["job"])
        self.assertFalse(cache.has_key("job"))
        self.assertFalse(cache.touch("job"))
        self.assertFalse(cache.delete("job"))
        cache.delete_many(["job"])
        self.assertEqual(cache.get_or_set("job", 5), 5)
        with self.assertRaises(ValueError):
            cache.incr("job")


@contextlib.contextmanager
def fake_server(answer: bytes | None):
    """A TCP server on loopback that answers every connection with `answer` (None: never answers)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []

    def serve():
        while True:
            try:
                connection, _address = listener.accept()
            except OSError:
                return
            held.append(connection)
            if answer is not None:
                connection.recv(1024)
                connection.sendall(answer)

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    finally:
        listener.close()
        for connection in held:
            connection.close()


class BrokenRedisTests(SimpleTestCase):
    """Not a closed port: a server that never answers, and one that is not Redis (a proxy answering HTTP)."""

    def setUp(self):
        reset_circuits()

    def cache(self, location: str) -> ResilientRedisCache:
        options = {"socket_connect_timeout": 0.25, "socket_timeout": 0.3, "RETRY_AFTER": 30}
        return ResilientRedisCache(location, {"KEY_PREFIX": "outages-broken", "OPTIONS": options})

    def test_a_server_that_never_answers_costs_one_timeout_per_window(self):
        with fake_server(None) as location:
            cache = self.cache(location)
            started = time.monotonic()
            self.assertEqual(cache.get("page", "missing"), "missing")
            self.assertGreaterEqual(time.monotonic() - started, 0.3)  # waited for the socket timeout, once
            started = time.monotonic()
            for _ in range(20):
                self.assertIsNone(cache.get("page"))
                cache.set("page", "x")
            self.assertLess(time.monotonic() - started, 0.1)

    def test_a_server_that_is_not_redis_is_skipped(self):
        with fake_server(b"HTTP/1.1 400 Bad Request\r\n\r\n") as location:
            cache = self.cache(location)
            self.assertEqual(cache.get("page", "missing"), "missing")
            self.assertFalse(cache.add("counter", 1))
            self.assertTrue(cache.circuit.is_open())

    def test_a_value_redis_cannot_take_is_the_callers_mistake(self):
        cache = self.cache(CLOSED_REDIS)
        refused = mock.patch.object(redis.Redis, "get", side_effect=redis.exceptions.DataError("bad value"))
        with refused, self.assertRaises(redis.exceptions.DataError):
            cache.get("page")
        self.assertFalse(cache.circuit.is_open())


class RedisRecoveryTests(TestCase):
    """Against the Redis of the machine (database 12, a prefix of its own): skipped where there is none."""

    def setUp(self):
        if not live_redis_reachable():
            self.skipTest("no Redis on 127.0.0.1:6379")
        reset_circuits()
        self.caches = {
            alias: ResilientRedisCache(LIVE_REDIS, {**params, "OPTIONS": dict(params["OPTIONS"])})
            for alias, params in redis_caches(LIVE_REDIS, prefix="outages-recovery").items()
        }
        self.addCleanup(self._forget_keys)

    def _forget_keys(self):
        client = redis.Redis.from_url(LIVE_REDIS)
        keys = list(client.scan_iter(match="outages-recovery*"))
        if keys:
            client.delete(*keys)
        reset_circuits()

    def test_writes_dropped_in_an_outage_clear_their_alias_once_redis_is_back(self):
        pages, default = self.caches[PAGE_CACHE_ALIAS], self.caches["default"]
        pages.set("response:a", "the page before its restriction")
        pages.set("tag:page:1", "v1")
        default.set("fragment", "kept")
        self.assertEqual(pages.get("response:a"), "the page before its restriction")

        failing = redis.exceptions.ConnectionError("Connection refused")
        with mock.patch.object(redis.Redis, "set", side_effect=failing):
            pages.set("tag:page:1", "v2")  # the invalidation is dropped
        self.assertTrue(pages.circuit.is_open())
        self.assertIsNone(pages.get("response:a"))  # skipped while open

        pages.circuit.close()  # the window has passed and Redis is back
        self.assertIsNone(pages.get("response:a"))  # not the stale page
        self.assertIsNone(pages.get("tag:page:1"))
        self.assertEqual(default.get("fragment"), "kept")  # no write of this alias was dropped
        pages.set("response:a", "fresh")
        self.assertEqual(pages.get("response:a"), "fresh")  # purged once, not at every contact


class ReadinessFailureTests(TestCase):
    def test_a_failure_of_the_view_itself_answers_503_json(self):
        unreachable = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED_REDIS}
        with override_settings(CACHES={**settings.CACHES, "default": unreachable}, RATE_LIMITS_ENABLED=True):
            response = self.client.get("/health/ready/")  # the rate limit raises before any check runs
        self.assertEqual(response.status_code, 503)
        self.assertIn("ConnectionError", response.json()["readiness"])


ELASTICSEARCH_DOWN = {
    "ELASTICSEARCH_URL": CLOSED_ELASTICSEARCH,
    "WAGTAILSEARCH_BACKENDS": {
        "default": {
            "BACKEND": "search.elastic.resilient",
            "URLS": [CLOSED_ELASTICSEARCH],
            "INDEX_PREFIX": "outages_",
            "TIMEOUT": 2,
        }
    },
}


@contextlib.contextmanager
def counting_elasticsearch_requests():
    from elasticsearch import Elasticsearch

    requests = []
    original = Elasticsearch.perform_request

    def perform_request(self, method, path, *args, **kwargs):
        requests.append(path)
        return original(self, method, path, *args, **kwargs)

    with mock.patch.object(Elasticsearch, "perform_request", perform_request):
        yield requests


@override_settings(RATE_LIMITS_ENABLED=False, **ELASTICSEARCH_DOWN)
class ElasticsearchDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = StandardPageFactory(parent=site_home(), title="Bursele de merit", slug="burse")
        cls.directory = DirectoryPageFactory(parent=site_home(), slug="anuar")

    def setUp(self):
        reset_circuits()
        register_directory_search(resilient.searched_directory)
        self.addCleanup(register_directory_search, None)

    def test_the_site_search_answers_from_the_database_and_tries_the_cluster_once(self):
        with counting_elasticsearch_requests() as requests:
            response = self.client.get(url("search"), {"q": "bursele"})
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "Bursele de merit")
            tried = len(requests)
            self.assertGreaterEqual(tried, 1)
            self.assertEqual(self.client.get(url("search"), {"q": "merit"}).status_code, 200)
            self.assertEqual(len(requests), tried)  # the breaker is open: the cluster is left alone
        self.assertTrue(circuit_for("Elasticsearch").is_open())

    def test_the_directory_answers_from_the_database(self):
        AlumnusFactory(first_name="Ioana", last_name="Zamfir")
        response = self.client.get(self.directory.url, {"q": "Zamfir"})
        self.assertEqual(response.status_code, 200)

    def test_saves_do_not_fail_when_the_index_cannot_be_updated(self):
        with self.captureOnCommitCallbacks(execute=True):
            person = AlumnusFactory(last_name="Popescu")
            person.last_name = "Popa"
            person.save()
            self.page.title = "Bursele de excelență"
            self.page.save_revision().publish()
        self.assertTrue(circuit_for("Elasticsearch").is_open())

    def test_only_a_failing_cluster_opens_the_breaker(self):
        from types import SimpleNamespace

        from elasticsearch import ApiError, ConnectionError, NotFoundError

        breaker = resilient.circuit()
        resilient.failed(NotFoundError("no such index", SimpleNamespace(status=404), {}))
        self.assertFalse(breaker.is_open())  # about this request only
        resilient.failed(ApiError("unavailable", SimpleNamespace(status=503), {}))
        self.assertTrue(breaker.is_open())
        reset_circuits()
        resilient.failed(ConnectionError("refused"))
        self.assertTrue(breaker.is_open())

    def test_readiness_names_the_search_engine(self):
        response = self.client.get("/health/ready/")
        self.assertEqual(response.status_code, 503)
        failing = {name: status for name, status in response.json().items() if status != "OK"}
        self.assertEqual(list(failing), ["SearchEngine()"])
        self.assertIn("unreachable", failing["SearchEngine()"])
