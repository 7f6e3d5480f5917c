"""API v3 /api/v3/alumni/: the directory's people, filters and visibility rules, as JSON with OpenAPI schemas."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from alumni.factories import AlumnusFactory, CommunityFactory
from alumni.models import Alumnus
from home.factories import FacultyFactory, english_locale
from tests.alumni.test_directory import sign_in_client, unlisted_people
from tests.api.openapi import response_errors

URL = "/api/v3/alumni/"


class AlumniApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fmi = FacultyFactory(name="Facultatea de Matematică și Informatică", short_name="FMI")
        cls.fd = FacultyFactory(name="Facultatea de Drept", short_name="FD")
        fmi_en = cls.fmi.copy_for_translation(english_locale())
        fmi_en.name = "Faculty of Mathematics and Computer Science"
        fmi_en.save()
        cls.community = CommunityFactory(name="Ingineri software", slug="ingineri-software")
        community_en = cls.community.copy_for_translation(english_locale())
        community_en.name = "Software engineers"
        community_en.save()
        cls.stefan = AlumnusFactory(
            faculty=cls.fmi,
            first_name="Ștefan",
            last_name="Ardelean",
            email="stefan@example.ro",
            graduation_year=2004,
            sector="it",
            help_mentoring=True,
            employer="Firma Ardelean",
            visibility={"email": "alumni"},
        )
        cls.stefan.communities.add(cls.community)
        cls.maria = AlumnusFactory(
            faculty=cls.fd, first_name="Maria", last_name="Bălan", sector="law", graduation_year=1995
        )
        cls.hidden = unlisted_people(cls.fmi, first_name="Ștefan", last_name="Ascuns")

    def test_answers_conform_to_the_published_document(self):
        self.assertEqual(response_errors(self.client, URL), [])
        sign_in_client(self.client, self.maria)  # a signed-in alumnus sees more fields
        self.assertEqual(response_errors(self.client, URL, {"locale": "en"}), [])

    def get(self, url=URL, status=200, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, status, response.content[:2000])
        return response.json()

    def ids(self, **params) -> list[int]:
        return [item["id"] for item in self.get(**params)["items"]]

    def test_anonymous_list_shows_public_fields_only(self):
        data = self.get()
        self.assertEqual(data["count"], 2)
        first = data["items"][0]
        self.assertEqual(first["id"], self.stefan.pk)
        self.assertEqual(
            set(first),
            {
                "id",
                "first_name",
                "last_name",
                "faculty",
                "study_cycle",
                "programme",
                "graduation_year",
                "sector",
                "country",
                "help_offers",
                "communities",
            },
        )
        self.assertEqual(first["faculty"], {"id": self.fmi.pk, "name": self.fmi.name, "short_name": "FMI"})
        self.assertEqual(first["help_offers"], ["mentoring"])
        community = {"id": self.community.pk, "name": "Ingineri software", "slug": "ingineri-software"}
        self.assertEqual(first["communities"], [community])
        self.assertNotIn("@", str(data))

    def test_signed_in_alumni_see_alumni_fields(self):
        reader = AlumnusFactory(faculty=self.fd, first_name="Zoe", last_name="Zăvoianu")
        sign_in_client(self.client, reader)
        stefan, maria = self.get()["items"][:2]
        self.assertEqual((stefan["email"], stefan["employer"]), ("stefan@example.ro", "Firma Ardelean"))
        self.assertNotIn("email", maria)  # the office only by default
        self.assertEqual(maria["employer"], self.maria.employer)
        sign_in_client(self.client, self.maria)
        self.assertEqual(self.get(f"{URL}{self.maria.pk}/")["email"], self.maria.email)  # a person sees their own
        self.client.cookies.clear()
        self.assertNotIn("employer", self.get()["items"][0])

    def test_names_in_the_chosen_language(self):
        first = self.get(locale="en")["items"][0]
        self.assertEqual(first["faculty"]["name"], "Faculty of Mathematics and Computer Science")
        self.assertEqual(first["communities"][0]["name"], "Software engineers")

    def test_filters_and_search_match_the_directory(self):
        self.assertEqual(self.ids(q="stefan"), [self.stefan.pk])
        self.assertEqual(self.ids(q="ȘTEFAN ardelean"), [self.stefan.pk])
        self.assertEqual(self.ids(faculty="FD"), [self.maria.pk])
        self.assertEqual(self.ids(sector="it"), [self.stefan.pk])
        self.assertEqual(self.ids(decade=2000), [self.stefan.pk])
        self.assertEqual(self.ids(year=2004), [self.stefan.pk])
        self.assertEqual(self.ids(help="any"), [self.stefan.pk])
        self.assertEqual(self.ids(help="internships"), [])
        self.assertEqual(self.ids(country="românia"), [self.stefan.pk, self.maria.pk])
        self.assertEqual(self.ids(country="Japonia"), [])

    def test_detail_and_404_for_people_the_reader_may_not_see(self):
        data = self.get(f"{URL}{self.stefan.pk}/")
        self.assertEqual((data["id"], data["last_name"]), (self.stefan.pk, "Ardelean"))
        self.assertNotIn("email", data)
        for person in self.hidden.values():
            with self.subTest(state=person.status):
                problem = self.get(f"{URL}{person.pk}/", status=404)
                self.assertEqual(problem["status"], 404)
        self.get(f"{URL}999999/", status=404)
        self.get(f"{URL}abc/", status=404)

    def test_bad_input_is_a_json_4xx(self):
        for params in [
            {"limit": 101},
            {"limit": 0},
            {"offset": -1},
            {"sector": "mining"},
            {"decade": 1995},
            {"year": "abc"},
            {"help": "money"},
            {"locale": "fr"},
            {"q": "x" * 101},
        ]:
            with self.subTest(params=params):
                response = self.client.get(URL, params)
                self.assertIn(response.status_code, (400, 422))
                self.assertEqual(response["Content-Type"], "application/problem+json")
                self.assertIn("errors", response.json())

    def test_an_unknown_faculty_or_a_year_to_come_is_nobody_as_on_the_events_api(self):
        # Any short name is valid in the published document; one that names no faculty finds no one.
        for params in ({"faculty": "NOPE"}, {"year": 3000}, {"decade": 3000}):
            with self.subTest(params=params):
                self.assertEqual(self.get(**params), {"items": [], "count": 0})

    def test_page_size_is_capped_and_queries_do_not_grow_with_it(self):
        for n in range(30):
            AlumnusFactory(faculty=self.fd, first_name=f"Nume{n}", last_name="Zet")
        self.assertEqual(len(self.ids(limit=100)), 32)
        self.assertEqual(self.ids(limit=1, offset=1), [self.maria.pk])

        def queries(limit):
            with CaptureQueriesContext(connection) as captured:
                self.get(limit=limit)
            return len(captured)

        self.assertEqual(queries(2), queries(100))

    def test_the_openapi_document_describes_the_endpoints(self):
        schema = self.get("/api/v3/openapi.json")
        self.assertIn("/api/v3/alumni/", schema["paths"])
        self.assertIn("/api/v3/alumni/{alumnus_id}/", schema["paths"])
        listing = schema["paths"]["/api/v3/alumni/"]["get"]
        params = {param["name"] for param in listing["parameters"]}
        self.assertTrue({"q", "faculty", "cycle", "decade", "year", "sector", "country", "help", "limit"} <= params)
        limit = next(param for param in listing["parameters"] if param["name"] == "limit")
        self.assertEqual(limit["schema"]["maximum"], 100)
        components = schema["components"]["schemas"]
        self.assertIn("AlumnusOut", components)
        properties = set(components["AlumnusOut"]["properties"])
        self.assertTrue({"first_name", "faculty", "email", "communities"} <= properties)
        self.assertNotIn("consent_directory", properties)


class UnlistedTests(TestCase):
    def test_nobody_unlisted_is_ever_in_the_api(self):
        faculty = FacultyFactory()
        hidden = unlisted_people(faculty, last_name="Ascuns")
        self.assertEqual(self.client.get(URL).json()["count"], 0)
        for person in hidden.values():
            self.assertEqual(self.client.get(f"{URL}{person.pk}/").status_code, 404)
        self.assertFalse(Alumnus.objects.listed().exists())
