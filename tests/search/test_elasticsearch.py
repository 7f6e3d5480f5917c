"""The Elasticsearch path of the site search, tested without a server: mappings, the query sent, and how a
response becomes pages. With ELASTICSEARCH_URL set, the last class runs the same search against a live server."""

import json
import os
import uuid
from unittest import mock

import pytest
from django.test import TestCase, override_settings
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from home.factories import FacultyPageFactory, site_home
from home.models import ArticlePage, Faculty
from home.text import fold_diacritics

ES_SETTINGS = {
    "default": {
        "BACKEND": "wagtail.search.backends.elasticsearch8",
        "URLS": [os.environ.get("ELASTICSEARCH_URL") or "http://127.0.0.1:9"],
        "INDEX_PREFIX": f"alumni_test_{uuid.uuid4().hex[:8]}_",
        "TIMEOUT": 5,
        # Pages created by the offline tests must not try to reach a server; the live test indexes explicitly.
        "AUTO_UPDATE": False,
    }
}


@override_settings(WAGTAILSEARCH_BACKENDS=ES_SETTINGS)
class ElasticsearchMappingTests(TestCase):
    def setUp(self):
        self.backend = get_search_backend()

    def test_pages_map_their_diacritic_free_text_into_the_searched_text(self):
        properties = self.backend.mapping_class(ArticlePage).get_mapping()["properties"]
        folded = [name for name in properties if name.endswith("folded_search_text")]
        self.assertEqual(len(folded), 1)
        self.assertIn("_all_text", properties[folded[0]]["copy_to"])
        self.assertEqual(properties["locale_id_filter"]["type"], "integer")

    def test_faculties_are_indexed_with_a_folded_name(self):
        properties = self.backend.mapping_class(Faculty).get_mapping()["properties"]
        self.assertTrue(any(name.endswith("folded_name") for name in properties))

    def test_document_carries_the_folded_title(self):
        page = FacultyPageFactory(parent=site_home(), title="Facultatea de Ştiinţe")
        document = self.backend.mapping_class(type(page)).get_document(page)
        folded = next(value for key, value in document.items() if key.endswith("folded_search_text"))
        self.assertIn("facultatea de stiinte", folded)

    def test_search_query_is_folded_and_filtered_to_live_pages_of_one_locale(self):
        locale = Locale.objects.get(language_code="ro")
        queryset = Page.objects.live().filter(locale=locale)
        compiler = self.backend.query_compiler_class(queryset, fold_diacritics("Ştiinţe"), operator="and")
        query = compiler.get_query()
        self.assertEqual(query["bool"]["must"]["multi_match"]["query"], "stiinte")
        self.assertEqual(query["bool"]["must"]["multi_match"]["operator"], "and")
        filters = json.dumps(query["bool"]["filter"])
        self.assertIn(json.dumps({"term": {"live_filter": True}}), filters)
        self.assertIn(json.dumps({"term": {"locale_id_filter": locale.pk}}), filters)

    def test_a_response_becomes_the_matching_pages_in_score_order(self):
        first = FacultyPageFactory(parent=site_home(), title="Științe Economice")
        second = FacultyPageFactory(parent=site_home(), title="Științe Politice")
        response = {
            "hits": {
                "total": {"value": 2},
                "hits": [
                    {"_score": 3.5, "fields": {"pk": [str(second.pk)]}},
                    {"_score": 1.2, "fields": {"pk": [str(first.pk)]}},
                ],
            }
        }
        fake_client = mock.Mock()
        fake_client.search.return_value = response
        with mock.patch.object(self.backend, "es", fake_client):
            results = list(self.backend.search("stiinte", Page.objects.live(), operator="and")[:10])
        self.assertEqual([page.pk for page in results], [second.pk, first.pk])
        sent = fake_client.search.call_args.kwargs
        self.assertEqual(sent["query"]["bool"]["must"]["multi_match"]["query"], "stiinte")


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL is not set")
@override_settings(WAGTAILSEARCH_BACKENDS=ES_SETTINGS)
class LiveElasticsearchTests(TestCase):
    def test_indexed_page_is_found_whatever_the_diacritics(self):
        from django.core.management import call_command

        FacultyPageFactory(parent=site_home(), title="Facultatea de Ştiinţe Economice")
        call_command("update_index", verbosity=0)
        backend = get_search_backend()
        backend.get_index_for_model(Page).refresh()
        try:
            for query in ["Științe", "Ştiinţe", "stiinte"]:
                results = backend.search(fold_diacritics(query), Page.objects.live(), operator="and")
                self.assertIn("Facultatea de Ştiinţe Economice", [page.title for page in results])
        finally:
            for index in {backend.get_index_for_model(model) for model in (Page, Faculty)}:
                index.delete()
