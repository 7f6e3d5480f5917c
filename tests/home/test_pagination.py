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
