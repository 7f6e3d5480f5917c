"""The directory on Elasticsearch, without a server: the FacetedSearch request (sized facets, disjunctive
filters, the folded name query), a recorded response read in the SQL path's shape, and the page's switch."""

import json
import os
from unittest import mock

import pytest
from django.test import RequestFactory, TestCase, override_settings

from alumni.directory.listing import directory_filterset, external_search, register_directory_search
from alumni.factories import AlumnusFactory
from alumni.models import Visibility
from alumni.privacy import PUBLIC, Viewer
from home.factories import FacultyFactory
from home.models import Faculty
from search.elastic.directory import SearchedDirectory, directory_search


def filterset(data, viewer=PUBLIC):
    from wagtail.models import Locale

    return directory_filterset(data, viewer, Locale.get_default().pk)


class FacetedSearchBodyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.faculties = [FacultyFactory(short_name=f"F{number}") for number in range(15)]

    def body(self, data, viewer=PUBLIC):
        fs = filterset(data, viewer)
        self.assertTrue(fs.is_valid(), fs.errors)
        return directory_search(fs)._s.to_dict()

    @override_settings(ELASTICSEARCH_COUNTRY_FACET_SIZE=400)
    def test_every_terms_aggregation_is_sized_for_all_its_values(self):
        aggs = self.body({})["aggs"]
        sizes = {name: aggs[f"_filter_{name}"]["aggs"][name]["terms"]["size"] for name in ("faculty", "country")}
        self.assertGreaterEqual(sizes["faculty"], Faculty.objects.count())
        self.assertGreaterEqual(Faculty.objects.count(), 15)
        self.assertEqual(sizes["country"], 400)
        self.assertEqual(aggs["_filter_sector"]["aggs"]["sector"]["terms"]["size"], 12)
        self.assertGreater(aggs["_filter_decade"]["aggs"]["decade"]["terms"]["size"], 10)
        self.assertEqual(
            set(aggs["_filter_help"]["aggs"]["help"]["filters"]["filters"]),
            {"any", "mentoring", "guest_lectures", "internships", "practice"},
        )

    def test_guarded_facets_read_the_block_of_the_viewers_audience(self):
        public = json.dumps(self.body({}))
        alumni = json.dumps(self.body({}, Viewer(audience=Visibility.ALUMNI, alumnus_id=1)))
        self.assertIn('"public.sector"', public)
        self.assertNotIn('"alumni.', public)
        self.assertIn('"alumni.sector"', alumni)

    def test_the_name_query_is_folded_word_prefixes_all_required(self):
        body = self.body({"q": "Ştefan  Timișoara!"})
        self.assertEqual(body["query"], {"match": {"name.prefix": {"query": "stefan timisoara", "operator": "and"}}})
        self.assertEqual(body["sort"], ["sort_key", "_id"])
        self.assertIs(body["track_total_hits"], True)

    def test_filters_narrow_the_hits_and_every_facet_but_their_own(self):
        body = self.body({"sector": "it", "country": "Franța", "year": "2010", "faculty": "F3"})
        post_filter = json.dumps(body["post_filter"], ensure_ascii=False)
        self.assertIn('{"terms": {"public.sector": ["it"]}}', post_filter)
        self.assertIn('"public.country": ["Franța"]', post_filter)
        self.assertIn('{"term": {"public.graduation_year": 2010}}', post_filter)
        self.assertIn(str(self.faculties[3].translation_key), post_filter)
        sector_scope = json.dumps(body["aggs"]["_filter_sector"]["filter"], ensure_ascii=False)
        self.assertNotIn("public.sector", sector_scope)
        self.assertIn("public.country", sector_scope)
        decade_scope = json.dumps(body["aggs"]["_filter_decade"]["filter"])
        self.assertNotIn("graduation_year", decade_scope)

    def test_a_decade_filters_on_a_year_range(self):
        post_filter = self.body({"decade": "2000"})["post_filter"]
        self.assertEqual(post_filter, {"range": {"public.graduation_year": {"gte": 2000, "lte": 2009}}})

    def test_any_help_means_some_help_offered(self):
        self.assertEqual(self.body({"help": "any"})["post_filter"], {"exists": {"field": "public.help_offers"}})


def recorded_response(faculties):
    """A search response as Elasticsearch 8 answers the directory's first request (size 0, aggregations)."""
    faculty_buckets = [{"key": str(faculty.translation_key), "doc_count": 2} for faculty in faculties]
    return {
        "took": 3,
        "hits": {"total": {"value": 30, "relation": "eq"}, "hits": []},
        "aggregations": {
            "_filter_faculty": {"doc_count": 30, "faculty": {"buckets": faculty_buckets}},
            "_filter_cycle": {"doc_count": 30, "cycle": {"buckets": [{"key": "master", "doc_count": 7}]}},
            "_filter_decade": {
                "doc_count": 30,
                "decade": {"buckets": [{"key": 2004, "doc_count": 3}, {"key": 2009, "doc_count": 2}]},
            },
            "_filter_sector": {"doc_count": 30, "sector": {"buckets": [{"key": "it", "doc_count": 12}]}},
            "_filter_country": {
                "doc_count": 30,
                "country": {
                    "buckets": [{"key": f"Țara {number}", "doc_count": 1} for number in range(40)]
                    + [{"key": "franța", "doc_count": 1}, {"key": "Franța", "doc_count": 4}]
                },
            },
            "_filter_help": {
                "doc_count": 30,
                "help": {"buckets": {"any": {"doc_count": 9}, "mentoring": {"doc_count": 5}}},
            },
        },
    }


class RecordedResponseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.faculties = [FacultyFactory(short_name=f"G{number}") for number in range(15)]

    def test_a_response_becomes_the_sql_paths_counts_and_total(self):
        client = mock.Mock()
        client.search.return_value = recorded_response(self.faculties)
        fs = filterset({})
        fs.is_valid()
        searched = SearchedDirectory(fs, client=client)
        self.assertEqual(searched.count(), 30)
        counts = searched.facet_counts
        self.assertEqual(len(counts["faculty"]), 15)
        self.assertEqual(counts["faculty"]["G0"], 2)
        self.assertEqual(counts["cycle"], {"master": 7})
        self.assertEqual(counts["decade"], {"2000": 5})
        self.assertEqual(counts["sector"], {"it": 12})
        self.assertEqual(len(counts["country"]), 41)
        self.assertEqual(counts["country"]["Franța"], 5)  # one country whatever the case, most common spelling
        self.assertEqual(counts["help"]["any"], 9)
        self.assertEqual(counts["help"]["practice"], 0)
        sent = client.search.call_args.kwargs["body"]
        self.assertEqual(sent["size"], 0)

    def test_a_slice_asks_for_that_page_of_ids_without_aggregations(self):
        client = mock.Mock()
        client.search.side_effect = [
            recorded_response(self.faculties),
            {"hits": {"total": {"value": 30}, "hits": [{"_id": "7"}, {"_id": "3"}]}},
        ]
        fs = filterset({"sector": "it"})
        fs.is_valid()
        searched = SearchedDirectory(fs, client=client)
        self.assertEqual(searched[20:40], [7, 3])
        page_body = client.search.call_args.kwargs["body"]
        self.assertEqual((page_body["from"], page_body["size"]), (20, 20))
        self.assertNotIn("aggs", page_body)
        self.assertIn("post_filter", page_body)


def found_service(ids: list[int], slices: list | None = None):
    """A stand-in for a registered directory search that found `ids`, in that order; `slices` records what was
    asked for."""

    class Found:
        facet_counts = {"sector": {}}

        def __init__(self, filterset):
            pass

        def count(self):
            return len(ids)

        def __len__(self):
            return len(ids)

        def __getitem__(self, key):
            if slices is not None:
                slices.append((key.start, key.stop))
            return ids[key]

    return Found


class DirectorySwitchTests(TestCase):
    def tearDown(self):
        register_directory_search(None)

    def test_the_database_answers_unless_a_search_is_registered(self):
        fs = filterset({})
        self.assertIsNone(external_search(fs))
        answer = object()
        register_directory_search(lambda filterset: answer)
        self.assertIs(external_search(fs), answer)
        self.assertIsNone(external_search(filterset({"year": "not a year"})))

    def test_the_directory_page_shows_the_people_elasticsearch_found_in_its_order(self):
        from alumni.directory.page import directory_context
        from alumni.factories import DirectoryPageFactory
        from home.factories import site_home

        first, second = AlumnusFactory(last_name="Zamfir"), AlumnusFactory(last_name="Albu")
        page = DirectoryPageFactory(parent=site_home())

        register_directory_search(found_service([first.pk, second.pk]))
        request = RequestFactory().get("/")
        request.user = mock.Mock(is_authenticated=False)
        request.session = {}
        context = directory_context(page, request)
        self.assertEqual([card.profile.id for card in context["people"]], [first.pk, second.pk])
        self.assertEqual(context["result_count"], 2)

    def test_the_api_lists_the_people_elasticsearch_found_in_its_order(self):
        people = [AlumnusFactory(last_name=name) for name in ("Zamfir", "Albu", "Marin")]
        unlisted = AlumnusFactory(last_name="Ascuns", consent_directory=False)
        slices = []
        # The service's order, one person erased and one unlisted since its index was written.
        register_directory_search(
            found_service([people[0].pk, unlisted.pk, people[2].pk, 999_999, people[1].pk], slices)
        )
        data = self.client.get("/api/v3/alumni/", {"sector": "it", "limit": 3}).json()
        self.assertEqual(data["count"], 5)
        self.assertEqual([item["id"] for item in data["items"]], [people[0].pk, people[2].pk])
        self.assertEqual(slices, [(0, 3)])
        # Invalid filters never reach the service.
        self.assertEqual(self.client.get("/api/v3/alumni/", {"year": "abc"}).status_code, 422)
        self.assertEqual(slices, [(0, 3)])


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL is not set")
class LiveDirectoryTests(TestCase):
    def test_folded_names_and_complete_facets_on_a_live_cluster(self):
        import uuid

        from search.elastic.documents import DOCUMENT_TYPES
        from search.elastic.indexing import get_client, rebuild

        with override_settings(ELASTICSEARCH_INDEX_PREFIX=f"alumni_test_{uuid.uuid4().hex[:8]}_"):
            faculties = [FacultyFactory(short_name=f"L{number}") for number in range(15)]
            for number, faculty in enumerate(faculties):
                AlumnusFactory(faculty=faculty, first_name="Ştefan", last_name="Timişoara", country=f"Țara {number}")
            client = get_client()
            new_index = rebuild(DOCUMENT_TYPES["directory"], chunk_size=4, progress=lambda total, name: lambda n: None)
            try:
                for query in ("Stefan Timisoara", "Ștefan Timișoara", "ştef timiş"):
                    fs = filterset({"q": query})
                    fs.is_valid()
                    searched = SearchedDirectory(fs)
                    self.assertEqual(searched.count(), 15)
                fs = filterset({})
                fs.is_valid()
                counts = SearchedDirectory(fs).facet_counts
                self.assertEqual(len([c for c in counts["faculty"] if c.startswith("L")]), 15)
                self.assertGreaterEqual(len(counts["country"]), 15)
            finally:
                client.indices.delete(index=new_index, ignore_unavailable=True)
