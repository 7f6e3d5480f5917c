"""The Elasticsearch analysis and documents, without a server: analyzers, index settings, mappings, and what a
person, a protocol and a winner become in the index (public fields only)."""

import json

from django.test import SimpleTestCase, TestCase

from alumni.factories import AlumnusFactory
from alumni.models import Alumnus, Visibility
from gala.factories import AwardCategoryFactory, GalaEditionPageFactory, GalaIndexPageFactory, NominationFactory
from gala.models import Nomination
from home.factories import FacultyFactory, site_home
from protocols.factories import ProtocolFactory
from protocols.models import Protocol
from search.elastic.analysis import analysis_settings, wagtail_index_settings
from search.elastic.documents import DOCUMENT_TYPES, person_source, protocol_source, winner_source


class AnalyzerDefinitionTests(SimpleTestCase):
    def setUp(self):
        self.analysis = analysis_settings()

    def test_cedillas_become_comma_below_before_anything_else(self):
        mappings = self.analysis["char_filter"]["cedilla_to_comma_below"]
        self.assertEqual(mappings["type"], "mapping")
        self.assertEqual(set(mappings["mappings"]), {"ş => ș", "Ş => Ș", "ţ => ț", "Ţ => Ț"})
        for name in ("romanian_folded", "english_folded", "multilingual_folded", "name_folded", "name_prefix"):
            with self.subTest(analyzer=name):
                self.assertEqual(self.analysis["analyzer"][name]["char_filter"], ["cedilla_to_comma_below"])

    def test_each_language_lowercases_drops_its_stop_words_folds_then_stems(self):
        self.assertEqual(
            self.analysis["analyzer"]["romanian_folded"]["filter"],
            ["lowercase", "romanian_stop", "folding", "romanian_stemmer"],
        )
        self.assertEqual(
            self.analysis["analyzer"]["english_folded"]["filter"][1:],
            ["lowercase", "english_stop", "folding", "english_stemmer"],
        )
        filters = self.analysis["filter"]
        self.assertEqual(filters["folding"], {"type": "asciifolding", "preserve_original": False})
        self.assertEqual(filters["romanian_stemmer"], {"type": "stemmer", "language": "romanian"})
        self.assertEqual(filters["english_stemmer"], {"type": "stemmer", "language": "english"})
        self.assertEqual(filters["romanian_stop"]["stopwords"], "_romanian_")
        self.assertEqual(filters["english_stop"]["stopwords"], "_english_")

    def test_names_are_folded_but_never_stemmed(self):
        self.assertEqual(self.analysis["analyzer"]["name_folded"]["filter"], ["lowercase", "folding"])

    def test_wagtail_pages_default_to_the_folding_analyzer_with_both_stemmers(self):
        settings = wagtail_index_settings()["settings"]["analysis"]
        default = settings["analyzer"]["default"]
        self.assertEqual(default["filter"][-2:], ["english_stemmer", "romanian_stemmer"])
        self.assertIn("folding", default["filter"])
        self.assertIn("cedilla_to_comma_below", settings["char_filter"])


class WagtailBackendSettingsTests(SimpleTestCase):
    def test_the_backend_merges_our_analysis_with_its_own(self):
        from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend

        backend = Elasticsearch8SearchBackend(
            {"URLS": ["http://127.0.0.1:9"], "INDEX_SETTINGS": wagtail_index_settings()}
        )
        analyzers = backend.settings["settings"]["analysis"]["analyzer"]
        self.assertIn("edgengram_analyzer", analyzers)  # Wagtail's autocomplete analyzer is kept
        self.assertEqual(analyzers["default"]["filter"][-1], "romanian_stemmer")


class MappingTests(SimpleTestCase):
    def test_directory_mapping_holds_names_faculty_and_guarded_blocks_only(self):
        properties = DOCUMENT_TYPES["directory"].body()["mappings"]["properties"]
        self.assertEqual(set(properties), {"name", "sort_key", "faculty_id", "faculty_key", "public", "alumni"})
        self.assertEqual(properties["name"]["analyzer"], "name_folded")
        self.assertEqual(properties["name"]["fields"]["prefix"]["search_analyzer"], "name_folded")
        guarded = set(properties["public"]["properties"])
        self.assertEqual(guarded, {"study_cycle", "graduation_year", "sector", "country", "help_offers"})
        self.assertEqual(properties["alumni"]["properties"]["country"]["type"], "keyword")

    def test_no_private_field_is_mapped_anywhere(self):
        for kind, doc_type in DOCUMENT_TYPES.items():
            text = json.dumps(doc_type.body()["mappings"])
            for private in ("email", "phone", "employer", "reason", "jury", "nominator", "terms", "registration"):
                with self.subTest(kind=kind, field=private):
                    self.assertNotIn(private, text)

    def test_each_index_defines_the_analyzers_its_fields_use(self):
        def analyzers_used(properties) -> set[str]:
            used = set()
            for mapping in properties.values():
                used.update(mapping[key] for key in ("analyzer", "search_analyzer") if key in mapping)
                used |= analyzers_used(mapping.get("fields", {})) | analyzers_used(mapping.get("properties", {}))
            return used

        for kind, doc_type in DOCUMENT_TYPES.items():
            body = doc_type.body()
            used = analyzers_used(body["mappings"]["properties"])
            with self.subTest(kind=kind):
                self.assertTrue(used)
                self.assertTrue(used <= set(body["settings"]["analysis"]["analyzer"]))

    def test_protocol_titles_are_analysed_as_romanian(self):
        properties = DOCUMENT_TYPES["protocols"].body()["mappings"]["properties"]
        self.assertEqual(properties["title"]["analyzer"], "romanian_folded")


class DocumentSourceTests(TestCase):
    def test_a_listed_person_shows_each_field_only_to_its_audience(self):
        person = AlumnusFactory(
            first_name="Ştefan",
            last_name="Ţepeş",
            employer="Firma Secretă",
            phone="+40 700 000 000",
            sector="it",
            country="România",
            graduation_year=2010,
            help_mentoring=True,
            visibility={"country": Visibility.ALUMNI, "sector": Visibility.OFFICE},
        )
        source = person_source(person)
        self.assertEqual(source["name"], "Ştefan Ţepeş")
        self.assertEqual(source["faculty_key"], str(person.faculty.translation_key))
        self.assertNotIn("country", source["public"])
        self.assertEqual(source["alumni"]["country"], "România")
        self.assertNotIn("sector", source["public"])
        self.assertNotIn("sector", source["alumni"])
        self.assertEqual(source["public"]["graduation_year"], 2010)
        self.assertEqual(source["public"]["help_offers"], ["mentoring"])
        text = json.dumps(source, ensure_ascii=False)
        for private in (person.email, "Firma Secretă", "+40 700 000 000", "it"):
            with self.subTest(value=private):
                self.assertNotIn(f'"{private}"', text)

    def test_unlisted_people_have_no_document(self):
        for person in (
            AlumnusFactory(status=Alumnus.Status.PENDING),
            AlumnusFactory(consent_directory=False),
            AlumnusFactory(status=Alumnus.Status.ERASED),
        ):
            with self.subTest(status=person.status, consent=person.consent_directory):
                self.assertIsNone(person_source(person))

    def test_only_live_active_protocols_have_a_document_and_never_their_terms(self):
        faculty = FacultyFactory()
        active = ProtocolFactory(faculty=faculty, live=True, stage=Protocol.Stage.ACTIVE, terms="<p>Clauza X</p>")
        self.assertEqual(protocol_source(active)["title"], active.title)
        self.assertNotIn("Clauza", json.dumps(protocol_source(active), default=str))
        self.assertIsNone(protocol_source(ProtocolFactory(faculty=faculty, live=False, stage=Protocol.Stage.ACTIVE)))
        self.assertIsNone(protocol_source(ProtocolFactory(faculty=faculty, live=True, stage=Protocol.Stage.SIGNED)))

    def test_only_winners_have_a_document_and_never_the_reason_or_proposer(self):
        edition = GalaEditionPageFactory(parent=GalaIndexPageFactory(parent=site_home()))
        category, faculty = AwardCategoryFactory(), FacultyFactory()
        winner = NominationFactory(
            edition=edition, category=category, faculty=faculty, status=Nomination.Status.WINNER, jury_notes="Notă"
        )
        source = winner_source(winner)
        self.assertEqual(source["name"], winner.nominee_name)
        self.assertEqual(source["year"], edition.starts_at.year)
        text = json.dumps(source, ensure_ascii=False)
        for private in (winner.reason, winner.nominator_email, winner.nominator_name, "Notă"):
            self.assertNotIn(private, text)
        shortlisted = NominationFactory(edition=edition, category=category, faculty=faculty)
        self.assertIsNone(winner_source(shortlisted))
