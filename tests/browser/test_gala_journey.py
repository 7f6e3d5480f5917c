"""A visitor nominates a graduate for the gala; the office shortlists and awards the nomination in the admin; the
winner appears in the public archive. axe checks the edition page (with the form's errors) and the archive."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from gala.factories import AwardCategoryFactory, GalaEditionPageFactory, GalaIndexPageFactory
from gala.models import Nomination
from home.factories import FacultyFactory, site_home
from tests.browser.test_newsletter_journey import screenshot, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def gala_site():
    FacultyFactory(name="Facultatea de Drept", short_name="FD")
    archive = GalaIndexPageFactory(parent=site_home(), slug="gala", title="Gala Absolvenților")
    edition = GalaEditionPageFactory(parent=archive, slug="gala-2027", title="Gala Absolvenților 2027")
    edition.categories.set([AwardCategoryFactory(name="Excelență profesională")])
    edition.save_revision().publish()
    office = get_user_model().objects.create_superuser("birou", "birou@example.ro", "o-parola-buna-123")
    profile = UserProfile.get_for_user(office)
    profile.preferred_language = "en"
    profile.save()
    return {"archive": archive, "edition": edition}


def test_a_nomination_becomes_a_winner_in_the_archive(page, gala_site, check_accessibility):
    edition, archive = gala_site["edition"], gala_site["archive"]
    page.goto(edition.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Gala Absolvenților 2027")
    check_accessibility(page)
    page.get_by_label("Categoria premiului").select_option(label="Excelență profesională")
    page.get_by_label("Pe cine nominalizezi?").fill("Ioana Marinescu")
    page.get_by_label("Facultatea absolventului").select_option(label="Facultatea de Drept")
    page.get_by_label("De ce merită premiul?").fill("Prea scurt.")
    page.get_by_label("Numele tău").fill("Andrei Popa")
    page.get_by_label("E-mailul tău").fill("andrei@example.ro")
    page.get_by_role("button", name="Trimite nominalizarea").click()
    expect(page.get_by_text("Te rugăm să corectezi câmpurile marcate mai jos.")).to_be_visible()
    check_accessibility(page)
    page.set_viewport_size({"width": 360, "height": 740})
    screenshot(page, "gala-nomination-errors-360")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.get_by_label("De ce merită premiul?").fill(
        "A organizat zece ani la rând stagii de practică pentru studenții facultății și a predat voluntar."
    )
    page.get_by_role("button", name="Trimite nominalizarea").click()
    expect(page.get_by_text("Mulțumim: nominalizarea ta a ajuns la biroul alumni.")).to_be_visible()
    nomination = Nomination.objects.get()

    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in_to_admin(page)
    page.goto(f"/admin/snippets/gala/nomination/edit/{nomination.pk}/")
    page.get_by_role("button", name="Shortlisted").click()
    expect(page.get_by_text("Ioana Marinescu: Shortlisted.")).to_be_visible()
    page.get_by_role("button", name="Winner").click()
    expect(page.get_by_text("Ioana Marinescu: Winner.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=re.compile("Shortlisted → Winner"))).to_be_visible()
    screenshot(page, "gala-nomination-admin")

    page.goto(archive.url)
    expect(page.get_by_text("Ioana Marinescu")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "gala-archive")
