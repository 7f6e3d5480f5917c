"""The multi-server topology, end to end: `make cluster-test` (never part of `make test`: pytest collects only
test_*.py files, and this one needs Varnish, PostgreSQL, Redis and a few minutes).

It starts deploy/cluster.py's topology (Varnish in front of app servers A and B, the task worker, moto's S3, a
throwaway PostgreSQL database and Redis keys of its own) and checks, over HTTP as a browser would:

1. a page published through A (signed in to the admin, its edit form posted with "publish") is fresh on B and
   through the front cache within 1 s;
2. an image uploaded through A (the admin's upload form) is served through B from object storage: B's admin
   shows a rendition it made from the original A stored, at the bucket's address, and the bucket answers it;
3. a task queued by A (an event registration's confirmation e-mail) is done by the worker;
4. killing app server A (SIGKILL to its master and workers) 20 s into a 60-second load through the front cache
   loses no request beyond those in flight when it died.

It prints a pass/fail summary and exits 0 only when every check passed; whatever happens, every process, the
database, the Redis keys and the temporary folder go (deploy/cluster.py), so it can be run again at once.

    .venv/bin/python tests/cluster/cluster_test.py [--load-seconds 60] [--keep]
"""

from __future__ import annotations

import argparse
import html.parser
import http.client
import io
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

import cluster as topology  # noqa: E402 - deploy/cluster.py, not a package

FRESH_WITHIN = 1.0  # seconds
TASK_WITHIN = 30.0
LOAD_THREADS = 6
KILL_AFTER = 20.0
CHECKS = 4


def say(message: str) -> None:
    sys.stdout.write(f"[cluster-test] {message}\n")
    sys.stdout.flush()


# --- a small browser: cookies by hand (production cookies are Secure, and this is plain HTTP) ---------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Answer:
        address = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=self.timeout)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(line)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def get(self, path: str, **headers) -> Answer:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, fields: list[tuple[str, str]], files: dict | None = None) -> Answer:
        headers = {"Origin": self.base, "Referer": self.base + path}
        if files:
            boundary = secrets.token_hex(16)
            body = multipart(fields, files, boundary)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request("POST", path, body=body, headers=headers)

    def with_base(self, base: str) -> Browser:
        """The same visitor (session) on another server."""
        return Browser(base, self.cookies, self.timeout)


def multipart(fields: list[tuple[str, str]], files: dict[str, tuple[str, bytes, str]], boundary: str) -> bytes:
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


class FormReader(html.parser.HTMLParser):
    """The fields of the first form whose attributes contain `wanted` (say {"id": "page-edit-form"}), as a browser
    would submit them, without a button."""

    def __init__(self, wanted: dict[str, str]):
        super().__init__()
        self.wanted, self.inside, self.done = wanted, False, False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and all(part in (attrs.get(key) or "") for key, part in self.wanted.items()):
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in attrs:
                self._select_value = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "select" and self._select is not None:
            if self._select_value is not None:
                self.fields.append((self._select, self._select_value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "form":
            self.inside, self.done = False, True

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def form_fields(page: str, **wanted: str) -> list[tuple[str, str]]:
    reader = FormReader(wanted)
    reader.feed(page)
    return reader.fields


def replace(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in fields if name not in values]
    return kept + list(values.items())


# --- the checks ---------------------------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    passed: bool
    details: str


class ClusterChecks:
    def __init__(self, cluster: topology.Cluster, load_seconds: float):
        self.cluster = cluster
        self.load_seconds = load_seconds
        self.results: list[Result] = []
        self.admin_a = Browser(cluster.app_url("A"))

    def run(self) -> list[Result]:
        facts = self.cluster.shell(FACTS)
        self.facts = dict(line.split("=", 1) for line in facts.strip().splitlines() if "=" in line)
        self.sign_in(self.admin_a)
        for check in (self.check_publish, self.check_image, self.check_task, self.check_kill_under_load):
            started = time.monotonic()
            try:
                passed, details = check()
            except Exception as error:  # noqa: BLE001 - a failing check is reported, the others still run
                passed, details = False, f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=4)}"
            name = check.__doc__.strip().splitlines()[0]
            self.results.append(Result(name, passed, f"{details} ({time.monotonic() - started:.1f} s)"))
            say(f"{'PASS' if passed else 'FAIL'}  {name}: {details}")
        return self.results

    def sql(self, query: str, *params) -> list[tuple]:
        """Read the cluster's database (what the site stored), as an operator would with psql."""
        import psycopg

        with psycopg.connect(f"{self.cluster.postgres}/{self.cluster.database}") as connection:
            return connection.execute(query, params).fetchall()

    def sign_in(self, browser: Browser) -> None:
        page = browser.get("/admin/login/")
        fields = replace(
            form_fields(page.text, **{"class": "login-form"}), username="admin", password=self.cluster.admin_password
        )
        answer = browser.post("/admin/login/", fields)
        if answer.status != 302 or "sessionid" not in browser.cookies:
            raise RuntimeError(f"Admin sign-in through A answered {answer.status}")

    # 1 ------------------------------------------------------------------------------------------------------------

    def check_publish(self) -> tuple[bool, str]:
        """A page published through A is fresh on B and through the front cache within 1 s"""
        parent = self.facts["home_id"]
        slug = f"cluster-{secrets.token_hex(3)}"
        add_path = f"/admin/pages/add/home/standardpage/{parent}/"
        form = self.admin_a.get(add_path).text
        fields = with_empty_streams(form_fields(form, id="page-edit-form"), form)
        first_title = f"Pagina de test {slug}"
        answer = self.admin_a.post(add_path, replace(fields, title=first_title, slug=slug, **{"action-publish": "1"}))
        if answer.status != 302:
            return False, f"creating the page through A answered {answer.status}: {errors_in(answer.text)}"
        [(page_id,)] = self.sql("SELECT id FROM wagtailcore_page WHERE slug = %s", slug)
        path = f"/{slug}/"
        on_b, front = Browser(self.cluster.app_url("B")), Browser(self.cluster.front_url)
        for browser in (on_b, front):  # stored by B's page cache and by Varnish
            for _ in range(2):
                if first_title not in browser.get(path).text:
                    return False, f"the new page is missing on {browser.base}"
        stored_b, stored_front = on_b.get(path).headers["X-Page-Cache"], front.get(path).headers["X-Cache"]
        if (stored_b, stored_front) != ("hit", "hit"):
            return False, f"the page was not stored before the edit (B {stored_b}, front cache {stored_front})"

        edit_path = f"/admin/pages/{page_id}/edit/"
        form = self.admin_a.get(edit_path).text
        fields = with_empty_streams(form_fields(form, id="page-edit-form"), form)
        new_title = f"Pagina schimbată {slug}"
        answer = self.admin_a.post(edit_path, replace(fields, title=new_title, **{"action-publish": "1"}))
        published = time.monotonic()
        if answer.status != 302:
            return False, f"publishing through A answered {answer.status}: {errors_in(answer.text)}"
        watches = {"B": Freshness(on_b, path, new_title), "front cache": Freshness(front, path, new_title)}
        threads = [threading.Thread(target=watch.run, args=(published,)) for watch in watches.values()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        passed = all(watch.fresh_after is not None and watch.stale_until <= FRESH_WITHIN for watch in watches.values())
        shown = "; ".join(f"{label}: {watch}" for label, watch in watches.items())
        return passed, f"{shown} (limit {FRESH_WITHIN * 1000:.0f} ms; both had the page stored before)"

    # 2 ------------------------------------------------------------------------------------------------------------

    def check_image(self) -> tuple[bool, str]:
        """An image uploaded through A is served through B from object storage"""
        from PIL import Image

        picture = io.BytesIO()
        Image.new("RGB", (640, 480), (30, 90, 160)).save(picture, "PNG")
        title = f"Imagine {secrets.token_hex(3)}"
        fields = form_fields(self.admin_a.get("/admin/images/add/").text, enctype="multipart/form-data")
        answer = self.admin_a.post(
            "/admin/images/add/",
            replace(fields, title=title),
            files={"file": ("cluster.png", picture.getvalue(), "image/png")},
        )
        if answer.status != 302:
            return False, f"the upload through A answered {answer.status}: {errors_in(answer.text)}"
        [(image_id, original)] = self.sql("SELECT id, file FROM wagtailimages_image WHERE title = %s", title)
        admin_b = self.admin_a.with_base(self.cluster.app_url("B"))
        page = admin_b.get(f"/admin/images/{image_id}/")
        if page.status != 200:
            return False, f"B's admin answered {page.status} for the image"
        bucket = f"{self.cluster.s3_url}/{topology.BUCKET}/"
        renditions = [src for src in re.findall(r'src="([^"]+)"', page.text) if src.startswith(bucket + "images/")]
        if not renditions:
            return False, "B's page shows no rendition from the bucket"
        storage = Browser(self.cluster.s3_url)
        served = [storage.get(urllib.parse.urlsplit(src).path) for src in renditions[:1]]
        original_answer = storage.get(urllib.parse.urlsplit(bucket + original).path)
        ok = all(a.status == 200 and a.headers["Content-Type"].startswith("image/") for a in served)
        ok = ok and original_answer.status == 200 and original_answer.body == picture.getvalue()
        local = list((self.cluster.workdir / "media-unused").rglob("*.*"))
        ok = ok and not local
        return ok, (
            f"B's rendition {renditions[0].removeprefix(bucket)} answered {served[0].status} "
            f"({served[0].headers['Content-Type']}, {len(served[0].body)} bytes) from the bucket; the original "
            f"{original} answered {original_answer.status} byte for byte; files on local disk: {len(local)}"
        )

    # 3 ------------------------------------------------------------------------------------------------------------

    def check_task(self) -> tuple[bool, str]:
        """A task queued by A is done by the worker"""
        event_path = self.facts["event_path"]
        visitor = Browser(self.cluster.app_url("A"))  # no session: the shared page, its form checked by origin
        page = visitor.get(event_path)
        fields = [(name, value) for name, value in form_fields(page.text, action="#registration") if name != "website"]
        email = f"cluster-{secrets.token_hex(3)}@example.ro"
        answer = visitor.post(event_path, replace(fields, name="Ana Cluster", email=email, role="guest", consent="on"))
        queued = time.monotonic()
        if answer.status != 302:
            return False, f"the registration through A answered {answer.status}: {errors_in(answer.text)}"
        worker_log = self.cluster.logfile("worker")
        row = None
        while time.monotonic() - queued < TASK_WITHIN:
            rows = self.sql(TASK_STATUS, email)
            row = rows[0] if rows else None
            if row and row[0] == "SUCCESSFUL" and email in worker_log.read_text(errors="replace"):
                _status, enqueued, started, finished = row
                return True, (
                    f"send_registration_email for {email}: queued by A, taken by the worker after "
                    f"{(started - enqueued).total_seconds() * 1000:.0f} ms, done after "
                    f"{(finished - enqueued).total_seconds() * 1000:.0f} ms; the message in the worker's output"
                )
            if row and row[0] == "FAILED":
                return False, "the worker ran the task and it failed"
            time.sleep(0.2)
        return False, f"the task was not done within {TASK_WITHIN:.0f} s (status {row[0] if row else 'not queued'})"

    # 4 ------------------------------------------------------------------------------------------------------------

    def check_kill_under_load(self) -> tuple[bool, str]:
        """Killing app server A during a 60-second load through the front cache loses only requests in flight"""
        paths = [
            ("/", {}),  # from Varnish
            ("/health/", {}),  # always from an app server
            (self.facts["event_path"], {"Cookie": "sessionid=load-test"}),  # a visitor with a session: rendered
        ]
        records: list[tuple[float, float, str, str]] = []  # (start, end, path, outcome)
        stop_at = time.monotonic() + self.load_seconds
        lock = threading.Lock()

        def load(offset: int) -> None:
            address = urllib.parse.urlsplit(self.cluster.front_url)
            number = offset
            while time.monotonic() < stop_at:
                path, headers = paths[number % len(paths)]
                number += 1
                start = time.monotonic()
                try:
                    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    connection.close()
                    outcome = str(response.status)
                except (OSError, http.client.HTTPException) as error:
                    outcome = type(error).__name__
                with lock:
                    records.append((start, time.monotonic(), path, outcome))

        threads = [threading.Thread(target=load, args=(offset,)) for offset in range(LOAD_THREADS)]
        served_before = {name: self.served_by(name) for name in self.cluster.app_ports}
        began = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(KILL_AFTER)
        killed = time.monotonic()
        self.cluster.kill("A")
        sick_after = self.until_varnish_says_sick("appA", killed)
        for thread in threads:
            thread.join()
        ended = time.monotonic()

        in_flight = sum(1 for start, end, _path, _outcome in records if start <= killed <= end)
        failures = [record for record in records if not record[3].startswith("2")]
        after = [record for record in failures if record[0] > killed]
        served = {name: self.served_by(name) - served_before[name] for name in self.cluster.app_ports}
        shown = ", ".join(f"{path} {outcome} at {start - killed:+.2f} s" for start, _end, path, outcome in failures)
        passed = len(failures) <= in_flight and not after and len(records) > 0
        return passed, (
            f"{len(records)} requests in {ended - began:.0f} s ({len(records) / (ended - began):.0f}/s, "
            f"{LOAD_THREADS} clients; app servers answered A {served['A']}, B {served['B']}, the rest from "
            f"Varnish), A killed at {killed - began:.0f} s with {in_flight} in flight and marked sick by the probe "
            f"{sick_after}; failed: {len(failures)}"
            f"{f' ({shown})' if failures else ''}, {len(after)} of them asked after the kill"
        )

    def until_varnish_says_sick(self, backend: str, since: float, timeout: float = 15) -> str:
        """How long after `since` Varnish's probe took a backend out (varnishadm backend.list)."""
        varnishadm = shutil.which("varnishadm")
        while varnishadm and time.monotonic() - since < timeout:
            listing = subprocess.run(  # noqa: S603 - Debian's varnishadm, reading only
                [varnishadm, "-n", str(self.cluster.workdir / "varnish" / "work"), "backend.list"],
                capture_output=True,
                text=True,
            ).stdout
            if any(backend in line and "sick" in line for line in listing.splitlines()):
                return f"{time.monotonic() - since:.1f} s later"
            time.sleep(0.2)
        return "(not seen)"

    def served_by(self, name: str) -> int:
        """GETs in an app server's access log (deploy/cluster.py logs one line each)."""
        return sum(1 for line in self.cluster.logfile(name).read_text(errors="replace").splitlines() if '"GET ' in line)


class Freshness:
    """Asks for a page again and again after a publish: how long stale answers went on (by when they were asked
    for), and when the first fresh one arrived (which includes rendering it on a busy machine)."""

    def __init__(self, browser: Browser, path: str, fresh_text: str):
        self.browser, self.path, self.fresh_text = browser, path, fresh_text
        self.stale_until, self.fresh_after, self.asked = 0.0, None, 0

    def run(self, published: float) -> None:
        while time.monotonic() - published < FRESH_WITHIN + 5:
            asked = time.monotonic()
            answer = self.browser.get(self.path)
            self.asked += 1
            if self.fresh_text in answer.text:
                self.fresh_after = time.monotonic() - published
                return
            self.stale_until = asked - published
            time.sleep(0.01)

    def __str__(self) -> str:
        if self.fresh_after is None:
            return f"still stale {FRESH_WITHIN + 5:.0f} s after the publish"
        stale = f"stale answers until {self.stale_until * 1000:.0f} ms" if self.stale_until else "no stale answer"
        requests = f"{self.asked} request{'s' * (self.asked != 1)}"
        return f"{stale}, fresh page received after {self.fresh_after * 1000:.0f} ms ({requests})"


def with_empty_streams(fields: list[tuple[str, str]], page: str) -> list[tuple[str, str]]:
    """A StreamField's inputs are made by the admin's scripts from `<div id="<name>" data-controller="w-block">`:
    without them, post each StreamField empty (`<name>-count=0`), as a browser would for one with no blocks."""
    names = re.findall(r'<div id="([^"]+)" data-block data-controller="w-block"', page)
    present = {name for name, _value in fields}
    return fields + [(f"{name}-count", "0") for name in names if f"{name}-count" not in present]


def errors_in(page: str) -> str:
    found = re.findall(r'class="[^"]*error[^"]*"[^>]*>\s*([^<]{3,200})', page)
    return "; ".join(text.strip() for text in found[:5]) or page[:300]


# What the checks need to know of the demo: Python for the cluster's Django shell.
FACTS = """
from django.utils import timezone
from events.models import EventPage
from home.models import HomePage
home = HomePage.objects.filter(locale__language_code="ro").first()
print(f"home_id={home.id}")
now = timezone.now()
events = EventPage.objects.live().public().filter(locale__language_code="ro", start__gt=now).order_by("start")
places = {e.pk: e.places_left() for e in events}  # None: unlimited
event = next(e for e in events if e.registration_window_open(now) and (places[e.pk] is None or places[e.pk] > 5))
print(f"event_path={event.url}")
"""
# The confirmation task of the registration made with an address: SQL on the cluster's database.
TASK_STATUS = """
SELECT task.status, task.enqueued_at, task.started_at, task.finished_at
FROM django_tasks_database_dbtaskresult AS task
JOIN events_registration AS registration ON registration.email = %s
WHERE task.task_path = 'events.tasks.send_registration_email'
  AND task.args_kwargs -> 'args' ->> 0 = registration.id::text
ORDER BY task.enqueued_at DESC
LIMIT 1
"""


def main() -> int:
    parser = argparse.ArgumentParser(description="make cluster-test: the multi-server topology, end to end")
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the cluster's folder (logs)")
    args = parser.parse_args()
    topology.stop_on_signals()
    results: list[Result] = []
    started = time.monotonic()
    try:
        with topology.Cluster(keep=args.keep) as cluster:
            results = ClusterChecks(cluster, args.load_seconds).run()
    except KeyboardInterrupt:
        say("Interrupted")
    except Exception as error:  # noqa: BLE001 - the topology did not start: said in the summary
        results.append(Result("The topology starts", False, f"{type(error).__name__}: {error}"))
    say(f"Summary ({time.monotonic() - started:.0f} s):")
    for result in results:
        say(f"  {'PASS' if result.passed else 'FAIL'}  {result.name}")
        say(f"        {result.details}")
    passed = sum(result.passed for result in results)
    failed = CHECKS - passed  # a check that never ran (the topology did not start, Ctrl-C) did not pass
    sys.stdout.write(f"{passed} passed, {failed} failed\n")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
