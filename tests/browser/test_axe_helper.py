"""The accessibility helper itself: it must fail on serious problems, or a green journey would prove nothing."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def blank_page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def test_axe_reports_serious_violations_with_their_targets(blank_page, check_accessibility):
    blank_page.set_content(
        '<!DOCTYPE html><html lang="ro"><head><title>t</title></head><body><main>'
        '<h1>Titlu</h1><img id="no-alt" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#bbb;background:#fff" id="faint">Text greu de citit</p></main></body></html>'
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        check_accessibility(blank_page)
    message = str(failure.value)
    assert "image-alt" in message and "#no-alt" in message
    assert "color-contrast" in message and "#faint" in message


def test_axe_passes_a_clean_page(blank_page, check_accessibility):
    blank_page.set_content(
        '<!DOCTYPE html><html lang="ro"><head><title>t</title></head><body><main><h1>Titlu</h1>'
        "<p>Text lizibil.</p></main></body></html>"
    )
    check_accessibility(blank_page)
