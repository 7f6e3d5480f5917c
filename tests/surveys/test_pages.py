"""The survey page in the admin and on the site: where it may be created, and that it routes, renders, edits
(questions included) and previews, in Romanian and English; survey pages stay out of the form submissions list."""

from django.contrib.auth import get_user_model
from wagtail.contrib.forms.utils import get_forms_for_user
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.factories import translate
from surveys.models import SurveyField, SurveyPage
from tests.page_assertions import assert_translated_page_is_routable, edit_form_data
from tests.surveys.builders import survey_setup


class SurveyPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        survey_setup(cls)
        cls.english = translate(cls.survey, title="Satisfaction survey", slug="survey")

    def test_routes_renders_edits_and_previews_in_both_languages(self):
        for page in (self.survey, self.english):
            page = Page.objects.get(pk=page.pk).specific
            with self.subTest(language=page.locale.language_code):
                if page.locale.language_code == "en":
                    assert_translated_page_is_routable(self, page)
                else:
                    self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)
                form_data = edit_form_data(self, page)
                self.assertPageIsEditable(page, post_data=form_data)
                self.assertPageIsPreviewable(page, post_data=form_data)
                self.assertPageIsPreviewable(page, post_data=form_data, mode="landing")

    def test_the_office_adds_a_question_in_the_editor(self):
        data = edit_form_data(self, self.survey)
        count = int(data["form_fields-TOTAL_FORMS"])
        data.update(
            {
                "form_fields-TOTAL_FORMS": str(count + 1),
                f"form_fields-{count}-label": "Ai participat la un eveniment anul acesta?",
                f"form_fields-{count}-field_type": "checkbox",
                f"form_fields-{count}-ORDER": str(count + 1),
                f"form_fields-{count}-id": "",
                f"form_fields-{count}-choices": "",
                f"form_fields-{count}-default_value": "",
                f"form_fields-{count}-help_text": "",
            }
        )
        self.client.force_login(get_user_model().objects.get(username="editform"))
        response = self.client.post(f"/admin/pages/{self.survey.pk}/edit/", data)
        self.assertEqual(response.status_code, 302)
        saved = SurveyPage.objects.get(pk=self.survey.pk).get_latest_revision_as_object()
        fields = list(saved.form_fields.all())
        self.assertEqual(len(fields), count + 1)
        self.assertEqual([field.field_type for field in fields].count("checkbox"), 1)
        form = saved.get_form(page=saved)
        self.assertIn("ai_participat_la_un_eveniment_anul_acesta", form.fields)

    def test_the_english_translation_keeps_the_questions_keys_and_types(self):
        original = list(SurveyField.objects.filter(page=self.survey).values_list("clean_name", "field_type"))
        english = list(SurveyField.objects.filter(page=self.english).values_list("clean_name", "field_type"))
        self.assertEqual(original, english)

    def test_survey_pages_are_not_in_the_form_submissions_listing(self):
        office = get_user_model().objects.create_superuser("birou", "birou@example.ro", "o-parola-buna-123")
        self.assertFalse(get_forms_for_user(office).type(SurveyPage).exists())
