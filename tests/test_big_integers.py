"""Integers no column can hold (past 64 bits, and past 32 bits on a PostgreSQL integer): never a server error.

The forms are found, not listed: every public page and every route of the URL resolver is fetched (anonymously
and as a signed-in alumnus; the admin's listings as a member of the office's group), each form on it is read
from the HTML and sent back with a huge number in every field. The API's routes come from its OpenAPI document,
with a huge number in every parameter and in a JSON body. home/integers.py and home.middleware.ApiGuardMiddleware
hold the fix.
"""

import pickle
import re

from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from alumni.models import Alumnus, Community
from alumni.models.accounts import AlumnusAccount
from config.api import api
from home.approvals import OFFICE_GROUP
from home.integers import INT64_MAX, INT64_MIN, out_of_range
from home.middleware import json_number_out_of_range
from tests.routes import account_url

HUGE = [str(INT64_MAX + 1), str(INT64_MIN - 1), "9" * 40]
INT32_PAST = str(2**31)  # past a PostgreSQL integer column (Wagtail's own ids), within bigint
EVERY_HUGE = [*HUGE, INT32_PAST]
FREE_TEXT = ("search", "q")  # the API's full-text parameters
PASSWORD = "a long enough password 1"


class OutOfRangeLookupTests(TestCase):
    """The query layer: `in` and lookups through a relation answer "no row", as Django does for `exact`."""

    @classmethod
    def setUpTestData(cls):
        cls.site = Site.objects.get(is_default_site=True)
        cls.redirect = Redirect.objects.create(old_path="/old", site=cls.site, redirect_link="https://example.org/")

    def test_a_relation_compared_with_a_huge_number_matches_nothing(self):
        for value in EVERY_HUGE:
            with self.subTest(value=value):
                self.assertFalse(Redirect.objects.filter(site=int(value)).exists())
                self.assertFalse(Redirect.objects.filter(site_id=int(value)).exists())
                self.assertFalse(Redirect.objects.filter(site__in=[int(value)]).exists())
                self.assertTrue(Redirect.objects.exclude(site=int(value)).exists())
        self.assertTrue(Redirect.objects.filter(site__lt=INT64_MAX + 1).exists())
        self.assertFalse(Redirect.objects.filter(site__gt=INT64_MAX + 1).exists())
        self.assertTrue(Redirect.objects.filter(site__gt=INT64_MIN - 1).exists())

    def test_in_keeps_the_numbers_a_column_can_hold(self):
        self.assertEqual(
            list(Redirect.objects.filter(pk__in=[INT64_MAX + 1, self.redirect.pk, INT64_MIN - 1])), [self.redirect]
        )
        self.assertFalse(Redirect.objects.filter(pk__in=[INT64_MAX + 1]).exists())
        self.assertTrue(Redirect.objects.exclude(pk__in=[INT64_MAX + 1]).exists())
        self.assertEqual(list(Redirect.objects.filter(site__in=[2**70, self.site.pk])), [self.redirect])

    def test_a_32_bit_column_is_checked_against_its_own_range(self):
        # Site's id is an integer column on PostgreSQL: 2^31 is out of its range there, within SQLite's.
        low, high = connection.ops.integer_field_range(Site._meta.pk.get_internal_type())
        self.assertFalse(Site.objects.filter(pk__in=[high + 1]).exists())
        self.assertFalse(Redirect.objects.filter(site__in=[high + 1, low - 1]).exists())

    def test_a_query_with_the_lookups_pickles(self):
        # Wagtail caches renditions, and Django caches querysets, with their queries: the lookups must pickle.
        query = Redirect.objects.filter(site=self.site.pk, pk__in=[self.redirect.pk], site__gt=0).query
        restored = Redirect.objects.all()
        restored.query = pickle.loads(pickle.dumps(query))  # noqa: S301 - our own query
        self.assertEqual(list(restored), [self.redirect])

    def test_out_of_range_reads_whole_numbers_only(self):
        self.assertTrue(out_of_range(str(INT64_MAX + 1)))
        self.assertTrue(out_of_range(f"  {INT64_MIN - 1} "))
        self.assertTrue(out_of_range("+" + "9" * 30))
        for text in (str(INT64_MAX), str(INT64_MIN), "1e400", "١٢٣", "12a", "", "-", "9" * 18):
            with self.subTest(text=text):
                self.assertFalse(out_of_range(text))
        self.assertEqual(json_number_out_of_range(b'{"a": [1, {"b": 99999999999999999999}]}'), "99999999999999999999")
        self.assertIsNone(json_number_out_of_range(b'{"a": "99999999999999999999", "b": 1.5e300}'))
        self.assertIsNone(json_number_out_of_range(b"[" * 100_000))
        self.assertIsNone(json_number_out_of_range(b"\xff"))


def form_data(form) -> dict[str, list[str]]:
    """The form's fields with the values a browser would send untouched: hidden inputs keep theirs."""
    data: dict[str, list[str]] = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.get("type") in ("submit", "button", "file", "image", "reset"):
            continue
        data.setdefault(name, [])
        if element.get("type") == "hidden":
            data[name].append(element.get("value", ""))
    return data


def numeric_choices(form) -> set[str]:
    """The fields whose choices are ids (a select or checkboxes offering whole numbers): a huge one names no row."""
    names = set()
    for element in form.find_all(["option", "input"]):
        value = element.get("value", "")
        if element.name == "option":
            select = element.find_parent("select")
            name = select.get("name") if select else None
        elif element.get("type") in ("checkbox", "radio"):
            name = element.get("name")
        else:
            continue
        if name and re.fullmatch(r"\d+", value):
            names.add(name)
    return names


def forms_of(html: bytes):
    return BeautifulSoup(html, "html.parser").find_all("form")


def routes_without_arguments(resolver=None, prefix="") -> list[str]:
    """Every route of the URL resolver that needs no argument, as a path (the page tree's catch-all left out)."""
    paths = []
    for pattern in (resolver or get_resolver()).url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            paths += routes_without_arguments(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            path = "/" + re.sub(r"\^|\$|\\", "", prefix + route)
            if not re.search(r"[<>()\[\]*+?{}|]", path):
                paths.append(path.replace("//", "/"))
    # Wagtail's page that raises on purpose, to try error reporting.
    return sorted(set(paths) - {"/admin/failwhale/"})


@override_settings(RATE_LIMITS_ENABLED=False)
class BigIntegerBoundaryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_data", faculties=1, alumni=12, no_index=True, admin_password="demo-pass", verbosity=0)
        cls.alumnus = Alumnus.objects.filter(account__isnull=False).first() or Alumnus.objects.first()
        cls.account, _created = AlumnusAccount.objects.get_or_create(alumnus=cls.alumnus)
        cls.account.set_password(PASSWORD)
        cls.account.save()
        cls.alumnus.communities.add(*Community.objects.all()[:1])
        cls.office = User.objects.filter(groups__name=OFFICE_GROUP, is_superuser=False).order_by("pk").first()

    # -- the API, from its OpenAPI document -------------------------------------------------------------------

    def operations(self):
        schema = api.get_openapi_schema()
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                yield path, method, operation

    def test_every_api_route_answers_a_huge_number_with_a_problem(self):
        checked = 0
        for path, method, operation in self.operations():
            parameters = operation.get("parameters", [])
            query = [parameter["name"] for parameter in parameters if parameter["in"] == "query"]
            for value in HUGE:
                url = re.sub(r"\{[^}]+\}", value, path)
                # Every declared parameter, and a model field Wagtail's filters take by name (not declared).
                for params in [{name: value} for name in query] + [{"id": value}, {"site": value}, {"owner": value}]:
                    with self.subTest(method=method, url=url, params=params):
                        if method == "get":
                            response = self.client.get(url, params)
                        else:
                            response = self.client.generic(
                                method.upper(), f"{url}?{next(iter(params))}={value}", "{}", "application/json"
                            )
                        if next(iter(params)) in FREE_TEXT and "{" not in path:
                            # Words to look for, which may be a long number (a registration number, a phone).
                            self.assertEqual(response.status_code, 200)
                        else:
                            self.assert_problem(response)
                        checked += 1
                if "requestBody" in operation:
                    body = '{"data": {"id": V, "site": V, "parent": V, "page": V}}'.replace("V", value)
                    with self.subTest(method=method, url=path, body=value):
                        response = self.client.generic(
                            method.upper(), re.sub(r"\{[^}]+\}", "1", path), body, "application/json"
                        )
                        self.assert_problem(response)
                        self.assertEqual(response.status_code, 422)
                        checked += 1
        self.assertGreater(checked, 200)

    def test_the_issues_examples(self):
        for url, params in [
            ("/api/v3/redirects/", {"site": "9223372036854775808"}),
            ("/api/v3/pages/", {"owner": "-9223372036854775809"}),
            ("/api/v3/pages/3/revisions/", {"user_id": "9223372036854775808"}),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url, params)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.headers["Content-Type"], "application/problem+json")
                self.assertEqual(response.json()["errors"][0]["parameter"], next(iter(params)))
        # A number a column can hold still reaches the route: no such site is an empty list, not a refusal.
        response = self.client.get("/api/v3/redirects/", {"site": INT32_PAST})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 0)
        # Free text may hold a long number.
        self.assertEqual(self.client.get("/api/v3/search/", {"q": HUGE[0]}).status_code, 200)

    def assert_problem(self, response):
        self.assertGreaterEqual(response.status_code, 400, response.content[:300])
        self.assertLess(response.status_code, 500, response.content[:300])
        self.assertEqual(response.headers["Content-Type"], "application/problem+json")

    # -- forms, found on every public page and route ------------------------------------------------------------

    def public_urls(self) -> list[str]:
        urls = set()
        for page in Page.objects.live().public().specific():
            if page.url:
                urls.add(page.url)
        for language in ("ro", "en"):
            with translation.override(language):
                urls.update(
                    path
                    for path in routes_without_arguments()
                    if not path.startswith(("/admin/", "/api/", "/documents/", "/django-admin/"))
                )
        return sorted(urls)

    sign_outs = (account_url("sign_out"), account_url("sign_out", language="en"), "/admin/logout/")

    def send_every_form(self, urls, *, post_must_fail=True) -> int:
        sent = 0
        for url in urls:
            response = self.client.get(url)
            if response.status_code != 200 or "html" not in response.headers.get("Content-Type", ""):
                continue
            for form in forms_of(response.content):
                method = (form.get("method") or "get").lower()
                action = form.get("action") or url
                if action.startswith(("http", "//")) or action in self.sign_outs:
                    continue
                fields = form_data(form)
                ids = numeric_choices(form)
                for value in EVERY_HUGE:
                    data = {name: (values or [value]) if name != "website" else [""] for name, values in fields.items()}
                    with self.subTest(url=url, action=action, method=method, value=value):
                        answer = getattr(self.client, method)(action, data)
                        self.assertLess(answer.status_code, 500, f"{method} {action}")
                        if method == "post" and post_must_fail and ids:
                            # A form offering ids refuses one that names no row: re-rendered with its errors.
                            self.assertEqual(answer.status_code, 400, f"{action} accepted {value} in {ids}")
                        sent += 1
        return sent

    def test_every_public_form_refuses_a_huge_number(self):
        self.assertGreater(self.send_every_form(self.public_urls()), 30)

    def test_every_form_of_a_signed_in_alumnus_refuses_a_huge_number(self):
        response = self.client.post(
            account_url("sign_in"), {"password-email": self.alumnus.email, "password-password": PASSWORD}
        )
        self.assertEqual(response.status_code, 302)
        urls = self.public_urls()
        self.assertIn(account_url("profile"), urls)
        self.assertGreater(self.send_every_form(urls), 30)

    def test_the_join_and_profile_forms_name_the_field(self):
        join = next(page for page in Page.objects.live().specific() if type(page).__name__ == "JoinPage")
        for value in EVERY_HUGE:
            with self.subTest(value=value):
                response = self.client.post(join.url, {"communities": value, "email": "someone@example.org"})
                self.assertEqual(response.status_code, 400)
                self.assertIn("communities", response.context["form"].errors)

    def test_admin_filters_refuse_a_huge_number(self):
        self.assertIsNotNone(self.office, "the demo data has a member of the office's group")
        self.client.force_login(self.office)
        urls = [path for path in routes_without_arguments() if path.startswith("/admin/")]
        checked = 0
        for url in urls:
            response = self.client.get(url)
            if response.status_code != 200 or "html" not in response.headers.get("Content-Type", ""):
                continue
            for form in forms_of(response.content):
                if (form.get("method") or "get").lower() != "get":
                    continue
                for name in set(form_data(form)) | {"user", "user_id", "site", "owner", "faculty", "id"}:
                    for value in HUGE:
                        with self.subTest(url=url, name=name, value=value):
                            self.assertLess(self.client.get(url, {name: value}).status_code, 500)
                            checked += 1
        self.assertGreater(checked, 50)
