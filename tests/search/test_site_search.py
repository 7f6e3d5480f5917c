"""The site search: one box over pages and records, diacritic-insensitive, in the visitor's language, grouped by
kind, never showing draft, private or unlisted records or people who do not consent; suggestions, promotions."""

import datetime

import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from alumni.factories import AlumnusFactory, CommunityFactory, DirectoryPageFactory
from events.factories import EventIndexPageFactory, EventPageFactory
from gala.factories import AwardCategoryFactory, GalaEditionPageFactory, GalaIndexPageFactory, NominationFactory
from home.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    FacultyFactory,
    FacultyPageFactory,
    StandardPageFactory,
    site_home,
    translate,
    translate_snippet,
)
from protocols.factories import ProtocolFactory, ProtocolIndexPageFactory
from search.kinds import KINDS, matching_every_word
from search.views import MAX_SUGGESTIONS
from tests.clock import MID_2029
from tests.routes import url

SEARCH = url("search")
EN_SEARCH = url("search", language="en")
SUGGEST = url("search_suggest")
EN_SUGGEST = url("search_suggest", language="en")
API = "/api/v3/search/"


def found(response) -> dict[str, list[str]]:
    """{kind: [titles]} of a results page: the overview's groups, or one kind's page."""
    assert response.status_code == 200, response.status_code
    context = response.context
    if context["results"] is not None:
        return {context["kind"].key: [result.title for result in context["results"]]}
    return {group.kind.key: [result.title for result in group.results] for group in context["groups"] or []}


def every_title(response) -> list[str]:
    return [title for titles in found(response).values() for title in titles]


@time_machine.travel(MID_2029, tick=False)
@override_settings(RATE_LIMITS_ENABLED=False)
class SiteSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        cls.faculty = FacultyFactory(name="Facultatea de Științe Economice", short_name="FSEGA")
        cls.science = FacultyPageFactory(
            parent=home, title="Facultatea de Științe Economice", slug="stiinte", faculty=cls.faculty
        )
        cls.old_spelling = StandardPageFactory(parent=home, title="Gala Timişoara", slug="gala-tm")
        translate(home, title="Alumni", slug="home-en")
        cls.science_en = translate(cls.science, title="Faculty of Economic Sciences", slug="economics")
        cls.private = StandardPageFactory(parent=home, title="Științe private", slug="privat")
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")
        cls.draft = StandardPageFactory(parent=home, title="Științe în ciornă", slug="ciorna", live=False)
        news = ArticleIndexPageFactory(parent=home, slug="noutati")
        cls.article = ArticlePageFactory(
            parent=news, title="Ștefan Pop revine la Timișoara", slug="stefan", introduction="Un absolvent."
        )
        events = EventIndexPageFactory(parent=home, slug="evenimente")
        cls.event = EventPageFactory(parent=events, title="Întâlnirea de la Timişoara", slug="intalnire")

        cls.directory = DirectoryPageFactory(parent=home, title="Anuarul absolvenților", slug="anuar")
        translate(cls.directory, title="Alumni directory", slug="directory")
        cls.community = CommunityFactory(name="Ingineri software din Timișoara", slug="ingineri")
        translate_snippet(cls.community, name="Software engineers in Timisoara")
        cls.listed = AlumnusFactory(first_name="Ştefan", last_name="Timişoreanu", faculty=cls.faculty)
        cls.comma = AlumnusFactory(first_name="Ștefania", last_name="Țurcanu", faculty=cls.faculty)
        AlumnusFactory(first_name="Ștefan", last_name="Ascunsul", consent_directory=False, faculty=cls.faculty)
        AlumnusFactory(first_name="Ștefan", last_name="Neaprobatul", status="pending", faculty=cls.faculty)
        AlumnusFactory(first_name="Ștefan", last_name="Respinsul", status="rejected", faculty=cls.faculty)

        ProtocolIndexPageFactory(parent=home, slug="protocoale")
        cls.protocol = ProtocolFactory(
            faculty=cls.faculty, title="Practică în Timișoara", partner_name="Endava", live=True, stage="active"
        )
        ProtocolFactory(faculty=cls.faculty, title="Practică nesemnată Timișoara", live=False)
        ProtocolFactory(
            faculty=cls.faculty, title="Practică evaluată Timișoara", partner_name="Vechi", live=True, stage="evaluated"
        )
        archive = GalaIndexPageFactory(parent=home, slug="gala")
        edition = GalaEditionPageFactory(
            parent=archive, slug="gala-2028", starts_at=datetime.datetime(2028, 11, 20, 18, tzinfo=datetime.UTC)
        )
        category = AwardCategoryFactory(name="Excelență profesională")
        common = {"edition": edition, "category": category, "faculty": cls.faculty}
        NominationFactory(nominee_name="Ştefan Câştigătorul", status="winner", reason="Confidențial", **common)
        NominationFactory(nominee_name="Ștefan Propusul", status="submitted", **common)
        call_command("update_index", verbosity=0)

    def search(self, query, base=SEARCH, **params):
        return self.client.get(base, {"q": query, **params})

    def test_every_spelling_finds_the_page(self):
        for query in ["Științe", "Ştiinţe", "stiinte", "STIINTE", "științe economice"]:
            with self.subTest(query=query):
                self.assertEqual(found(self.search(query))["faculties"], ["Facultatea de Științe Economice"])

    def test_cedilla_and_comma_spellings_find_each_other_in_every_kind(self):
        for query in ["Stefan Timisoara", "Ștefan Timișoara", "Ştefan Timişoara", "stefan TIMISOARA"]:
            with self.subTest(query=query):
                results = found(self.search(query))
                self.assertEqual(results["articles"], ["Ștefan Pop revine la Timișoara"])
        for query in ["timisoara", "Timişoara", "Timișoara"]:
            with self.subTest(query=query):
                results = found(self.search(query))
                self.assertEqual(results["events"], ["Întâlnirea de la Timişoara"])
                self.assertEqual(results["communities"], ["Ingineri software din Timișoara"])
                self.assertEqual(results["protocols"], ["Practică în Timișoara"])
                self.assertEqual(results["pages"], ["Gala Timişoara"])
        for query in ["stefan timisoreanu", "Ștefan Timișoreanu", "ŞTEFAN"]:
            with self.subTest(query=query):
                self.assertIn("Ştefan Timişoreanu", found(self.search(query))["alumni"])
        self.assertEqual(found(self.search("stefania turcanu"))["alumni"], ["Ștefania Țurcanu"])
        self.assertEqual(found(self.search("Ştefania Ţurcanu"))["alumni"], ["Ștefania Țurcanu"])

    def test_the_database_matches_every_spelling_of_a_folded_word(self):
        from home.models import Faculty
        from home.text import fold_diacritics

        for name in ["ŞTIINŢE Ăâî", "Științe Ţară", "Müller Éva Ödön Gyöngyvér"]:
            self.faculty.name = name
            self.faculty.save()
            for word in fold_diacritics(name).split():
                with self.subTest(name=name, word=word):
                    matches = matching_every_word(Faculty.objects.filter(pk=self.faculty.pk), ("name",), [word])
                    self.assertTrue(matches.exists())
        self.assertFalse(
            matching_every_word(Faculty.objects.filter(pk=self.faculty.pk), ("name",), ["mullerx"]).exists()
        )

    def test_results_are_in_the_visitors_language(self):
        self.assertEqual(found(self.search("economic", EN_SEARCH))["faculties"], ["Faculty of Economic Sciences"])
        self.assertNotIn("Faculty of Economic Sciences", every_title(self.search("economic")))
        self.assertEqual(found(self.search("economice"))["faculties"], ["Facultatea de Științe Economice"])
        self.assertEqual(found(self.search("stiinte", EN_SEARCH)), {})
        # English stemming takes "economice" to "economic": the English page answers, never the Romanian one.
        self.assertEqual(found(self.search("economice", EN_SEARCH)), {"faculties": ["Faculty of Economic Sciences"]})
        self.assertEqual(found(self.search("engineers", EN_SEARCH))["communities"], ["Software engineers in Timisoara"])
        self.assertNotIn("communities", found(self.search("engineers")))
        self.assertNotIn("Ingineri software din Timișoara", every_title(self.search("timisoara", EN_SEARCH)))

    def test_private_draft_and_unlisted_never_show(self):
        titles = every_title(self.search("stiinte"))
        self.assertNotIn("Științe private", titles)
        self.assertNotIn("Științe în ciornă", titles)
        people = found(self.search("stefan", kind="alumni"))["alumni"]
        self.assertEqual(people, ["Ştefan Timişoreanu", "Ștefania Țurcanu"])
        protocols = every_title(self.search("practica"))
        self.assertEqual(protocols, ["Practică în Timișoara"])
        winners = found(self.search("stefan"))["gala-winners"]
        self.assertEqual(winners, ["Ştefan Câştigătorul"])
        # A winner is found by name, never by the jury's or the proposer's words.
        self.assertNotIn("gala-winners", found(self.search("confidential")))

    def test_people_are_shown_by_name_only_with_the_directorys_link(self):
        response = self.search("timisoreanu")
        (person,) = response.context["groups"][0].results
        self.assertEqual((person.title, person.summary), ("Ştefan Timişoreanu", ""))
        self.assertEqual(person.url, "/anuar/?q=%C5%9Etefan+Timi%C5%9Foreanu")
        self.assertNotContains(response, self.listed.email)
        self.assertNotContains(response, self.listed.employer)

    def test_a_person_who_withdraws_consent_leaves_the_results(self):
        self.assertIn("alumni", found(self.search("timisoreanu")))
        self.listed.consent_directory = False
        self.listed.save()
        self.assertNotIn("alumni", found(self.search("timisoreanu")))

    def test_groups_have_counts_and_a_link_to_each_kind(self):
        for number in range(7):
            ArticlePageFactory(parent=self.article.get_parent(), title=f"Gala {number}", slug=f"gala-{number}")
        call_command("update_index", verbosity=0)
        response = self.search("gala")
        groups = {group.kind.key: group for group in response.context["groups"]}
        self.assertEqual(groups["articles"].count, 7)
        self.assertEqual(len(groups["articles"].results), 5)
        self.assertContains(response, "?q=gala&amp;kind=articles")
        one_kind = self.search("gala", kind="articles")
        self.assertEqual(one_kind.context["results"].paginator.count, 7)
        self.assertEqual(len(found(one_kind)["articles"]), 7)

    def test_kinds_come_from_the_registry(self):
        self.assertEqual(
            list(KINDS),
            [
                "articles",
                "events",
                "faculties",
                "newsletters",
                "communities",
                "alumni",
                "protocols",
                "gala-winners",
                "pages",
            ],
        )
        response = self.search("gala", kind="nothing")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'class="field-error"', status_code=400)

    def test_empty_query_shows_the_form_without_results(self):
        for query in ["", "   "]:
            with self.subTest(query=query):
                response = self.search(query)
                self.assertEqual(response.status_code, 200)
                self.assertIsNone(response.context["groups"])
        for query in ["((( AND OR NOT", '"', "*"]:
            with self.subTest(query=query):
                response = self.search(query)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["groups"], [])
                self.assertContains(response, "0 rezultate")

    def test_hostile_queries_answer_with_results_or_nothing(self):
        for query in [
            '"((( AND OR NOT',
            'NEAR("a" "b") * ^ : -x +y',
            "stefan\x00",
            "\x01\x1f\x7f",
            'stefan "',
            "a\x00b",
        ]:
            with self.subTest(query=query):
                self.assertEqual(self.search(query).status_code, 200)
                self.assertEqual(self.search(query, SUGGEST).status_code, 200)
        self.assertIn("alumni", found(self.search("\x00stefan\x00 (timisoreanu")))

    def test_an_overlong_query_is_cut_and_searched(self):
        response = self.search("a" * 10_000)
        self.assertContains(response, 'class="search-summary"')
        self.assertContains(self.search("stiinte" + " " * 10_000), self.science.introduction)
        self.assertEqual(self.search("a" * 10_000, SUGGEST).status_code, 200)

    def test_results_show_each_page_summary(self):
        self.assertContains(self.search("stiinte"), self.science.introduction)

    def test_query_count_is_flat_in_the_number_of_results(self):
        def count_queries(query):
            self.search(query)
            with CaptureQueriesContext(connection) as queries:
                self.search(query)
                self.search(query, kind="alumni")
            return len(queries)

        for number in range(5):
            AlumnusFactory(first_name="Ionel", last_name=f"Marin{number}", faculty=self.faculty)
            CommunityFactory(name=f"Ionel comunitate {number}")
            ProtocolFactory(faculty=self.faculty, title=f"Ionel protocol {number}", live=True, stage="active")
            StandardPageFactory(parent=site_home(), title=f"Ionel pagina {number}")
        call_command("update_index", verbosity=0)
        small = count_queries("ionel")
        for number in range(5, 50):
            AlumnusFactory(first_name="Ionel", last_name=f"Marin{number}", faculty=self.faculty)
            CommunityFactory(name=f"Ionel comunitate {number}")
            ProtocolFactory(faculty=self.faculty, title=f"Ionel protocol {number}", live=True, stage="active")
            StandardPageFactory(parent=site_home(), title=f"Ionel pagina {number}")
        call_command("update_index", verbosity=0)
        self.assertEqual(count_queries("ionel"), small)
        self.assertEqual(self.search("ionel").context["total"], 200)


@time_machine.travel(MID_2029, tick=False)
@override_settings(RATE_LIMITS_ENABLED=False)
class SuggestionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        cls.faculty = FacultyFactory(name="Facultatea de Drept", short_name="FD")
        DirectoryPageFactory(parent=home, title="Anuarul absolvenților", slug="anuar")
        translate(home, title="Alumni", slug="home-en")
        pages = [
            StandardPageFactory(parent=home, title=f"Ștefan pagina {number}", slug=f"stefan-{number}")
            for number in range(12)
        ]
        for number in range(12):
            AlumnusFactory(first_name="Ștefan", last_name=f"Popescu{number}", faculty=cls.faculty)
        AlumnusFactory(first_name="Ștefan", last_name="Absentul", consent_directory=False, faculty=cls.faculty)
        translate(pages[0], title="Stefan's page", slug="stefan-en")
        call_command("update_index", verbosity=0)

    def suggestions(self, query, base=SUGGEST):
        response = self.client.get(base, {"q": query})
        self.assertEqual(response.status_code, 200)
        return response

    def test_suggestions_are_bounded_and_typed_as_you_go(self):
        response = self.suggestions("stef")
        items = response.json()["suggestions"]
        self.assertEqual(len(items), MAX_SUGGESTIONS)
        self.assertTrue(all(item["title"].startswith("Ștefan") for item in items))
        self.assertTrue(all(item["url"].startswith("/") for item in items))
        self.assertIn("private", response.headers["Cache-Control"])
        self.assertIn("max-age=60", response.headers["Cache-Control"])

    def test_suggestions_follow_the_same_rules(self):
        people = [item["title"] for item in self.suggestions("absentul").json()["suggestions"]]
        self.assertEqual(people, [])
        english = [item["title"] for item in self.suggestions("pag", EN_SUGGEST).json()["suggestions"]]
        self.assertEqual(english, ["Stefan's page"])
        romanian = [item["title"] for item in self.suggestions("pag").json()["suggestions"]]
        self.assertEqual(len(romanian), MAX_SUGGESTIONS)
        self.assertNotIn("Stefan's page", romanian)
        self.assertEqual(self.suggestions("s").json()["suggestions"], [])
        self.assertEqual(self.suggestions("").json()["suggestions"], [])

    def test_suggestions_cost_the_same_queries_for_few_and_many_matches(self):
        self.suggestions("popescu1")
        with CaptureQueriesContext(connection) as few:
            self.suggestions("popescu11")
        with CaptureQueriesContext(connection) as many:
            self.suggestions("popescu")
        self.assertLessEqual(len(many), len(few) + 2)  # each kind stops being asked once eight are found


@time_machine.travel(MID_2029, tick=False)
@override_settings(RATE_LIMITS_ENABLED=False)
class PromotionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        cls.admission = StandardPageFactory(parent=home, title="Admitere 2029", slug="admitere")
        cls.draft = StandardPageFactory(parent=home, title="Ciornă admitere", slug="ciorna", live=False)
        translate(home, title="Alumni", slug="home-en")
        cls.admission_en = translate(cls.admission, title="Admissions 2029", slug="admissions")
        query = Query.objects.create(query_string="admitere")
        SearchPromotion.objects.create(query=query, page=cls.admission_en, sort_order=0)
        SearchPromotion.objects.create(query=query, page=cls.draft, sort_order=1)
        SearchPromotion.objects.create(
            query=query, page=cls.admission, sort_order=2, description="Totul despre admitere."
        )
        SearchPromotion.objects.create(
            query=query,
            external_link_url="https://admitere.example.ro/",
            external_link_text="Portalul de admitere",
            sort_order=3,
        )
        call_command("update_index", verbosity=0)

    def test_promoted_results_come_first_when_visible_in_the_language(self):
        response = self.client.get(SEARCH, {"q": "Admitere"})
        promoted = [result.title for result in response.context["promoted"]]
        self.assertEqual(promoted, ["Admitere 2029", "Portalul de admitere"])
        self.assertContains(response, "Recomandat")
        content = response.content.decode()
        self.assertLess(content.index("Totul despre admitere."), content.index('id="search-group-'))
        english = self.client.get(EN_SEARCH, {"q": "admitere"}).context["promoted"]
        self.assertEqual([result.title for result in english], ["Admissions 2029", "Portalul de admitere"])

    def test_suggestions_offer_what_was_pinned_for_a_query_being_typed(self):
        def suggested(query, base=SUGGEST):
            response = self.client.get(base, {"q": query})
            self.assertEqual(response.status_code, 200)
            return [(item["kind"], item["kind_label"], item["title"]) for item in response.json()["suggestions"]]

        for typed in ("adm", "ADMIT", "admitere"):
            with self.subTest(typed=typed):
                items = suggested(typed)
                self.assertEqual(
                    items[:2],
                    [("promoted", "Recomandat", "Admitere 2029"), ("promoted", "Recomandat", "Portalul de admitere")],
                )
                # The pinned page is not suggested a second time among the pages; the draft never is.
                titles = [title for _kind, _label, title in items]
                self.assertEqual(titles.count("Admitere 2029"), 1)
                self.assertNotIn("Ciornă admitere", titles)
        english = suggested("admi", EN_SUGGEST)
        self.assertEqual(
            [title for kind, _label, title in english if kind == "promoted"],
            ["Admissions 2029", "Portalul de admitere"],
        )
        self.assertEqual(english[0][1], "Recommended")
        self.assertEqual([kind for kind, _label, _title in suggested("admiterea")], [])
        self.assertFalse(Query.objects.filter(query_string="adm").exists())

    def test_a_search_records_nothing(self):
        self.client.get(SEARCH, {"q": "ceva nou"})
        self.assertFalse(Query.objects.filter(query_string="ceva nou").exists())


@time_machine.travel(MID_2029, tick=False)
@override_settings(RATE_LIMITS_ENABLED=False)
class SearchApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        faculty = FacultyFactory(name="Facultatea de Litere", short_name="LIT")
        StandardPageFactory(parent=home, title="Ştiri din Timişoara", slug="stiri")
        translate(home, title="Alumni", slug="home-en")
        DirectoryPageFactory(parent=home, title="Anuar", slug="anuar")
        AlumnusFactory(first_name="Ștefan", last_name="Timișoreanu", faculty=faculty)
        AlumnusFactory(first_name="Ștefan", last_name="Tăcutul", consent_directory=False, faculty=faculty)
        call_command("update_index", verbosity=0)

    def test_groups_by_kind_with_counts(self):
        response = self.client.get(API, {"q": "stefan timisoreanu"})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["count"], 1)
        (group,) = body["groups"]
        self.assertEqual((group["kind"], group["count"]), ("alumni", 1))
        self.assertEqual(
            group["items"],
            [
                {
                    "title": "Ștefan Timișoreanu",
                    "url": "http://testserver/anuar/?q=%C8%98tefan+Timi%C8%99oreanu",
                    "summary": "",
                }
            ],
        )

    def test_one_kind_paginated_and_locale(self):
        body = self.client.get(API, {"q": "timisoara", "kind": "pages"}).json()
        self.assertEqual([group["kind"] for group in body["groups"]], ["pages"])
        self.assertEqual(body["groups"][0]["items"][0]["title"], "Ştiri din Timişoara")
        self.assertEqual(self.client.get(API, {"q": "timisoara", "locale": "en"}).json()["count"], 0)
        self.assertEqual(self.client.get(API, {"q": "tacutul"}).json()["count"], 0)

    def test_bad_parameters_are_problems(self):
        for params in (
            {"q": "x" * 10_000},
            {"q": "a", "kind": "nothing"},
            {"q": "a", "locale": "fr"},
            {},
            {"q": "a", "limit": "0"},
        ):
            with self.subTest(params=list(params)):
                response = self.client.get(API, params)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.headers["Content-Type"], "application/problem+json")
        for query in ['"((( AND OR NOT', "a\x00b", "\x01\x1f"]:
            with self.subTest(query=query):
                self.assertEqual(self.client.get(API, {"q": query}).status_code, 200)
        # The API turns NUL bytes into spaces before validation (home.middleware): a blank query finds nothing.
        response = self.client.get(API, {"q": "\x00"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 0)

    def test_in_the_openapi_document(self):
        schema = self.client.get("/api/v3/openapi.json").json()
        self.assertIn("/api/v3/search/", schema["paths"])
