"""A visitor's journey through the public site in a real browser, with axe-core checks on every page."""

import pytest
from playwright.sync_api import expect

from events.factories import build_section
from home.factories import ArticlePageFactory, site_home, translate

# The live server reads the data from another thread, so it has to be committed (transactional_db); the
# serialized rollback restores what the migrations created (locales, home page, default site) for the tests after.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def section():
    """A faculty section with two articles, a named coordinator, and English translations of the path through it."""
    home = site_home()
    home.title = "Alumni UBB"
    home.introduction = "Comunitatea absolvenților universității."
    home.save_revision().publish()
    faculty_page, news, _calendar = build_section("Facultatea de Matematică și Informatică", articles=0, events=2)
    faculty = faculty_page.faculty
    faculty.short_name = "FMI"
    faculty.coordinator_name = "Ioana Popescu"
    faculty.save()
    article = ArticlePageFactory(parent=news, title="Absolvenții de anul acesta s-au reîntâlnit")
    ArticlePageFactory(parent=news, title="Burse pentru masteranzi")
    translate(home, title="Alumni UBB", introduction="The university's graduate community.")
    translate(faculty_page, title="Faculty of Mathematics and Computer Science")
    english_article = translate(article, title="This year's graduates met again")
    return {"faculty_page": faculty_page, "article": article, "english_article": english_article}


def test_journey_from_home_to_an_english_article(page, section, check_accessibility):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ro")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alumni UBB")
    check_accessibility(page)

    page.locator(".faculty-tile a", has_text=section["faculty_page"].title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(section["faculty_page"].title)
    expect(page.locator(".contact-card")).to_contain_text("Ioana Popescu")
    check_accessibility(page)

    page.locator(".card__title a", has_text=section["article"].title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(section["article"].title)
    expect(page.locator("html")).to_have_attribute("lang", "ro")
    check_accessibility(page)

    switch = page.locator('.language-switcher a[hreflang="en"]')
    expect(switch).to_contain_text("EN")
    switch.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(section["english_article"].title)
    assert "/en/" in page.url
    check_accessibility(page)


def test_home_page_fits_a_360px_phone(page, section, check_accessibility):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"the home page scrolls sideways at 360 px: scrollWidth is {scroll_width}"
    check_accessibility(page)
