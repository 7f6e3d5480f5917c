"""Browser tests: Debian's Chromium driven by Playwright's sync API against pytest-django's live server.

Needs `apt-get install chromium` (the browser Playwright launches) and `npm ci` at the repository root (axe-core).
Playwright never downloads a browser here: it launches /usr/bin/chromium.
"""

import contextlib
import json
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an asyncio event loop in this thread, and Django refuses ORM calls from a
    thread with a running loop unless told otherwise. The tests only use the ORM to build data."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@contextlib.contextmanager
def _keep_database_connections():
    """Starting or stopping Playwright's sync API leaves this thread in another contextvars context, where Django
    (whose connections live in an asgiref Local) would open new connection objects: they lack the test database's
    serialized contents (so `serialized_rollback` silently restores nothing) and break the sharing of the
    in-memory SQLite connection with the live server. Put the existing connection objects back."""
    from django.db import connections

    existing = connections.all(initialized_only=True)
    try:
        yield
    finally:
        for connection in existing:
            connections[connection.alias] = connection


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session; launch() gives it a fresh, empty profile."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Install it with `apt-get install chromium`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with _keep_database_connections():
        manager = sync_playwright()
        playwright = manager.start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        with _keep_database_connections():
            playwright.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies, no cache) per test, with relative URLs resolved against the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="ro-RO")
    context.set_default_timeout(10_000)
    page = context.new_page()
    # The site's Content-Security-Policy allows no inline script: a page of ours that breaks it fails its test.
    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    assert not blocked, "The Content-Security-Policy blocked something:\n" + "\n".join(blocked)


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_JS.exists():
        pytest.fail(
            f"{AXE_JS} is missing: run `npm ci` at the repository root to install axe-core.",
            pytrace=False,
        )
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def check_accessibility(axe_source):
    """Run axe-core on the current page and fail on every serious or critical violation."""

    def check(page):
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Through the DevTools protocol, as a tester's console would: the site's CSP forbids inline scripts.
            page.evaluate(axe_source)
        results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        serious = [v for v in results["violations"] if v.get("impact") in {"serious", "critical"}]
        if serious:
            lines = [f"{len(serious)} serious/critical accessibility violation(s) on {page.url}:"]
            for violation in serious:
                lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
                for node in violation["nodes"]:
                    lines.append(f"    at {json.dumps(node['target'], ensure_ascii=False)}")
                    summary = (node.get("failureSummary") or "").replace("\n", " ")
                    if summary:
                        lines.append(f"       {summary}")
            pytest.fail("\n".join(lines), pytrace=False)

    return check
