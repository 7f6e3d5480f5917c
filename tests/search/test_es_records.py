"""Protocols and gala winners on Elasticsearch, without a server: the mappings, the query bodies (folded word
parts, every word; the language's shown editions; the database path's order), a recorded response read back into
records, and the site search reading the index. An offline stand-in evaluates the bodies over the documents the
index would hold and agrees with the database path; the same comparison runs on a live cluster when
ELASTICSEARCH_URL is set."""

import datetime
import fnmatch
import json
import os
import uuid
from unittest import mock

import pytest
from django.test import TestCase, override_settings
from wagtail.models import Locale, PageViewRestriction

from alumni.privacy import PUBLIC
from gala.factories import AwardCategoryFactory, GalaEditionPageFactory, GalaIndexPageFactory, NominationFactory
from home.factories import FacultyFactory, site_home, translate
from home.text import fold_diacritics
from protocols.factories import ProtocolFactory
from search.elastic.analysis import analysis_settings
from search.elastic.documents import DOCUMENT_TYPES, ActiveProtocol, GalaWinner
from search.elastic.records import SearchedRecords, protocol_search, winner_search
from search.kinds import KINDS, SearchContext
from tests.routes import url

ES = {"ELASTICSEARCH_URL": "http://127.0.0.1:9", "ELASTICSEARCH_INDEX_PREFIX": "t_"}
QUERIES = ["timis", "Timișoara", "ŞTEFAN", "endava practica", "stefan cast", "informatica", "2028", "nimeni", "a"]


def context_for(query, language="ro"):
    return SearchContext(None, Locale.objects.get(language_code=language), PUBLIC, query)


class FakeIndex:
    """Elasticsearch as far as these bodies go: bool filter/should, wildcard on a `.folded` keyword (the field's
    text through the folded_keyword normalizer: cedillas, lowercase, ASCII folding), terms, and the sort."""

    def __init__(self, documents: dict[str, dict[str, dict]]):
        self.documents = documents  # {alias: {id: source}}
        self.bodies: list[dict] = []

    @staticmethod
    def _value(source, field):
        name, _sep, sub = field.partition(".")
        value = source.get(name)
        if sub == "folded" and isinstance(value, str):
            return fold_diacritics(value)
        return value

    def _matches(self, source, query) -> bool:
        ((kind, spec),) = query.items()
        if kind == "match_all":
            return True
        if kind == "bool":
            musts = spec.get("filter", []) + spec.get("must", [])
            ok = all(self._matches(source, part) for part in musts)
            if spec.get("should"):
                ok = ok and any(self._matches(source, part) for part in spec["should"])
            return ok
        if kind == "wildcard":
            ((field, options),) = spec.items()
            value = self._value(source, field)
            return isinstance(value, str) and fnmatch.fnmatchcase(value, options["value"])
        if kind == "terms":
            ((field, values),) = spec.items()
            return self._value(source, field) in values
        raise AssertionError(f"unexpected query {kind}")

    def _sort_key(self, source, sort):
        key = []
        for item in sort:
            field, order = (
                (item, "asc")
                if isinstance(item, str)
                else next((name, options["order"]) for name, options in item.items())
            )
            value = self._value(source, field.removesuffix(".sort"))
            if field == "edition_starts_at":
                value = datetime.datetime.fromisoformat(value).timestamp()
            key.append(-value if order == "desc" else value)
        return key

    def search(self, index, body):
        self.bodies.append(body)
        found = [(pk, source) for pk, source in self.documents[index].items() if self._matches(source, body["query"])]
        found.sort(key=lambda item: self._sort_key(item[1], body.get("sort", [])))
        start, size = body.get("from", 0), body.get("size", 10)
        hits = [{"_id": pk} for pk, _source in found[start : start + size]]
        return {"hits": {"total": {"value": len(found), "relation": "eq"}, "hits": hits}}


def indexed_documents() -> dict[str, dict[str, dict]]:
    """What a rebuild would write, by alias."""
    documents = {}
    for kind in ("protocols", "winners"):
        doc_type = DOCUMENT_TYPES[kind]
        documents[doc_type.alias] = {
            str(pk): source for pk, source in doc_type.sources(doc_type.indexed()) if source is not None
        }
    return documents


class RecordsData:
    @classmethod
    def make_records(cls):
        home = site_home()
        cls.faculty = FacultyFactory(name="Facultatea de Informatică")
        common = {"faculty": cls.faculty, "live": True, "stage": "active"}
        cls.active = ProtocolFactory(title="Practică în Timișoara", partner_name="Endava", **common)
        cls.other = ProtocolFactory(title="Burse Ştefan cel Mare", partner_name="Banca", **common)
        ProtocolFactory(title="Practică nesemnată Timișoara", faculty=cls.faculty, live=False)
        ProtocolFactory(title="Practică evaluată Timișoara", faculty=cls.faculty, live=True, stage="evaluated")
        archive = GalaIndexPageFactory(parent=home, slug="gala")
        when = datetime.datetime(2028, 11, 20, 18, tzinfo=datetime.UTC)
        cls.edition = GalaEditionPageFactory(parent=archive, slug="gala-2028", starts_at=when)
        cls.older = GalaEditionPageFactory(parent=archive, slug="gala-2027", starts_at=when.replace(year=2027))
        cls.private = GalaEditionPageFactory(parent=archive, slug="gala-privata", starts_at=when.replace(year=2026))
        PageViewRestriction.objects.create(page=cls.private, restriction_type="password", password="secret")
        cls.draft = GalaEditionPageFactory(parent=archive, slug="gala-ciorna", starts_at=when.replace(year=2025))
        cls.draft.unpublish()
        category = AwardCategoryFactory(name="Excelență profesională")
        for edition, name in (
            (cls.edition, "Ştefan Câştigătorul"),
            (cls.edition, "Ștefan Abaluță"),
            (cls.older, "Ștefan Cășuneanu"),
            (cls.private, "Ștefan Ascunsul"),
            (cls.draft, "Ștefan Ciorna"),
        ):
            NominationFactory(
                nominee_name=name, status="winner", edition=edition, category=category, faculty=cls.faculty
            )
        NominationFactory(
            nominee_name="Ștefan Propusul",
            status="submitted",
            edition=cls.edition,
            category=category,
            faculty=cls.faculty,
        )


@override_settings(**ES)
class ClusterDownTests(RecordsData, TestCase):
    """The cluster unreachable: protocols and winners come from the database path's own query, and the cluster is
    asked once per breaker window (search.elastic.resilient)."""

    @classmethod
    def setUpTestData(cls):
        cls.make_records()

    def setUp(self):
        from home.circuits import reset_circuits

        reset_circuits()
        self.addCleanup(reset_circuits)

    def test_protocols_and_winners_are_found_in_the_database_while_the_cluster_is_down(self):
        from elasticsearch import ConnectionError as TransportConnectionError

        client = mock.Mock()
        client.search.side_effect = TransportConnectionError("refused")
        with override_settings(ELASTICSEARCH_URL=""):
            expected = {}
            for query in ("stefan", "timis"):
                context = context_for(query)
                expected[query] = {key: list(KINDS[key].matching(context)) for key in ("protocols", "gala-winners")}
        self.assertTrue(any(expected["stefan"].values()) and any(expected["timis"].values()))
        with mock.patch("search.elastic.indexing.get_client", return_value=client):
            for query in ("stefan", "timis"):
                context = context_for(query)
                for key in ("protocols", "gala-winners"):
                    found = KINDS[key].matching(context)
                    self.assertEqual(found.count(), len(expected[query][key]), (query, key))
                    self.assertEqual(list(found[0:10]), expected[query][key][:10], (query, key))
            response = self.client.get(url("search"), {"q": "stefan"})
        self.assertEqual(response.status_code, 200)
        # The first refusal opened the breaker: every later search left the cluster alone.
        self.assertEqual(client.search.call_count, 1)


@override_settings(**ES)
class QueryBodyTests(RecordsData, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_records()

    def test_every_folded_word_is_part_of_some_field(self):
        body = protocol_search(context_for("Ştefan  Timișoara!")).to_dict()
        words = body["query"]["bool"]["filter"]
        self.assertEqual(len(words), 2)
        self.assertEqual(
            words[0]["bool"]["should"],
            [
                {"wildcard": {"title.folded": {"value": "*stefan*"}}},
                {"wildcard": {"partner_name.folded": {"value": "*stefan*"}}},
                {"wildcard": {"target_programme.folded": {"value": "*stefan*"}}},
            ],
        )
        self.assertEqual(words[1]["bool"]["should"][0], {"wildcard": {"title.folded": {"value": "*timisoara*"}}})
        self.assertEqual(body["sort"], ["title.sort", "record_id"])
        self.assertIs(body["track_total_hits"], True)
        self.assertIs(body["_source"], False)

    def test_winners_only_of_the_editions_shown_in_the_language(self):
        context = context_for("stefan")
        keys = [
            str(key) for key in KINDS["gala-winners"].shown_editions(context).values_list("translation_key", flat=True)
        ]
        self.assertEqual(set(keys), {str(self.edition.translation_key), str(self.older.translation_key)})
        body = winner_search(context, keys).to_dict()
        self.assertIn({"terms": {"edition_key": keys}}, body["query"]["bool"]["filter"])
        self.assertEqual(body["sort"], [{"edition_starts_at": {"order": "desc"}}, "name.sort", "record_id"])
        # An English search asks for the editions published in English only: none here, so nobody is asked.
        client = mock.Mock()
        with mock.patch("search.elastic.indexing.get_client", return_value=client):
            self.assertEqual(KINDS["gala-winners"].matching(context_for("stefan", "en")).count(), 0)
        client.search.assert_not_called()

    def test_mappings_keep_each_field_whole_and_folded_and_the_order_fields(self):
        protocol = ActiveProtocol._doc_type.mapping.to_dict()["properties"]
        self.assertEqual(protocol["title"]["fields"]["folded"], {"type": "keyword", "normalizer": "folded_keyword"})
        self.assertEqual(protocol["title"]["fields"]["sort"], {"type": "keyword"})
        self.assertEqual(protocol["target_programme"]["fields"]["folded"]["normalizer"], "folded_keyword")
        self.assertEqual(protocol["record_id"], {"type": "long"})
        winner = GalaWinner._doc_type.mapping.to_dict()["properties"]
        self.assertEqual(winner["name"]["fields"]["folded"]["normalizer"], "folded_keyword")
        self.assertEqual(winner["edition_starts_at"], {"type": "date"})
        normalizer = analysis_settings()["normalizer"]["folded_keyword"]
        self.assertEqual(normalizer["char_filter"], ["cedilla_to_comma_below"])
        self.assertEqual(normalizer["filter"], ["lowercase", "asciifolding"])
        body = DOCUMENT_TYPES["protocols"].body()
        self.assertIn("folded_keyword", json.dumps(body["settings"]))

    def test_documents_carry_the_order_and_nothing_private(self):
        source = DOCUMENT_TYPES["winners"].source(self.edition.nominations.filter(status="winner").first())
        self.assertEqual(datetime.datetime.fromisoformat(source["edition_starts_at"]), self.edition.starts_at)
        self.assertIn("record_id", source)
        self.assertNotIn("reason", json.dumps(source))


@override_settings(**ES)
class RecordedResponseTests(RecordsData, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_records()

    def test_ids_become_the_kinds_visible_records_in_the_index_order(self):
        client = mock.Mock()
        evaluated = ProtocolFactory(title="Timiș vechi", faculty=self.faculty, live=True, stage="evaluated")
        client.search.side_effect = [
            {"hits": {"total": {"value": 3, "relation": "eq"}, "hits": []}},
            # Its order; one protocol evaluated since its document was written, one deleted.
            {
                "hits": {
                    "total": {"value": 3},
                    "hits": [
                        {"_id": str(self.other.pk)},
                        {"_id": str(evaluated.pk)},
                        {"_id": "999999"},
                        {"_id": str(self.active.pk)},
                    ],
                }
            },
        ]
        kind = KINDS["protocols"]
        context = context_for("a")
        found = SearchedRecords(
            protocol_search(context), kind.visible(context), kind.visible(context).none(), client=client
        )
        self.assertEqual(found.count(), 3)
        self.assertEqual(client.search.call_args.kwargs["body"]["size"], 0)
        self.assertEqual(found[0:4], [self.other, self.active])
        page_body = client.search.call_args.kwargs["body"]
        self.assertEqual((page_body["from"], page_body["size"]), (0, 4))
        self.assertEqual(client.search.call_args.kwargs["index"], "t_protocols")
        self.assertEqual(found[3:3], [])

    def test_the_site_search_reads_the_indexes_for_protocols_and_winners(self):
        fake = FakeIndex(indexed_documents())
        # The database's own matching would find these too: the index's answer is what must be shown.
        fake.documents["t_protocols"].pop(str(self.other.pk))
        with mock.patch("search.elastic.indexing.get_client", return_value=fake):
            response = self.client.get(url("search"), {"q": "stefan"})
        groups = {group.kind.key: [result.title for result in group.results] for group in response.context["groups"]}
        self.assertNotIn("protocols", groups)
        winners = groups["gala-winners"]
        # Newest edition first: the 2028 winners, then 2027's; no private, unpublished or merely nominated one.
        self.assertEqual(set(winners[:2]), {"Ștefan Abaluță", "Ştefan Câştigătorul"})
        self.assertEqual(winners[2:], ["Ștefan Cășuneanu"])
        self.assertEqual(
            {body["query"]["bool"]["filter"][0]["bool"]["should"][0]["wildcard"].popitem()[0] for body in fake.bodies},
            {"title.folded", "name.folded"},
        )


@override_settings(**ES)
class AgreementTests(RecordsData, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_records()
        english = translate(cls.edition, title="Graduates' Gala 2028", slug="gala-2028-en")
        cls.english = english

    def test_the_index_and_the_database_find_the_same_records_in_the_same_order(self):
        fake = FakeIndex(indexed_documents())
        for language in ("ro", "en"):
            for query in QUERIES:
                for key in ("protocols", "gala-winners"):
                    with self.subTest(language=language, query=query, kind=key):
                        context = context_for(query, language)
                        kind = KINDS[key]
                        with override_settings(ELASTICSEARCH_URL=""):
                            database = kind.matching(context)
                            expected = (database.count(), list(database[:10]))
                        with mock.patch("search.elastic.indexing.get_client", return_value=fake):
                            searched = kind.matching(context)
                            self.assertEqual((searched.count(), list(searched[:10])), expected)


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL is not set")
class LiveAgreementTests(RecordsData, TestCase):
    def test_a_live_cluster_and_the_database_agree(self):
        from search.elastic.indexing import get_client, rebuild

        with override_settings(ELASTICSEARCH_INDEX_PREFIX=f"alumni_test_{uuid.uuid4().hex[:8]}_"):
            self.make_records()
            translate(self.edition, title="Graduates' Gala 2028", slug="gala-2028-en")
            client = get_client()
            quiet = lambda total, name: lambda n: None  # noqa: E731
            indexes = [rebuild(DOCUMENT_TYPES[kind], progress=quiet) for kind in ("protocols", "winners")]
            try:
                for language in ("ro", "en"):
                    for query in QUERIES:
                        for key in ("protocols", "gala-winners"):
                            with self.subTest(language=language, query=query, kind=key):
                                context, kind = context_for(query, language), KINDS[key]
                                with override_settings(ELASTICSEARCH_URL=""):
                                    database = kind.matching(context)
                                    expected = (database.count(), list(database[:10]))
                                searched = kind.matching(context)
                                self.assertEqual((searched.count(), list(searched[:10])), expected)
            finally:
                for index in indexes:
                    client.indices.delete(index=index, ignore_unavailable=True)
