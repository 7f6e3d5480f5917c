"""The directory's facets list every value there is (issue 11): 15 faculties and 40 countries all appear, each
with its count, where a search engine's default of 10 buckets would silently drop the rest."""

from django.test import TestCase

from alumni.factories import AlumnusFactory
from home.factories import FacultyFactory, site_home
from tests.alumni.test_directory import add_directory

FACULTIES = 15
COUNTRIES = 40


class CompleteFacetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = add_directory(site_home())
        faculties = [FacultyFactory(short_name=f"F{number:02}") for number in range(FACULTIES)]
        for number in range(COUNTRIES):
            AlumnusFactory(
                faculty=faculties[number % FACULTIES],
                country=f"Țara {number:02}",
                visibility={"country": "public"},
            )

    def test_every_faculty_and_country_is_a_facet_with_its_count(self):
        response = self.client.get(self.directory.url)
        counts = response.context["facet_counts"]
        self.assertEqual(len(counts["faculty"]), FACULTIES)
        self.assertEqual(len(counts["country"]), COUNTRIES)
        self.assertEqual(sum(counts["country"].values()), COUNTRIES)
        self.assertEqual(sum(counts["faculty"].values()), COUNTRIES)
