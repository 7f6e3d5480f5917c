"""The id-first page loader: a slice of ids sorted over every match, then only those rows, in the same order."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from home.factories import FacultyFactory
from home.models import Faculty
from home.pagination import fill_page, paginate, rows_for_ids


class RowsForIdsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.faculties = [FacultyFactory(name=f"Facultatea {letter}") for letter in "EDCBA"]

    def loader(self, ids):
        self.loaded.append(list(ids))
        return Faculty.objects.filter(pk__in=ids)

    def setUp(self):
        self.loaded = []

    def test_rows_come_in_the_querysets_order_and_only_the_slice_is_loaded(self):
        ordered = Faculty.objects.filter(pk__in=[f.pk for f in self.faculties]).order_by("sort_key")
        with self.assertNumQueries(2):
            rows = rows_for_ids(ordered, 1, 3, self.loader)
        self.assertEqual([row.name for row in rows], ["Facultatea B", "Facultatea C", "Facultatea D"])
        self.assertEqual(len(self.loaded), 1)
        self.assertEqual(len(self.loaded[0]), 3)

    def test_an_empty_slice_loads_nothing(self):
        with self.assertNumQueries(1):
            self.assertEqual(rows_for_ids(Faculty.objects.filter(pk=0), 0, 20, self.loader), [])
        self.assertEqual(self.loaded, [])

    def test_a_row_gone_between_the_two_steps_is_left_out(self):
        ordered = Faculty.objects.filter(pk__in=[f.pk for f in self.faculties]).order_by("sort_key")
        gone = self.faculties[-1]  # Facultatea A, the first in order

        def load_after_deletion(ids):
            return Faculty.objects.filter(pk__in=ids).exclude(pk=gone.pk)

        rows = rows_for_ids(ordered, 0, 2, load_after_deletion)
        self.assertEqual([row.name for row in rows], ["Facultatea B"])

    def test_a_page_costs_the_same_queries_however_many_rows_match(self):
        def queries_for(count: int) -> int:
            Faculty.objects.exclude(pk__in=[f.pk for f in self.faculties]).delete()
            FacultyFactory.create_batch(count)
            request = type("Request", (), {"GET": {"page": "2"}})()
            with CaptureQueriesContext(connection) as context:
                page = fill_page(paginate(request, Faculty.objects.order_by("sort_key", "pk"), 10), self.loader)
                self.assertEqual(len(page.object_list), 10)
            return len(context.captured_queries)

        self.assertEqual(queries_for(20), queries_for(2000))


class KeysetTests(TestCase):
    """Deep pages by cursor: the same rows as the page number gives, without counting past the earlier pages."""

    @classmethod
    def setUpTestData(cls):
        # Equal sort keys in pairs: the id breaks the ties, as in the directory's order.
        cls.faculties = [FacultyFactory(name=f"Facultatea {n // 2:02d}") for n in range(23)]

    def ordered(self):
        return Faculty.objects.filter(pk__in=[f.pk for f in self.faculties]).order_by("sort_key", "pk")

    def test_following_the_cursors_walks_the_same_pages_as_the_numbers(self):
        from django.test import RequestFactory

        def load(ids):
            return Faculty.objects.filter(pk__in=ids)

        by_number = [
            [row.pk for row in fill_page(paginate(RequestFactory().get("/", {"page": n}), self.ordered(), 5), load)]
            for n in range(1, 6)
        ]
        self.assertEqual(sum(by_number, []), list(self.ordered().values_list("pk", flat=True)))
        query = {}
        walked = []
        for n in range(1, 6):
            request = RequestFactory().get("/", {"page": n, **query})
            page = fill_page(
                paginate(request, self.ordered(), 5), lambda ids: Faculty.objects.filter(pk__in=ids), request
            )
            walked.append([row.pk for row in page.object_list])
            query = {"after": page.next_after}
        self.assertEqual(walked, by_number)
        back = []
        query = {"before": walked[-1][0]}
        for n in range(4, 0, -1):
            request = RequestFactory().get("/", {"page": n, **query})
            page = fill_page(
                paginate(request, self.ordered(), 5), lambda ids: Faculty.objects.filter(pk__in=ids), request
            )
            back.append([row.pk for row in page.object_list])
            query = {"before": page.previous_before}
        self.assertEqual(back, by_number[:4][::-1])

    def test_a_cursor_outside_the_rows_falls_back_to_the_page_number(self):
        from django.test import RequestFactory

        outsider = FacultyFactory(name="Facultatea 05 bis")
        for cursor in (outsider.pk, 999999, "x", "-3", "9" * 30):
            with self.subTest(cursor=cursor):
                request = RequestFactory().get("/", {"page": 2, "after": cursor})
                page = fill_page(
                    paginate(request, self.ordered(), 5), lambda ids: Faculty.objects.filter(pk__in=ids), request
                )
                self.assertEqual(
                    [row.pk for row in page.object_list], list(self.ordered().values_list("pk", flat=True)[5:10])
                )

    def test_a_deep_page_by_cursor_costs_what_the_first_costs(self):
        from django.test import RequestFactory

        def queries(params):
            request = RequestFactory().get("/", params)
            with CaptureQueriesContext(connection) as captured:
                fill_page(paginate(request, self.ordered(), 5), lambda ids: Faculty.objects.filter(pk__in=ids), request)
            return [query["sql"] for query in captured.captured_queries]

        deep = queries({"page": 5, "after": self.ordered()[19].pk})
        self.assertFalse(any("OFFSET" in sql for sql in deep), deep)
        self.assertTrue(any("OFFSET" in sql for sql in queries({"page": 5})))
