"""The directory's counts for the public are cached per filter combination until someone's data changes."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from alumni.factories import AlumnusFactory
from home.factories import FacultyFactory, site_home
from tests.alumni.test_directory import add_directory, person_ids, sign_in_client


class DirectoryCountCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.faculty = FacultyFactory(short_name="FMI")
        cls.page = add_directory(site_home())
        cls.people = AlumnusFactory.create_batch(3, faculty=cls.faculty, sector="it")

    def queries(self, **params) -> tuple[int, object]:
        """The number of counting queries (facet aggregates and the result count) the request ran."""
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(self.page.url, params)
        counting = [q for q in captured.captured_queries if "COUNT(" in q["sql"] and "alumni_alumnus" in q["sql"]]
        self.assertEqual(response.status_code, 200)
        return len(counting), response

    def test_a_repeated_public_request_skips_the_counts_and_a_change_refreshes_them(self):
        cold, response = self.queries(sector="it")
        self.assertEqual(cold, 5)  # four facet aggregates (the sector's and faculties' are stored), the result count
        self.assertEqual(response.context["result_count"], 3)
        warm, response = self.queries(sector="it")
        self.assertEqual(warm, 0)
        self.assertEqual(response.context["facet_counts"]["sector"]["it"], 3)
        self.assertEqual(len(person_ids(response)), 3)

        AlumnusFactory(faculty=self.faculty, sector="it")
        again, response = self.queries(sector="it")
        self.assertEqual(again, 5)
        self.assertEqual(response.context["result_count"], 4)
        self.assertEqual(response.context["facet_counts"]["sector"]["it"], 4)

    def test_another_filter_combination_is_counted_on_its_own(self):
        self.queries(sector="it")
        _count, response = self.queries(sector="law")
        self.assertEqual(response.context["result_count"], 0)

    def test_signed_in_alumni_are_always_counted_afresh(self):
        sign_in_client(self.client, self.people[0])
        first, _response = self.queries(sector="it")
        second, _response = self.queries(sector="it")
        self.assertEqual((first, second), (6, 6))

    def test_with_no_filter_but_the_faculty_the_stored_counters_answer(self):
        for signed_in in (False, True):
            if signed_in:
                sign_in_client(self.client, self.people[0])
            for params in ({}, {"faculty": "FMI"}):
                with self.subTest(signed_in=signed_in, params=params):
                    counting, response = self.queries(**params)
                    self.assertEqual(counting, 0)  # no count over the people, cold or warm
                    self.assertEqual(response.context["result_count"], 3)
                    self.assertEqual(response.context["facet_counts"]["sector"], {"it": 3})
