"""Shared pytest fixtures, and the session clock.

`ALUMNI_TEST_CLOCK=2027-03-28T01:30:00Z pytest` runs the whole session as if it were then, the clock ticking
from there (time-machine, `tick=True`). It starts in pytest_configure, before any fixture (so before the test
database is created); tests that freeze the clock themselves (tests/clock.py) nest inside it. Only the Python
process moves: the browser tests' Chromium keeps the real date. Code that reads the date when a module is
imported has read it before this starts, like a server process started before midnight.
"""

import pytest

from tests.clock import SESSION_CLOCK_VARIABLE, local, session_clock_from_environment

_session_clock = None


def pytest_configure(config):
    global _session_clock
    destination = session_clock_from_environment()
    if destination is not None and _session_clock is None:
        import time_machine

        _session_clock = time_machine.travel(destination, tick=True)
        _session_clock.start()


def pytest_unconfigure(config):
    global _session_clock
    if _session_clock is not None:
        _session_clock.stop()
        _session_clock = None


def pytest_report_header(config):
    destination = session_clock_from_environment()
    if destination is not None:
        return f"{SESSION_CLOCK_VARIABLE}={destination} (Bucharest {local(destination):%Y-%m-%d %H:%M %Z}), ticking"
    return None


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (site settings, page URLs), an empty page cache and no invalidation
    waiting from the class's test data (never committed)."""
    from django.core.cache import cache, caches

    from home.page_cache import forget_pending

    cache.clear()
    caches["pages"].clear()
    forget_pending()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture(autouse=True, scope="session")
def _sign_ins_carry_a_request():
    """django-axes checks every sign-in against its lockouts and so needs the request; the test client's
    `login()` (Wagtail's `self.login()` uses it) calls `authenticate()` without one. Give it an empty request,
    as a browser's sign-in would have one: the lockout is still checked, and production code stays strict."""
    from django.http import HttpRequest
    from django.test import Client

    original = Client.login

    def login(self, **credentials):
        credentials.setdefault("request", HttpRequest())
        return original(self, **credentials)

    Client.login = login
    yield
    Client.login = original
