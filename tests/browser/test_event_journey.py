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


def test_find_an_event_register_and_see_the_confirmation(page, calendar, check_accessibility):
    page.goto("/calendar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendar")
    check_accessibility(page)

    page.get_by_role("link", name="Seară de networking alumni").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Seară de networking alumni")
    check_accessibility(page)

    form = page.locator("#registration form")
    form.get_by_label("Nume complet").fill("Ana Popescu")
    form.locator("#id_email").fill("ana.popescu@example.ro")
    form.locator("#id_role").select_option("guest")
    form.locator("#id_consent").check()
    form.get_by_role("button").click()

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
