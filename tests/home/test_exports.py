"""Exports never carry a live formula: CSV cells that start like one are text; XLSX cells stay typed."""

import csv
import io

from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase
from openpyxl import load_workbook
from wagtail.models import Locale

from alumni.models import Alumnus
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import Registration
from home.exports import csv_safe
from home.factories import site_home
from home.models import Faculty

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


class CsvSafeTests(SimpleTestCase):
    def test_formula_starts_become_text(self):
        for value in FORMULAS:
            with self.subTest(value=value):
                self.assertEqual(csv_safe(value), "'" + value)

    def test_everything_else_passes_unchanged(self):
        for value in ["Ana", "", "1990", 12, -5, None, "a=b"]:
            with self.subTest(value=value):
                self.assertEqual(csv_safe(value), value)


class AdminExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        locale = Locale.objects.get_or_create(language_code="ro")[0]
        faculty = Faculty.objects.create(locale=locale, name="Facultatea de Litere", short_name="FL")
        for number, formula in enumerate(FORMULAS):
            Alumnus.objects.create(
                faculty=faculty,
                first_name=formula,
                last_name="Pop",
                email=f"person{number}@example.ro",
                status=Alumnus.Status.APPROVED,
                employer="-" + formula,
            )
        event = EventPageFactory(parent=EventIndexPageFactory(parent=site_home()), title="Întâlnire")
        for number, formula in enumerate(FORMULAS):
            Registration.objects.create(
                event=event, name=formula, email=f"guest{number}@example.ro", role="guest", consent_text="Da"
            )
        cls.admin = get_user_model().objects.create_superuser("admin", "admin@example.ro", "parola-lunga-123")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_the_alumni_and_registrations_csv_exports_write_formulas_as_text(self):
        for listing in ("/admin/snippets/alumni/alumnus/", "/admin/registrations/"):
            response = self.client.get(listing, {"export": "csv"})
            rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
            cells = [cell for row in rows[1:] for cell in row]
            self.assertTrue(any("HYPERLINK" in cell for cell in cells), listing)
            for cell in cells:
                with self.subTest(listing=listing, cell=cell):
                    self.assertFalse(cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell)

    def test_the_xlsx_export_keeps_text_as_text(self):
        response = self.client.get("/admin/snippets/alumni/alumnus/", {"export": "xlsx"})
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        values = [cell for row in workbook.active.iter_rows(min_row=2) for cell in row]
        self.assertTrue(values)
        for cell in values:
            self.assertNotEqual(cell.data_type, "f")
