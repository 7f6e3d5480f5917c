"""A visitor finds an event on the calendar, registers, and sees the confirmation; axe checks every page."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import Registration
from home.factories import site_home

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def calendar():
    calendar = EventIndexPageFactory(parent=site_home(), title="Calendar", slug="calendar")
    start = timezone.localtime() + datetime.timedelta(days=5)
    event = EventPageFactory(
        parent=calendar,
        title="Seară de networking alumni",
        start=start.replace(hour=18, minute=0, second=0, microsecond=0),
        capacity=20,
        venue="Clubul universității",
    )
    EventPageFactory(parent=calendar, title="Atelier de mentorat", start=start + datetime.timedelta(days=3))
    return {"calendar": calendar, "event": event}


def register(page, email="ana.popescu@example.ro"):
    """Fill in and send the event page's registration form as a guest."""
    form = page.locator("#registration form")
    form.get_by_label("Nume complet").fill("Ana Popescu")
    form.locator("#id_email").fill(email)
    form.locator("#id_role").select_option("guest")
    form.locator("#id_consent").check()
    form.get_by_role("button").click()


def test_find_an_event_register_and_see_the_confirmation(page, calendar, check_accessibility):
    page.goto("/calendar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendar")
    check_accessibility(page)

    page.get_by_role("link", name="Seară de networking alumni").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Seară de networking alumni")
    check_accessibility(page)

    register(page)

    expect(page.locator("#registration .notice--success")).to_be_visible()
    check_accessibility(page)
    registration = Registration.objects.get(email="ana.popescu@example.ro")
    assert registration.status == Registration.Status.CONFIRMED
    assert mail.outbox and mail.outbox[-1].to == ["ana.popescu@example.ro"]


def test_missing_fields_are_reported_next_to_the_fields(page, calendar, check_accessibility):
    page.goto(calendar["event"].url)
    page.locator("#registration form").get_by_role("button").click()
    expect(page.locator("#registration .field-error").first).to_be_visible()
    check_accessibility(page)
    assert not Registration.objects.exists()


def test_register_from_a_stored_page_and_see_the_places_change(page, browser, live_server, calendar, settings):
    """With the page cache on, the event page comes from the store (no per-visitor token) and its form still posts:
    Chromium sends its Origin (home/csrf.py); the registration makes the stored page stale."""
    settings.PAGE_CACHE_ENABLED = True
    url = calendar["event"].url
    first = page.goto(url)
    assert first.headers.get("x-page-cache") == "miss"
    context = browser.new_context(base_url=live_server.url)
    try:
        other = context.new_page()
        stored = other.goto(url)
        assert stored.headers.get("x-page-cache") == "hit"
        expect(other.locator("#registration")).to_contain_text("20")
        assert other.locator("input[name=csrfmiddlewaretoken]").count() == 0
        register(other)
        expect(other.locator("#registration .notice--success")).to_be_visible()
    finally:
        context.close()
    assert Registration.objects.filter(email="ana.popescu@example.ro").exists()
    again = page.goto(url)
    assert again.headers.get("x-page-cache") == "miss"
    expect(page.locator("#registration")).to_contain_text("19")
