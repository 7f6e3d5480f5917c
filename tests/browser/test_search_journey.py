"""A visitor searches from the header: suggestions as they type (chosen with the keyboard), the results grouped by
kind in Romanian and English, at desktop width and at 360px, and the same search with JavaScript turned off."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from alumni.factories import AlumnusFactory, DirectoryPageFactory
from home.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    FacultyFactory,
    FacultyPageFactory,
    site_home,
    translate,
)
from tests.browser.test_newsletter_journey import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def searchable_site():
    home = site_home()
    faculty = FacultyFactory(name="Facultatea de Științe Economice", short_name="FSEGA")
    science = FacultyPageFactory(parent=home, title="Facultatea de Științe Economice", slug="stiinte", faculty=faculty)
    translate(home, title="Alumni", slug="home-en")
    translate(science, title="Faculty of Economic Sciences", slug="economics")
    news = ArticleIndexPageFactory(parent=home, slug="noutati")
    article = ArticlePageFactory(parent=news, title="Ștefan Pop revine la Timișoara", slug="stefan-pop")
    directory = DirectoryPageFactory(parent=home, title="Anuarul absolvenților", slug="anuar")
    AlumnusFactory(first_name="Ştefan", last_name="Timişoreanu", faculty=faculty)
    AlumnusFactory(first_name="Ștefan", last_name="Ascunsul", consent_directory=False, faculty=faculty)
    call_command("update_index", verbosity=0)
    return {"article": article, "directory": directory}


def fits(page, width: int) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_suggestions_are_chosen_with_the_keyboard(page, searchable_site, check_accessibility):
    page.goto("/")
    box = page.get_by_role("combobox", name="Caută pe site")
    box.press_sequentially("stefan", delay=30)
    options = page.get_by_role("listbox", name="Sugestii").get_by_role("option")
    expect(options.first).to_be_visible()
    titles = options.all_inner_texts()
    assert any("Ștefan Pop revine la Timișoara" in title for title in titles)
    assert any("Ştefan Timişoreanu" in title for title in titles)
    assert not any("Ascunsul" in title for title in titles)
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    check_accessibility(page)
    screenshot(page, "search-suggestions")
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("ArrowDown")  # closed: the arrow keys leave the text alone
    box.press_sequentially(" pop", delay=30)
    expect(options.first).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(searchable_site["article"].url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ștefan Pop revine la Timișoara")


@pytest.mark.parametrize("width", [1280, 360])
def test_results_grouped_by_kind_in_romanian_and_english(page, searchable_site, check_accessibility, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    box = page.get_by_role("combobox", name="Caută pe site")
    box.fill("Stefan Timisoara")
    box.press("Enter")  # nothing chosen in the list: the form is sent
    expect(page.get_by_role("heading", level=1)).to_have_text("Căutare")
    expect(page.get_by_role("heading", name="Articole (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Ștefan Pop revine la Timișoara")).to_be_visible()
    check_accessibility(page)
    assert fits(page, width)
    screenshot(page, f"search-results-ro-{width}")

    page.goto("/en/")
    box = page.get_by_role("combobox", name="Search the site")
    box.fill("economic")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Faculties (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Faculty of Economic Sciences")).to_be_visible()
    expect(page.get_by_text("Facultatea de Științe Economice")).to_have_count(0)
    check_accessibility(page)
    assert fits(page, width)
    screenshot(page, f"search-results-en-{width}")


def test_the_search_works_without_javascript(browser, live_server, searchable_site):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="ro-RO")
    page = context.new_page()
    try:
        page.goto("/")
        box = page.get_by_role("searchbox", name="Caută pe site")
        box.fill("timisoreanu")
        page.get_by_role("button", name="Căutare").first.click()
        expect(page.get_by_role("heading", name="Alumni (1)")).to_be_visible()
        person = page.get_by_role("link", name="Ştefan Timişoreanu")
        expect(person).to_have_attribute("href", "/anuar/?q=%C5%9Etefan+Timi%C5%9Foreanu")
        screenshot(page, "search-results-no-js")
    finally:
        context.close()
