"""A graduate joins through the form and a visitor finds listed alumni in the directory; axe checks each page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from alumni.factories import AlumnusFactory
from alumni.models import Alumnus, DirectoryPage, JoinPage
from home.factories import FacultyFactory, site_home

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def alumni_pages():
    home = site_home()
    faculty = FacultyFactory(name="Facultatea de Matematică și Informatică", short_name="FMI")
    directory = home.add_child(instance=DirectoryPage(title="Directorul alumni", slug="director"))
    directory.save_revision().publish()
    join = home.add_child(
        instance=JoinPage(
            title="Alătură-te comunității",
            slug="inscriere",
            directory_consent_text="Sunt de acord să apar în director.",
            newsletter_consent_text="Doresc newsletterul.",
            surveys_consent_text="Accept sondajele.",
            thank_you_text="Mulțumim! Verifică e-mailul.",
        )
    )
    join.save_revision().publish()
    AlumnusFactory(faculty=faculty, first_name="Ștefan", last_name="Țurcanu", sector="it", graduation_year=2010)
    AlumnusFactory(faculty=faculty, first_name="Maria", last_name="Bălan", sector="education", graduation_year=1998)
    AlumnusFactory(faculty=faculty, first_name="Ştefan", last_name="Ascuns", status=Alumnus.Status.PENDING)
    return {"directory": directory, "join": join, "faculty": faculty}


def test_a_visitor_searches_the_directory_without_diacritics(page, alumni_pages, check_accessibility):
    page.goto(alumni_pages["directory"].url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Directorul alumni")
    check_accessibility(page)

    page.locator("#id_q").fill("stefan turcanu")
    page.locator("form.filter-form [type=submit]").click()
    expect(page.get_by_text("Ștefan Țurcanu")).to_be_visible()
    expect(page.get_by_text("Maria Bălan")).to_have_count(0)
    expect(page.get_by_text("Ascuns")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"@example\.ro"))).to_have_count(0)
    check_accessibility(page)


def test_a_graduate_joins_and_is_asked_to_confirm_the_address(page, alumni_pages, check_accessibility):
    page.goto(alumni_pages["join"].url)
    check_accessibility(page)
    form = page.locator("form").filter(has=page.locator("#id_first_name"))
    form.get_by_role("button").last.click()
    expect(page.locator(".field-error, .form__error, [id$='_error']").first).to_be_visible()
    check_accessibility(page)

    form = page.locator("form").filter(has=page.locator("#id_first_name"))
    form.locator("#id_first_name").fill("Ioana")
    form.locator("#id_last_name").fill("Mureșan")
    form.locator("#id_email").fill("ioana.muresan@example.ro")
    form.locator("#id_faculty").select_option(str(alumni_pages["faculty"].pk))
    form.locator("#id_study_cycle").select_option("master")
    form.locator("#id_graduation_year").fill("2015")
    form.locator("input[name='consent_directory']").check()
    form.get_by_role("button").last.click()

    expect(page.get_by_text("Mulțumim! Verifică e-mailul.")).to_be_visible()
    person = Alumnus.objects.get(email="ioana.muresan@example.ro")
    assert person.status == Alumnus.Status.UNCONFIRMED
    assert person.consent_directory and not person.consent_newsletter
    assert mail.outbox and mail.outbox[-1].to == ["ioana.muresan@example.ro"]
