"""The office composes a newsletter in the admin, tests it, sends it; a subscriber reads it in the archive and
unsubscribes in one click. axe checks the public pages; the mail goes through a real SMTP server on loopback."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from alumni.factories import AlumnusFactory
from alumni.models import Alumnus
from home.factories import FacultyFactory, site_home
from newsletters.factories import NewsletterIndexPageFactory
from tests.smtp import body_of, smtp_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def newsletter_site():
    faculty = FacultyFactory(name="Facultatea de Drept", short_name="FD")
    archive = NewsletterIndexPageFactory(parent=site_home(), title="Newsletter", slug="newsletter")
    AlumnusFactory(faculty=faculty, email="ana@example.ro", first_name="Ana", consent_newsletter=True)
    AlumnusFactory(faculty=faculty, email="radu@example.ro", consent_newsletter=False)
    office = get_user_model().objects.create_superuser("birou", "birou@example.ro", "o-parola-buna-123")
    profile = UserProfile.get_for_user(office)
    profile.preferred_language = "en"
    profile.save()
    return {"archive": archive}


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot under $SCREENSHOTS_DIR, when set, for a person to look at."""
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def sign_in_to_admin(page):
    page.goto("/admin/login/")
    page.locator("#id_username").fill("birou")
    page.locator("#id_password").fill("o-parola-buna-123")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_the_office_sends_a_newsletter_and_a_subscriber_unsubscribes(page, newsletter_site, check_accessibility):
    archive = newsletter_site["archive"]
    with smtp_server() as server:
        sign_in_to_admin(page)
        page.goto(f"/admin/pages/add/newsletters/newsletterpage/{archive.pk}/")
        page.locator("#id_title").fill("Vești de iarnă")
        page.get_by_role("button", name="Insert a block").first.click()
        page.get_by_role("option", name="Text").first.click()
        page.locator(".public-DraftEditor-content").first.click()
        page.keyboard.type("Întâlnirea de iarnă a absolvenților are loc pe 12 decembrie.")
        screenshot(page, "newsletter-compose")
        page.locator("#id_title").click()  # the rich text editor saves its content when it loses focus
        page.wait_for_timeout(500)
        page.get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_text("published", exact=False).first).to_be_visible()

        from newsletters.models import NewsletterPage

        newsletter = NewsletterPage.objects.get(title="Vești de iarnă")
        page.goto(f"/admin/pages/{newsletter.pk}/edit/")
        page.locator("#w-slim-header-buttons .w-dropdown__toggle").click()
        page.get_by_role("link", name="Send", exact=True).click()
        expect(page.get_by_text("1 person will receive it.")).to_be_visible()
        screenshot(page, "newsletter-send")

        page.get_by_role("button", name="Send a test").click()
        expect(page.get_by_text("A test went to birou@example.ro.")).to_be_visible()
        page.get_by_role("button", name="Send to 1 person").click()
        expect(page.get_by_text("Sending has started.")).to_be_visible()
        expect(page.get_by_text("1 of 1 sent, 0 failed, 0 waiting.")).to_be_visible()
        screenshot(page, "newsletter-sent")

    assert server.recipients == ["birou@example.ro", "ana@example.ro"]
    message = server.messages[-1].message
    html = body_of(message, "html")
    # The links are absolute, on the site's configured address; the test server listens elsewhere.
    web_url = urlsplit(re.search(r'href="([^"]+)"', html).group(1)).path
    unsubscribe_url = urlsplit(message["List-Unsubscribe"].strip().strip("<>")).path

    page.goto(web_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vești de iarnă")
    expect(page.get_by_text("Întâlnirea de iarnă a absolvenților")).to_be_visible()
    check_accessibility(page)
    page.goto(archive.url)
    expect(page.get_by_role("link", name="Vești de iarnă")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "newsletter-archive")

    page.goto(unsubscribe_url)
    check_accessibility(page)
    page.get_by_role("button", name="Dezabonează-mă").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Te-ai dezabonat")
    check_accessibility(page)
    page.set_viewport_size({"width": 360, "height": 740})
    screenshot(page, "newsletter-unsubscribed-360")
    assert not Alumnus.objects.get(email="ana@example.ro").consent_newsletter
