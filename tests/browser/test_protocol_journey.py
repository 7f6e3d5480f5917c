"""A visitor reads the active collaboration protocols, in Romanian and English, on a desktop and a 360px phone,
filters them by activity and follows an activity to its event page; axe reports no violations."""

import pytest
from playwright.sync_api import expect

from alumni.factories import AlumnusFactory
from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import FacultyFactory, site_home, translate
from protocols.factories import ProtocolActivityFactory, ProtocolFactory, ProtocolIndexPageFactory
from protocols.models import Protocol
from tests.browser.test_newsletter_journey import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def protocols_site():
    fmi = FacultyFactory(name="Facultatea de Matematică și Informatică", short_name="FMI")
    law = FacultyFactory(name="Facultatea de Drept", short_name="FD")
    page = ProtocolIndexPageFactory(parent=site_home(), slug="protocoale")
    english = translate(page, title="Collaboration protocols", slug="protocols", introduction="Alumni in training.")
    calendar = EventIndexPageFactory(parent=site_home(), slug="calendar")
    event = EventPageFactory(parent=calendar, title="Atelier: code review în echipă", slug="atelier-code-review")
    partner = AlumnusFactory(faculty=fmi, first_name="Ioana", last_name="Marinescu")
    for faculty, title, partner_fields, kind in (
        (fmi, "Ateliere de inginerie software", {"partner": partner, "partner_name": "Endava"}, "workshop"),
        (law, "Seminarii de practică judiciară", {"partner_name": "Casa de avocatură Pop & Asociații"}, "seminar"),
    ):
        protocol = ProtocolFactory(faculty=faculty, title=title, registration_number="NR-REG-SECRET", **partner_fields)
        ProtocolActivityFactory(protocol=protocol, kind=kind, title="Code review în echipă", event=event)
        protocol.save_revision().publish()
        Protocol.objects.filter(pk=protocol.pk).update(stage="active")
    return {"page": page, "english": english, "event": event}


def test_visitors_read_active_protocols_in_both_languages_and_on_a_phone(page, protocols_site, check_accessibility):
    page.goto(protocols_site["page"].url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Protocoale de colaborare")
    expect(page.get_by_role("heading", name="Ateliere de inginerie software")).to_be_visible()
    expect(page.get_by_text("Ioana Marinescu (Endava)")).to_be_visible()
    assert "NR-REG-SECRET" not in page.content()
    check_accessibility(page)
    screenshot(page, "protocols-ro-desktop")

    page.get_by_label("Activitate").select_option(label="Seminar")
    page.get_by_role("button", name="Filtrează").click()
    expect(page.get_by_role("heading", name="Seminarii de practică judiciară")).to_be_visible()
    expect(page.get_by_role("heading", name="Ateliere de inginerie software")).to_have_count(0)
    check_accessibility(page)

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(protocols_site["page"].url)
    check_accessibility(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    screenshot(page, "protocols-ro-360")

    page.goto(protocols_site["english"].url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Collaboration protocols")
    expect(page.get_by_text("Partner").first).to_be_visible()
    check_accessibility(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    screenshot(page, "protocols-en-360")

    page.set_viewport_size({"width": 1280, "height": 900})
    check_accessibility(page)
    screenshot(page, "protocols-en-desktop")
    page.get_by_role("link", name="Code review în echipă").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Atelier: code review în echipă")
