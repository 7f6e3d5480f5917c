"""Page test helpers for two upstream gaps in WagtailPageTestCase (Wagtail 8.0).

1. assertPageIsRoutable routes the whole URL path, language prefix included ("/en/science/"), from the root
   page localized to the *active* language, so it cannot route a page served under `i18n_patterns`.
   assert_translated_page_is_routable activates the page's language and strips the prefix, then routes the way
   Wagtail's serve view does.
2. assertPageIsEditable and assertPageIsPreviewable read the POST data from the edit form's HTML, but
   StreamFields are rendered by JavaScript, so their "<name>-count" inputs are missing and the POST fails.
   edit_form_data adds them (for empty StreamFields, which is what these tests create).

Remove each helper when WagtailPageTestCase handles the case itself.
"""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils import translation
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html


def assert_translated_page_is_routable(testcase, page):
    language = page.locale.language_code
    with translation.override(language):
        path = page.get_url(testcase.dummy_request)
        prefix = f"/{language}/"
        testcase.assertTrue(path.startswith(prefix), f"{path} does not start with {prefix}")
        components = [component for component in path[len(prefix) :].split("/") if component]
        site = page.get_site()
        try:
            routed, _args, _kwargs = site.root_page.localized.specific.route(testcase.dummy_request, components)
        except Http404:
            testcase.fail(f"Failed to route to {path} for {type(page).__name__} {page}")
        testcase.assertEqual(routed.pk, page.pk)


def edit_form_data(testcase, page):
    """The edit form's data as a browser would post it, with the StreamField counts the HTML lacks."""

    editor = get_user_model().objects.filter(username="editform").first() or testcase.create_superuser("editform")
    testcase.client.force_login(editor)
    response = testcase.client.get(f"/admin/pages/{page.pk}/edit/")
    testcase.client.logout()
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            if len(getattr(page, field.name)):
                raise ValueError(f"edit_form_data only supports empty StreamFields; {field.name} has blocks")
            data.setdefault(f"{field.name}-count", "0")
    data["action-publish"] = ""
    return data
