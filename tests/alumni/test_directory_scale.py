"""The directory at scale: the stored counters and name words stay equal to a fresh count through every kind of
write, and the fast paths (stored counters, a name search counted in memory) answer exactly what the queries
answer, for every filter and viewer."""

import io
import itertools
from collections import Counter

from django.test import TestCase

from alumni import name_search
from alumni.directory import counts
from alumni.directory.facets import QueriedCounts, StoredCounts, counts_for, facet_counts
from alumni.directory.listing import directory_filterset, sorted_results
from alumni.directory.matches import NameMatches
from alumni.erasure import erase
from alumni.factories import AlumnusFactory, import_header
from alumni.importing import import_alumni
from alumni.models import Alumnus, DirectoryCount, NameWord, Visibility
from alumni.privacy import PUBLIC, Viewer
from home.factories import FacultyFactory, site_home
from tests.alumni.test_directory import add_directory


def stored_counters() -> Counter:
    return Counter(
        {
            (a, f, n, v): c
            for a, f, n, v, c in DirectoryCount.objects.values_list(
                "audience", "faculty_id", "field_name", "value", "count"
            )
            if c
        }
    )


def fresh_counters() -> Counter:
    return counts.contributions_of(Alumnus.objects.values_list("pk", flat=True))


def stored_words() -> set[tuple[int, str]]:
    return set(NameWord.objects.values_list("alumnus_id", "word"))


def fresh_words() -> set[tuple[int, str]]:
    return {
        (person.pk, word) for person in Alumnus.objects.listed() for word in name_search.words_of(person.folded_name)
    }


class KeptUpToDateTests(TestCase):
    """Every kind of write leaves the counters and words as a fresh count would."""

    @classmethod
    def setUpTestData(cls):
        cls.fmi = FacultyFactory(short_name="FMI")
        cls.fd = FacultyFactory(short_name="FD")

    def assert_fresh(self):
        self.assertEqual(stored_counters(), fresh_counters())
        self.assertEqual(stored_words(), fresh_words())

    def test_saves_deletes_and_erasure(self):
        ana = AlumnusFactory(faculty=self.fmi, first_name="Ana", last_name="Pop", sector="it", country="România")
        ion = AlumnusFactory(faculty=self.fd, first_name="Ion", last_name="Stan", help_mentoring=True)
        hidden = AlumnusFactory(faculty=self.fmi, status=Alumnus.Status.PENDING, sector="law")
        self.assertTrue(stored_counters())
        self.assert_fresh()
        steps = [
            lambda: setattr(ana, "visibility", {"sector": Visibility.ALUMNI}),
            lambda: setattr(ana, "sector", "law"),
            lambda: setattr(ana, "last_name", "Popescu-Vlad"),
            lambda: setattr(ana, "faculty", self.fd),
            lambda: setattr(ion, "consent_directory", False),
            lambda: setattr(hidden, "status", Alumnus.Status.APPROVED),
            lambda: setattr(ion, "consent_directory", True),
            lambda: setattr(ion, "graduation_year", None),
            lambda: setattr(ion, "help_practice", True),
        ]
        for n, step in enumerate(steps):
            step()
            for person in (ana, ion, hidden):
                person.save()
            with self.subTest(step=n):
                self.assert_fresh()
        erase(ion)
        self.assert_fresh()
        hidden.delete()
        self.assert_fresh()
        self.assertEqual(stored_words(), {(ana.pk, "ana"), (ana.pk, "popescu"), (ana.pk, "vlad")})

    def test_rebuild_and_the_command_count_everyone_afresh(self):
        from django.core.management import call_command

        people = [AlumnusFactory(faculty=self.fmi) for _ in range(5)]
        Alumnus.objects.filter(pk=people[0].pk).update(sector="health")  # no signal: stale until rebuilt
        call_command("rebuild_directory_counts", stdout=io.StringIO())
        self.assert_fresh()
        DirectoryCount.objects.all().delete()
        NameWord.objects.all().delete()
        counts.rebuild()
        name_search.rebuild()
        self.assert_fresh()

    def test_an_import_that_updates_listed_people(self):
        site_home()
        ana = AlumnusFactory(faculty=self.fmi, first_name="Ana", last_name="Pop", email="ana@example.ro", sector="it")
        fields = ["first_name", "last_name", "email", "faculty", "sector"]
        rows = [["Ana", "Popovici", "ana@example.ro", "FMI", "research"], ["Nou", "Venit", "nou@example.ro", "FD", ""]]
        data = "\r\n".join(",".join(row) for row in [import_header(fields, "ro"), *rows]).encode()
        result = import_alumni(io.BytesIO(data), filename="a.csv", commit=True)
        self.assertTrue(result.committed, result.errors)
        ana.refresh_from_db()
        self.assertEqual((ana.sector, ana.last_name), ("research", "Popovici"))
        self.assert_fresh()
        self.assertIn((ana.pk, "popovici"), stored_words())


class SameAnswersTests(TestCase):
    """The stored counters and the in-memory name search answer what the queries answer."""

    @classmethod
    def setUpTestData(cls):
        cls.home = site_home()
        cls.fmi = FacultyFactory(short_name="FMI")
        cls.fd = FacultyFactory(short_name="FD")
        cls.directory = add_directory(cls.home)
        names = ["Ana Pop", "Ion Popa", "Maria Popescu", "Ana Stan", "Ionuț Ștefan", "Popa Ana"]
        visibilities = [{}, {"sector": "alumni"}, {"country": "office"}, {"graduation_year": "alumni"}]
        cls.people = []
        for n, (name, visibility, sector, country, year, faculty) in enumerate(
            zip(
                names * 4,
                itertools.cycle(visibilities),
                itertools.cycle(["it", "law", "", "research", "it"]),
                itertools.cycle(["România", "ROMÂNIA", "Germania", "", "românia"]),
                itertools.cycle([1988, 1995, 2004, None, 2019, 2021]),
                itertools.cycle([cls.fmi, cls.fd, cls.fmi]),
                strict=False,
            )
        ):
            first, last = name.split()
            cls.people.append(
                AlumnusFactory(
                    faculty=faculty,
                    first_name=first,
                    last_name=last,
                    visibility=visibility,
                    sector=sector,
                    country=country,
                    graduation_year=year,
                    help_mentoring=n % 2 == 0,
                    help_internships=n % 3 == 0,
                    help_guest_lectures=False,
                    help_practice=False,
                    study_cycle=["licenta", "master", ""][n % 3],
                )
            )
        AlumnusFactory(faculty=cls.fmi, first_name="Ana", last_name="Pop", status=Alumnus.Status.PENDING)
        # Two words matching one prefix: one match, counted once.
        cls.people.append(AlumnusFactory(faculty=cls.fmi, first_name="Pop", last_name="Popescu", sector="it"))

    def viewers(self):
        return [PUBLIC, Viewer(audience=Visibility.ALUMNI, alumnus_id=self.people[1].pk)]

    def filterset(self, data, viewer, faculty_key=None):
        filterset = directory_filterset(data, viewer, self.fmi.locale_id, faculty_key)
        self.assertTrue(filterset.is_valid(), filterset.form.errors)
        return filterset

    def test_stored_counters_agree_with_the_queries(self):
        for viewer, (data, section) in itertools.product(
            self.viewers(), [({}, None), ({"faculty": "FMI"}, None), ({"faculty": "FD"}, None), ({}, self.fmi)]
        ):
            key = section.translation_key if section else None
            with self.subTest(viewer=viewer, data=data, section=key):
                filterset = self.filterset(data, viewer, key)
                counters = StoredCounts.for_filterset(filterset)
                self.assertIsNotNone(counters)
                self.assertEqual(
                    facet_counts(filterset, counters),
                    facet_counts(filterset, source=QueriedCounts(filterset, stored=False)),
                )
                self.assertEqual(counters.total(), sorted_results(filterset).count())

    def test_a_facet_whose_own_filter_is_the_only_one_is_read_from_the_counters(self):
        """With one filter (and perhaps the faculty), that filter's facet counts everyone else's choices: the stored
        counters answer it, and the answer is the queries' own."""
        for viewer, data in itertools.product(
            self.viewers(),
            [
                {"sector": "it"},
                {"decade": "1990"},
                {"year": "2004", "faculty": "FMI"},
                {"country": "românia", "faculty": "FD"},
                {"help": "any"},
                {"cycle": "master"},
                {"faculty": "FMI", "sector": "law", "help": "mentoring"},  # two filters: queries only
            ],
        ):
            with self.subTest(viewer=viewer, data=data):
                filterset = self.filterset(data, viewer)
                self.assertEqual(
                    facet_counts(filterset), facet_counts(filterset, source=QueriedCounts(filterset, stored=False))
                )

    def test_with_one_filter_its_facet_reads_the_counters_instead_of_everyone(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def reads(data):
            filterset = self.filterset(data, PUBLIC)
            with CaptureQueriesContext(connection) as captured:
                facet_counts(filterset)
            tables = [DirectoryCount._meta.db_table in query["sql"] for query in captured]
            return tables.count(True), tables.count(False)

        # The sector's and the faculties' facets from the counters (one read), the four others by queries.
        self.assertEqual(reads({"sector": "it"}), (1, 4))
        self.assertEqual(reads({"sector": "it", "faculty": "FMI"}), (1, 4))
        self.assertEqual(reads({"sector": "it", "decade": "1990"}), (0, 6))
        sign_in = Viewer(audience=Visibility.ALUMNI, alumnus_id=self.people[1].pk)
        filterset = self.filterset({"sector": "it"}, sign_in)
        with CaptureQueriesContext(connection) as captured:
            facet_counts(filterset)  # their own row is counted whole: the faculties by a query
        self.assertEqual(sum(DirectoryCount._meta.db_table in query["sql"] for query in captured), 1)

    def test_filters_other_than_the_faculty_are_counted_by_queries(self):
        for data in ({"sector": "it"}, {"q": "ana"}, {"faculty": "FMI", "decade": "1990"}):
            with self.subTest(data=data):
                self.assertIsNone(StoredCounts.for_filterset(self.filterset(data, PUBLIC)))

    def test_a_name_search_counted_in_memory_agrees_with_the_queries(self):
        filters = [
            {},
            {"faculty": "FMI"},
            {"sector": "it"},
            {"sector": "law", "faculty": "FD"},
            {"country": "românia"},
            {"country": "Germania", "help": "mentoring"},
            {"decade": "1990"},
            {"year": "2004"},
            {"decade": "1980", "help": "any"},
            {"help": "internships", "cycle": "licenta"},
            {"cycle": "master", "faculty": "FMI", "sector": "it"},
        ]
        sections = [None, self.fmi.translation_key]  # the whole directory, and a faculty's own
        for viewer, query, data, section in itertools.product(
            self.viewers(), ["ana", "pop", "ion ște", "zz"], filters, sections
        ):
            with self.subTest(viewer=viewer, q=query, data=data, section=section):
                filterset = self.filterset({**data, "q": query}, viewer, section)
                matches = NameMatches.for_filterset(filterset)
                self.assertIsNotNone(matches)
                expected_ids = list(sorted_results(filterset).values_list("pk", flat=True))
                self.assertEqual(matches[0 : len(expected_ids) + 5], expected_ids)
                self.assertEqual(matches.count(), len(expected_ids))
                self.assertEqual(matches.facet_counts, facet_counts(filterset))

    def test_a_name_search_that_matches_nobody_is_counted_in_memory_too(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def queries(data):
            filterset = self.filterset(data, PUBLIC)
            with CaptureQueriesContext(connection) as captured:
                matches = NameMatches.for_filterset(filterset)
            return len(captured), matches.count()

        found, found_count = queries({"q": "ana", "sector": "it"})
        self.assertGreater(found_count, 0)
        for data in ({"q": "zz"}, {"q": "ana", "country": "Nicăieri"}, {"q": "ana", "sector": "it", "decade": "1950"}):
            with self.subTest(data=data):
                self.assertEqual(queries(data), (found, 0))

    def test_the_page_answers_the_same_either_way(self):
        viewer_pages = []
        for params in ({"q": "ana", "sector": "it"}, {"q": "pop"}, {}, {"faculty": "FMI"}):
            response = self.client.get(self.directory.url, params)
            self.assertEqual(response.status_code, 200)
            filterset = self.filterset(params, PUBLIC)
            self.assertEqual(response.context["facet_counts"], facet_counts(filterset))
            self.assertEqual(response.context["result_count"], sorted_results(filterset).count())
            viewer_pages.append([card.profile.id for card in response.context["people"].object_list])
        self.assertTrue(all(viewer_pages))

    def test_counts_cost_the_same_for_few_and_many_people(self):
        def queries(data):
            filterset = self.filterset(data, PUBLIC)
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                counts_for(filterset, None)
                NameMatches.for_filterset(filterset)
            return len(captured)

        cases = [{}, {"faculty": "FD"}, {"q": "ana"}, {"sector": "it", "decade": "1990"}]
        before = [queries(data) for data in cases]
        for n in range(30):
            AlumnusFactory(faculty=self.fd, first_name="Ana", last_name=f"Nou{n}", sector="it", graduation_year=1991)
        self.assertEqual([queries(data) for data in cases], before)


class DeepPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fmi = FacultyFactory(short_name="FMI")
        cls.directory = add_directory(site_home())
        cls.people = [
            AlumnusFactory(faculty=cls.fmi, first_name="Ana", last_name=f"Pop{n % 20:02d}") for n in range(45)
        ]
        cls.hidden = AlumnusFactory(faculty=cls.fmi, first_name="Ana", last_name="Pop05", consent_directory=False)

    def ids(self, response):
        return [card.profile.id for card in response.context["people"].object_list]

    def test_next_links_carry_a_cursor_and_walk_the_same_pages(self):
        import re

        by_number = [self.ids(self.client.get(self.directory.url, {"page": n, "faculty": "FMI"})) for n in (1, 2, 3)]
        url, walked = f"{self.directory.url}?faculty=FMI", []
        for _page in range(3):
            response = self.client.get(url)
            walked.append(self.ids(response))
            link = re.search(r'href="(\?[^"]*)" rel="next"', response.content.decode())
            if link is None:
                break
            self.assertIn("after=", link.group(1))
            url = self.directory.url + link.group(1).replace("&amp;", "&")
        self.assertEqual(walked, by_number)
        self.assertEqual(sorted(sum(walked, [])), sorted(person.pk for person in self.people))

    def test_a_cursor_on_someone_unlisted_reveals_nothing(self):
        plain = self.ids(self.client.get(self.directory.url, {"page": 2}))
        self.assertEqual(self.ids(self.client.get(self.directory.url, {"page": 2, "after": self.hidden.pk})), plain)
