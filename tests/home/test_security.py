"""Headers, error pages without the request's host, login lockout and the rate-limit helper."""

import datetime
import json
import os
import subprocess
import sys

import time_machine
from django.contrib.auth import get_user_model
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings

from home import ratelimit
from home.middleware import too_many_requests
from home.ratelimit import Limit, RateLimited


class HeaderTests(TestCase):
    def test_public_pages_carry_a_csp_without_inline_scripts_and_a_permissions_policy(self):
        response = self.client.get("/robots.txt")
        policy = response.headers["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        self.assertEqual(directives["script-src"], "'self'")
        self.assertNotIn("unsafe-inline", directives["script-src"])
        self.assertEqual(directives["object-src"], "'none'")
        self.assertIn("camera=()", response.headers["Permissions-Policy"])
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")

    def test_the_admin_keeps_its_own_rules(self):
        response = self.client.get("/admin/login/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Content-Security-Policy", response.headers)

    def test_cookies_are_http_only_and_same_site(self):
        from django.conf import settings

        self.assertTrue(settings.SESSION_COOKIE_HTTPONLY)
        self.assertEqual(settings.SESSION_COOKIE_SAMESITE, "Lax")
        self.assertEqual(settings.CSRF_COOKIE_SAMESITE, "Lax")


class ProductionSettingsTests(SimpleTestCase):
    """Production settings read in a process of their own, as gunicorn reads them."""

    def load(self, **environ) -> dict:
        names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
        code = f"import json, config.settings.production as s; print(json.dumps({{n: getattr(s, n) for n in {names}}}))"
        environment = {**os.environ, "SECRET_KEY": "x" * 60, **environ}
        command = [sys.executable, "-c", code]
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)  # noqa: S603
        return json.loads(result.stdout)

    def test_hsts_lasts_a_year_with_subdomains_and_cookies_are_secure(self):
        production = self.load()
        self.assertEqual(production["SECURE_HSTS_SECONDS"], 365 * 24 * 3600)
        self.assertTrue(production["SECURE_HSTS_INCLUDE_SUBDOMAINS"])
        self.assertTrue(production["SESSION_COOKIE_SECURE"])
        self.assertTrue(production["CSRF_COOKIE_SECURE"])

    def test_hsts_can_be_set_by_the_environment(self):
        self.assertEqual(self.load(SECURE_HSTS_SECONDS="600")["SECURE_HSTS_SECONDS"], 600)


@override_settings(ALLOWED_HOSTS=["testserver"])
class BadHostTests(TestCase):
    def test_an_unknown_host_gets_a_400_page_not_a_500(self):
        for path in ("/", "/en/", "/search/?q=x", "/no-such-page/"):
            with self.subTest(path=path):
                response = self.client.get(path, HTTP_HOST="evil.example")
                self.assertEqual(response.status_code, 400)
                self.assertIn(b"<h1>", response.content)

    def test_an_api_request_with_an_unknown_host_gets_problem_json(self):
        response = self.client.get("/api/v3/pages/", HTTP_HOST="evil.example")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.headers["Content-Type"], "application/problem+json")


class AdminLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        get_user_model().objects.create_superuser("office", "office@example.org", "right-password")

    def attempt(self, password):
        return self.client.post("/admin/login/", {"username": "office", "password": password})

    def test_the_sixth_failure_in_a_row_is_locked_and_the_lock_lifts(self):
        start = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False):
            for _ in range(5):
                self.assertEqual(self.attempt("wrong").status_code, 200)  # the form again, with an error
            self.assertEqual(self.attempt("wrong").status_code, 429)
            locked = self.attempt("right-password")
            self.assertEqual(locked.status_code, 429)
            self.assertNotIn("_auth_user_id", self.client.session)
        with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
            response = self.attempt("right-password")
            self.assertEqual(response.status_code, 302)
            self.assertIn("_auth_user_id", self.client.session)


class AdminSignInPerAddressTests(TestCase):
    """django-axes locks one name after 5 failures; one address trying many names is paused after the generous
    "admin_sign_in" limit (30 failures in 15 minutes), whatever names it tries, right password included."""

    @classmethod
    def setUpTestData(cls):
        get_user_model().objects.create_user("office", "office@example.org", "right-password", is_staff=True)

    def attempt(self, username, password="wrong", address="10.0.0.1"):  # noqa: S107 - a test account's
        return self.client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)

    def test_one_address_trying_many_names_is_paused_and_others_are_not(self):
        start = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False):
            for number in range(30):
                self.assertEqual(self.attempt(f"name{number}").status_code, 200, number)
            paused = self.attempt("name30")
            self.assertEqual(paused.status_code, 429)
            self.assertEqual(paused["Cache-Control"], "no-store")
            self.assertTrue(1 <= int(paused["Retry-After"]) <= 901)
            self.assertIn("Prea multe", paused.content.decode())  # the 429 page, in the site's language
            self.assertEqual(self.attempt("office", "right-password").status_code, 429)
            self.assertNotIn("_auth_user_id", self.client.session)
            # Another address (another network) signs in as usual.
            self.assertEqual(self.attempt("office", "right-password", address="10.0.0.2").status_code, 302)
        with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
            self.client.logout()
            self.assertEqual(self.attempt("office", "right-password").status_code, 302)

    def test_a_network_behind_one_address_keeps_working(self):
        # Twenty people's typos from one address, a few each, and then they all sign in.
        start = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False):
            for number in range(29):
                self.attempt(f"person{number % 20}")
            self.assertEqual(self.attempt("office", "right-password").status_code, 302)

    def test_only_the_admins_sign_in_counts(self):
        request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.3")
        with override_settings(RATE_LIMITS={"admin_sign_in": "1/60"}):
            ratelimit.count_admin_sign_in_failure("alumni.accounts", credentials={}, request=request)
            ratelimit.AddressFailuresBackend().authenticate(request, username="x", password="y")
            ratelimit.count_admin_sign_in_failure("django.contrib.auth", credentials={}, request=request)
            with self.assertRaises(RateLimited):
                ratelimit.AddressFailuresBackend().authenticate(request, username="x", password="y")


class RateLimitTests(SimpleTestCase):
    def setUp(self):
        from django.core.cache import cache

        cache.clear()

    def test_limits_parse(self):
        self.assertEqual(Limit.parse("5/3600"), Limit(5, 3600))
        self.assertEqual(Limit.parse("5"), Limit(5, 60))

    @override_settings(RATE_LIMITS={"probe": "3/60"})
    def test_over_the_limit_raises_with_the_time_left_and_lifts_in_the_next_window(self):
        start = datetime.datetime(2027, 3, 1, 10, 0, 10, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False):
            for _ in range(3):
                ratelimit.check("probe", "1.2.3.4")
            with self.assertRaises(RateLimited) as raised:
                ratelimit.check("probe", "1.2.3.4")
            self.assertTrue(0 < raised.exception.retry_after <= 51)
            ratelimit.check("probe", "5.6.7.8")  # another client is not affected
        with time_machine.travel(start + datetime.timedelta(seconds=60), tick=False):
            ratelimit.check("probe", "1.2.3.4")

    @override_settings(RATE_LIMITS={"probe": "1/60"}, RATE_LIMITS_ENABLED=False)
    def test_limits_can_be_turned_off(self):
        for _ in range(5):
            ratelimit.check("probe", "1.2.3.4")

    @override_settings(RATE_LIMIT_TRUSTED_PROXIES=1)
    def test_behind_a_trusted_proxy_the_forwarded_address_counts(self):
        request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="9.9.9.9, 10.0.0.1", REMOTE_ADDR="10.0.0.2")
        self.assertEqual(ratelimit.client_address(request), "10.0.0.1")
        self.assertEqual(ratelimit.client_address(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")), "10.0.0.2")

    def test_the_429_page_is_in_the_visitors_language_with_retry_after(self):
        from django.utils import translation

        with translation.override("ro"):
            page = too_many_requests(RequestFactory().get("/cautare/"), RateLimited("search", 42))
        self.assertEqual(page.status_code, 429)
        self.assertEqual(page.headers["Retry-After"], "42")
        self.assertIn('lang="ro"', page.content.decode())
        api = too_many_requests(RequestFactory().get("/api/v3/pages/"), RateLimited("api", 7))
        self.assertEqual(api.headers["Content-Type"], "application/problem+json")
        self.assertEqual(api.headers["Retry-After"], "7")
