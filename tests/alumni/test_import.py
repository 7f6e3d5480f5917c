"""Importing faculty alumni files: formats and encodings, validation per row and column, all-or-nothing commits."""

import datetime
import io
import os
import tempfile
from pathlib import Path
from unittest import mock

import openpyxl
from django.contrib.auth.models import Permission, User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.utils import timezone, translation
from wagtail.search.backends import get_search_backend

from alumni.factories import AlumnusFactory, import_header, with_cedillas
from alumni.importing import import_alumni, jobs, run
from alumni.importing.jobs import run_job
from alumni.models import Alumnus, Consent, ImportJob
from home.factories import FacultyPageFactory, faculty_editor_group, site_home

# The columns of a faculty's usual file, named as the import's column table names them.
FIELDS = ["first_name", "last_name", "email", "faculty", "study_cycle", "programme", "graduation_year", "employer"]
FIELDS += ["job_title", "sector", "city", "country", "phone"]
RO_HEADER = import_header(FIELDS, "ro")
EN_HEADER = import_header(FIELDS, "en")
ROWS = [
    [
        "Ștefan",
        "Țăranu",
        "Stefan.Taranu@Example.ro",
        "FMI",
        "licență",
        "Informatică",
        "2015",
        "Bitdefender",
        "Inginer",
        "it",
        "Cluj-Napoca",
        "România",
        "0722 000 111",
    ],
    [
        "Ioana",
        "Mureșan",
        "ioana.muresan@example.ro",
        "Facultatea de Litere",
        "master",
        "Engleză",
        "2019",
        "",
        "",
        "Educație",
        "Iași",
        "România",
        "",
    ],
    [
        "Andrei",
        "Îndrieș",
        "andrei@example.ro",
        "fmi",
        "doctorate",
        "Matematică",
        "2021",
        "UBB",
        "Asistent",
        "research",
        "Cluj-Napoca",
        "România",
        "",
    ],
]


def csv_bytes(rows, header=RO_HEADER, delimiter=",", encoding="utf-8"):
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows, header=EN_HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([int(value) if value.isdigit() and len(value) == 4 else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ImportTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        cls.fmi_page = FacultyPageFactory(
            parent=home, faculty__name="Facultatea de Matematică și Informatică", faculty__short_name="FMI"
        )
        cls.litere_page = FacultyPageFactory(
            parent=home, faculty__name="Facultatea de Litere", faculty__short_name="LIT"
        )
        cls.fmi, cls.litere = cls.fmi_page.faculty, cls.litere_page.faculty

    def run_import(self, data: bytes, name="alumni.csv", **kwargs):
        return import_alumni(io.BytesIO(data), filename=name, **kwargs)


class FormatTests(ImportTestCase):
    def assert_imported(self, result):
        self.assertFalse(result.errors, result.errors)
        self.assertTrue(result.committed)
        self.assertEqual(result.created, 3)
        stefan = Alumnus.objects.get(email="stefan.taranu@example.ro")
        self.assertEqual((stefan.first_name, stefan.last_name), ("Ștefan", "Țăranu"))
        self.assertEqual(stefan.faculty, self.fmi)
        self.assertEqual((stefan.study_cycle, stefan.graduation_year, stefan.sector), ("licenta", 2015, "it"))
        self.assertEqual((stefan.status, stefan.source), (Alumnus.Status.APPROVED, Alumnus.Source.IMPORT))
        ioana = Alumnus.objects.get(email="ioana.muresan@example.ro")
        self.assertEqual((ioana.faculty, ioana.study_cycle, ioana.sector), (self.litere, "master", "education"))
        self.assertEqual(Alumnus.objects.get(email="andrei@example.ro").study_cycle, "doctorat")

    def test_comma_csv_utf8(self):
        self.assert_imported(self.run_import(csv_bytes(ROWS), commit=True))

    def test_semicolon_csv_with_bom(self):
        self.assert_imported(self.run_import(csv_bytes(ROWS, delimiter=";", encoding="utf-8-sig"), commit=True))

    def test_windows_1250_with_cedillas_round_trips(self):
        # Romanian Excel writes ş ţ with a cedilla in Windows-1250; they are stored as the correct ș ț.
        rows = [
            [
                "Ştefan",
                "Ţăranu",
                "stefan.taranu@example.ro",
                "FMI",
                "licenţă",
                "Informatică",
                "2015",
                "",
                "",
                "",
                "Bârlad",
                "România",
                "",
            ],
            [
                "Ioana",
                "Mureşan",
                "ioana.muresan@example.ro",
                "LIT",
                "master",
                "",
                "2019",
                "",
                "",
                "",
                "Iaşi",
                "România",
                "",
            ],
            ["Andrei", "Îndrieş", "andrei@example.ro", "FMI", "doctorat", "", "2021", "", "", "", "", "", ""],
        ]
        header = [with_cedillas(title) for title in RO_HEADER]  # Funcţia, Oraş, Ţară
        data = csv_bytes(rows, header=header, delimiter=";", encoding="cp1250")
        with self.assertRaises(UnicodeDecodeError):
            data.decode("utf-8")
        result = self.run_import(data, commit=True)
        self.assertFalse(result.errors, result.errors)
        stefan = Alumnus.objects.get(email="stefan.taranu@example.ro")
        self.assertEqual((stefan.first_name, stefan.last_name, stefan.city), ("Ștefan", "Țăranu", "Bârlad"))
        self.assertEqual(Alumnus.objects.get(email="ioana.muresan@example.ro").city, "Iași")
        self.assertEqual(Alumnus.objects.get(email="andrei@example.ro").last_name, "Îndrieș")

    def test_xlsx_with_english_headers(self):
        self.assert_imported(self.run_import(xlsx_bytes(ROWS), name="alumni.xlsx", commit=True))

    def test_english_headers_in_csv_any_case(self):
        header = [title.upper() for title in EN_HEADER]
        self.assert_imported(self.run_import(csv_bytes(ROWS, header=header), commit=True))

    def test_default_faculty_when_the_file_has_none(self):
        rows = [row[:3] for row in ROWS]
        result = self.run_import(csv_bytes(rows, header=RO_HEADER[:3]), commit=True, default_faculty="LIT")
        self.assertFalse(result.errors)
        self.assertEqual(set(Alumnus.objects.values_list("faculty", flat=True)), {self.litere.pk})

    def test_a_missing_required_column_is_reported(self):
        result = self.run_import(csv_bytes([row[:2] for row in ROWS], header=RO_HEADER[:2]), commit=True)
        self.assertTrue(result.errors)
        self.assertEqual(result.errors[0].row, 1)
        self.assertFalse(Alumnus.objects.exists())

    def test_not_a_spreadsheet(self):
        result = self.run_import(b"PK\x03\x04garbage", name="alumni.xlsx", commit=True)
        self.assertTrue(result.errors)
        self.assertFalse(result.committed)


class ValidationTests(ImportTestCase):
    def test_one_bad_row_commits_nothing_and_names_row_column_and_reason(self):
        rows = [list(row) for row in ROWS]
        rows[1][2] = "not-an-email"
        rows[2][6] = "1850"
        result = self.run_import(csv_bytes(rows), commit=True)
        self.assertFalse(result.committed)
        self.assertFalse(Alumnus.objects.exists())
        self.assertEqual(
            [(error.row, error.column) for error in result.errors], [(3, "E-mail"), (4, "Anul absolvirii")]
        )
        self.assertTrue(all(error.reason for error in result.errors))
        self.assertEqual(result.error_rows, 2)
        self.assertEqual(result.created, 1)

    def test_required_fields_unknown_faculty_and_bad_choices(self):
        rows = [list(row) for row in ROWS]
        rows[0][0] = ""
        rows[1][3] = "Facultatea de Astrologie"
        rows[2][4] = "liceu"
        rows[2][9] = "astrologie"
        result = self.run_import(csv_bytes(rows), commit=True)
        self.assertEqual(
            {(error.row, error.column) for error in result.errors},
            {(2, RO_HEADER[0]), (3, RO_HEADER[3]), (4, RO_HEADER[4]), (4, RO_HEADER[9])},
        )
        self.assertFalse(Alumnus.objects.exists())

    def test_duplicate_emails_in_the_file(self):
        rows = [*ROWS, ["Ștefan", "Alt", "STEFAN.taranu@example.ro", "FMI", "", "", "", "", "", "", "", "", ""]]
        result = self.run_import(csv_bytes(rows), commit=True)
        self.assertEqual([(error.row, error.column) for error in result.errors], [(5, RO_HEADER[2])])
        self.assertIn("2", result.errors[0].reason)  # points at the first occurrence
        self.assertFalse(Alumnus.objects.exists())

    def test_dry_run_saves_nothing_but_counts(self):
        result = self.run_import(csv_bytes(ROWS), commit=False)
        self.assertEqual((result.created, result.updated, result.unchanged), (3, 0, 0))
        self.assertEqual([row.row for row in result.created_sample], [2, 3, 4])
        self.assertFalse(Alumnus.objects.exists())


class UpdateTests(ImportTestCase):
    def test_reimporting_the_same_file_changes_nothing(self):
        data = csv_bytes(ROWS)
        self.run_import(data, commit=True)
        before = list(Alumnus.objects.order_by("pk").values())
        consents = Consent.objects.count()
        # Savepoint, faculties x2, one lookup for the whole batch, release; on SQLite the page cache's size read,
        # raised and set back (run.larger_sqlite_cache).
        with self.assertNumQueries(5 + (3 if connection.vendor == "sqlite" else 0)):
            result = self.run_import(data, commit=True)
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 3))
        self.assertEqual(list(Alumnus.objects.order_by("pk").values()), before)
        self.assertEqual(Consent.objects.count(), consents)

    def test_matching_email_updates_instead_of_duplicating(self):
        person = AlumnusFactory(
            faculty=self.fmi, email="stefan.taranu@example.ro", employer="Vechi SRL", status="pending", phone="0700"
        )
        rows = [list(ROWS[0])]
        rows[0][12] = ""  # an empty cell keeps what the person has
        with translation.override("en"):  # the preview names the changed columns in the editor's language
            result = self.run_import(csv_bytes(rows), commit=True)
        self.assertEqual((result.created, result.updated), (0, 1))
        self.assertIn("employer", [change.lower() for change in result.updated_sample[0].changes])
        person.refresh_from_db()
        self.assertEqual(Alumnus.objects.count(), 1)
        self.assertEqual((person.employer, person.first_name, person.phone), ("Bitdefender", "Ștefan", "0700"))
        self.assertEqual(person.status, "pending")  # an import does not approve a registration under review
        self.assertEqual(person.source, "registration")

    def test_people_imported_without_consent_are_office_only(self):
        self.run_import(csv_bytes(ROWS), commit=True)
        self.assertEqual(Alumnus.objects.count(), 3)
        self.assertFalse(Alumnus.objects.listed().exists())
        self.assertFalse(get_search_backend().search("Țăranu", Alumnus.objects.all()))

    def test_consent_columns_are_applied_logged_and_indexed(self):
        header = [*RO_HEADER[:4], *import_header(["consent_directory", "consent_newsletter"])]
        rows = [[*ROWS[0][:4], "da", "nu"], [*ROWS[1][:4], "nu", "yes"], [*ROWS[2][:4], "1", "0"]]
        result = self.run_import(csv_bytes(rows, header=header), commit=True)
        self.assertFalse(result.errors, result.errors)
        listed = set(Alumnus.objects.listed().values_list("email", flat=True))
        self.assertEqual(listed, {"stefan.taranu@example.ro", "andrei@example.ro"})
        log = Consent.objects.filter(alumnus__email="stefan.taranu@example.ro", source=Consent.Source.IMPORT)
        self.assertEqual(set(log.values_list("purpose", "given")), {("directory", True), ("newsletter", False)})
        found = {person.email for person in get_search_backend().search("Țăranu", Alumnus.objects.all())}
        self.assertEqual(found, {"stefan.taranu@example.ro"})

        # Withdrawn by a later file: logged, and out of the directory and the index.
        rows[0][4] = "nu"
        result = self.run_import(csv_bytes(rows, header=header), commit=True)
        self.assertEqual((result.updated, result.unchanged), (1, 2))
        self.assertFalse(Alumnus.objects.listed().filter(email="stefan.taranu@example.ro").exists())
        self.assertTrue(log.filter(purpose="directory", given=False).exists())
        self.assertFalse(get_search_backend().search("Țăranu", Alumnus.objects.all()))


class CommandTests(ImportTestCase):
    def write(self, data: bytes, suffix=".csv") -> str:
        handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)  # noqa: SIM115
        handle.write(data)
        handle.close()
        self.addCleanup(Path(handle.name).unlink)
        return handle.name

    def test_dry_run_then_real_run(self):
        path = self.write(csv_bytes(ROWS))
        out = io.StringIO()
        call_command("import_alumni", path, "--dry-run", stdout=out)
        self.assertIn("3 rows", out.getvalue())
        self.assertFalse(Alumnus.objects.exists())
        call_command("import_alumni", path, stdout=io.StringIO())
        self.assertEqual(Alumnus.objects.count(), 3)

    def test_errors_are_printed_and_fail_the_command(self):
        rows = [list(row) for row in ROWS]
        rows[2][2] = "fara-arond"
        path = self.write(csv_bytes(rows, delimiter=";"))
        err = io.StringIO()
        with translation.override("en"), self.assertRaises(CommandError):
            call_command("import_alumni", path, stdout=io.StringIO(), stderr=err)
        self.assertIn("row 4, column E-mail:", err.getvalue())
        self.assertFalse(Alumnus.objects.exists())

    def test_default_faculty_option(self):
        path = self.write(xlsx_bytes([row[:3] for row in ROWS], header=EN_HEADER[:3]), suffix=".xlsx")
        call_command("import_alumni", path, "--faculty", "FMI", stdout=io.StringIO())
        self.assertEqual(Alumnus.objects.filter(faculty=self.fmi).count(), 3)


class AdminImportTests(ImportTestCase):
    """The admin upload: the file is stored, a job queued (the tests' ImmediateBackend runs it at once), and the
    job's page shows its progress, then its result."""

    url = "/admin/alumni-import/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin = User.objects.create_superuser("office", "office@example.ro", "x")
        alumni_permissions = Permission.objects.filter(content_type__app_label="alumni", codename__endswith="_alumnus")
        group = faculty_editor_group(cls.fmi_page, *alumni_permissions)
        cls.editor = User.objects.create_user("editor.fmi", "editor@example.ro", "x")
        cls.editor.groups.add(group)
        cls.colleague = User.objects.create_user("colleague.fmi", "colleague@example.ro", "x")
        cls.colleague.groups.add(group)
        cls.litere_editor = User.objects.create_user("editor.litere", "litere@example.ro", "x")
        cls.litere_editor.groups.add(faculty_editor_group(cls.litere_page, *alumni_permissions))
        cls.viewer = User.objects.create_user("viewer", "viewer@example.ro", "x")
        cls.viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))

    def setUp(self):
        for name in self.stored_files():  # the media folder is shared by the whole test run
            default_storage.delete(f"alumni-imports/{name}")

    def upload(self, data: bytes, name="alumni.csv", action="import", **extra):
        return self.client.post(self.url, {"file": SimpleUploadedFile(name, data), "action": action, **extra})

    def stored_files(self):
        try:
            return default_storage.listdir("alumni-imports")[1]
        except FileNotFoundError:
            return []

    def job_url(self, job) -> str:
        return f"{self.url}{job.pk}/"

    def test_upload_runs_a_job_and_its_page_shows_the_result(self):
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        AlumnusFactory(faculty=self.fmi, email="andrei@example.ro", employer="Vechi")
        response = self.upload(csv_bytes(ROWS))
        job = ImportJob.objects.get()
        self.assertRedirects(response, self.job_url(job))
        self.assertEqual((job.state, job.user, job.commit), (ImportJob.State.DONE, self.admin, True))
        self.assertEqual((job.rows, job.created, job.updated, job.unchanged, job.error_count), (3, 2, 1, 0, 0))
        self.assertIsNotNone(job.finished_at)
        self.assertEqual(Alumnus.objects.count(), 3)
        self.assertEqual(Alumnus.objects.get(email="andrei@example.ro").employer, "UBB")
        self.assertEqual(self.stored_files(), [])  # an import's file goes once it has run

        response = self.client.get(self.job_url(job))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-state="done"')
        self.assertContains(response, '<dd id="count-create">2</dd>', html=True)
        self.assertContains(response, '<dd id="count-update">1</dd>', html=True)
        self.assertContains(response, "stefan.taranu@example.ro")
        self.assertNotContains(response, 'http-equiv="refresh"')  # a finished job's page stays put
        self.assertNotContains(response, "<progress")
        self.assertContains(self.client.get(self.url), self.job_url(job))  # listed under the recent imports

    def test_a_waiting_job_shows_a_progress_bar_that_refreshes_itself(self):
        self.client.force_login(self.admin)
        with mock.patch("alumni.importing.jobs.enqueue"):  # no worker has taken it yet
            self.upload(csv_bytes(ROWS))
        job = ImportJob.objects.get()
        response = self.client.get(self.job_url(job))
        self.assertContains(response, '<meta http-equiv="refresh" content="2">')
        self.assertContains(response, '<progress id="import-progress"')
        self.assertIn("no-store", response["Cache-Control"])  # the admin's, and a reload must ask again
        self.assertFalse(Alumnus.objects.exists())
        self.assertEqual(len(self.stored_files()), 1)

        self.assertEqual(run_job(job.pk), ImportJob.State.DONE)  # what the worker does
        self.assertEqual(run_job(job.pk), "skipped")  # and a repeated task does nothing
        self.assertEqual(Alumnus.objects.count(), 3)

    def test_progress_is_readable_while_the_import_runs(self):
        """The task reports each batch to the progress cache, outside the import's transaction: the job's page,
        asked for while the rows are being written, shows how far it has got."""
        self.client.force_login(self.admin)
        rows = [
            [f"Prenume{n}", f"Nume{n}", f"absolvent{n}@example.ro", "FMI", "licenta", "", "2015", *[""] * 6]
            for n in range(4500)
        ]
        seen = []
        original = jobs.write_progress

        def report(job_id, phase, done, total=None):
            original(job_id, phase, done, total)
            if phase == "reading" and done and not seen:
                page = self.client.get(f"{self.url}{job_id}/").content.decode()
                seen.append((done, page))

        with mock.patch("alumni.importing.jobs.write_progress", report), mock.patch.object(run, "BATCH_SIZE", 1000):
            response = self.upload(csv_bytes(rows))
        done, page = seen[0]
        self.assertEqual(done, 1000)
        self.assertIn('data-state="running"', page)
        self.assertIn('<progress id="import-progress" class="alumni-import-progress" value="1000" max="4500">', page)
        self.assertIn('http-equiv="refresh"', page)
        job = ImportJob.objects.get()
        self.assertRedirects(response, self.job_url(job))
        self.assertEqual((job.state, job.created, job.total_rows), (ImportJob.State.DONE, 4500, 4500))
        self.assertEqual(Alumnus.objects.count(), 4500)

    def test_an_upload_with_errors_shows_them_and_saves_nothing(self):
        self.client.force_login(self.admin)
        rows = [list(row) for row in ROWS]
        rows[1][6] = "anul trecut"
        response = self.upload(xlsx_bytes(rows), name="alumni.xlsx")
        job = ImportJob.objects.get()
        self.assertEqual((job.state, job.error_rows, job.rows), (ImportJob.State.REJECTED, 1, 3))
        self.assertEqual(job.errors, [{"row": 3, "column": "Graduation year", "reason": job.errors[0]["reason"]}])
        response = self.client.get(response.url)
        self.assertContains(response, 'data-state="rejected"')
        self.assertContains(response, 'class="import-error" data-row="3"')
        self.assertNotContains(response, '/import/"')  # nothing to confirm
        self.assertEqual(self.stored_files(), [])
        self.assertFalse(Alumnus.objects.exists())

    def test_check_then_import_the_same_file(self):
        self.client.force_login(self.admin)
        response = self.upload(csv_bytes(ROWS), action="check")
        check = ImportJob.objects.get()
        self.assertEqual((check.state, check.commit, check.created), (ImportJob.State.DONE, False, 3))
        self.assertFalse(Alumnus.objects.exists())  # a check saves nothing
        self.assertEqual(len(self.stored_files()), 1)  # and keeps the file for the import
        page = self.client.get(response.url)
        self.assertContains(page, f'action="{self.job_url(check)}import/"')
        self.assertContains(page, "stefan.taranu@example.ro")

        response = self.client.post(f"{self.job_url(check)}import/", {"import": ""})
        follow_up = ImportJob.objects.exclude(pk=check.pk).get()
        self.assertRedirects(response, self.job_url(follow_up))
        self.assertEqual((follow_up.state, follow_up.commit, follow_up.created), (ImportJob.State.DONE, True, 3))
        self.assertEqual(Alumnus.objects.count(), 3)
        self.assertEqual(self.stored_files(), [])
        # The checked file is spent with its import.
        response = self.client.post(f"{self.job_url(check)}import/", {"import": ""})
        self.assertRedirects(response, self.url)
        self.assertEqual(ImportJob.objects.count(), 2)

    def test_discarding_a_checked_file_deletes_it(self):
        self.client.force_login(self.admin)
        self.upload(csv_bytes(ROWS), action="check")
        check = ImportJob.objects.get()
        response = self.client.post(f"{self.job_url(check)}import/", {"discard": ""})
        self.assertRedirects(response, self.url)
        self.assertEqual(self.stored_files(), [])
        self.assertEqual(ImportJob.objects.count(), 1)
        self.assertFalse(Alumnus.objects.exists())

    def test_old_results_forget_their_people_and_unused_checked_files_go(self):
        self.client.force_login(self.admin)
        self.upload(csv_bytes(ROWS), action="check")
        check = ImportJob.objects.get()
        self.assertEqual(len(check.samples["create"]), 3)
        long_ago = timezone.now() - jobs.ABANDONED_AFTER - datetime.timedelta(minutes=1)
        ImportJob.objects.filter(pk=check.pk).update(finished_at=long_ago)
        os.utime(default_storage.path(check.stored_name), (long_ago.timestamp(), long_ago.timestamp()))

        self.upload(csv_bytes([ROWS[0]]))  # any upload tidies up
        check.refresh_from_db()
        self.assertEqual(check.samples, {})
        self.assertEqual((check.created, check.rows), (3, 3))  # the counts stay
        self.assertEqual(self.stored_files(), [])
        response = self.client.post(f"{self.job_url(check)}import/", {"import": ""})
        self.assertRedirects(response, self.url)
        self.assertEqual(Alumnus.objects.count(), 1)

    def test_a_job_that_fails_saves_nothing_and_says_so(self):
        self.client.force_login(self.admin)
        with mock.patch.object(run.AlumniImport, "_update", side_effect=RuntimeError("disk full")):
            AlumnusFactory(faculty=self.fmi, email="andrei@example.ro", employer="Vechi")
            with self.assertLogs("alumni.importing.jobs", "ERROR"):
                response = self.upload(csv_bytes(ROWS))
        job = ImportJob.objects.get()
        self.assertEqual(job.state, ImportJob.State.FAILED)
        self.assertEqual(Alumnus.objects.count(), 1)  # the two new people went with the transaction
        self.assertEqual(Alumnus.objects.get().employer, "Vechi")
        self.assertContains(self.client.get(response.url), 'data-state="failed"')
        self.assertEqual(self.stored_files(), [])

    def test_a_faculty_editor_imports_only_their_faculty(self):
        self.client.force_login(self.editor)
        self.upload(csv_bytes(ROWS))
        job = ImportJob.objects.get()
        self.assertEqual(job.faculty_ids, [self.fmi.pk])
        self.assertEqual([(error["row"], error["column"]) for error in job.errors], [(3, RO_HEADER[3])])

        AlumnusFactory(faculty=self.litere, email="andrei@example.ro")  # someone of another faculty, by e-mail
        self.upload(csv_bytes([ROWS[0], ROWS[2]]))
        job = ImportJob.objects.latest("pk")
        self.assertEqual([(error["row"], error["column"]) for error in job.errors], [(3, "E-mail")])
        self.assertEqual(Alumnus.objects.count(), 1)

        self.upload(csv_bytes([ROWS[0]]))
        self.assertEqual(ImportJob.objects.latest("pk").state, ImportJob.State.DONE)
        self.assertEqual(Alumnus.objects.get(email="stefan.taranu@example.ro").faculty, self.fmi)

    def test_a_faculty_editors_check_tells_nothing_of_another_facultys_people(self):
        """A check of a file holding another faculty's person's address reads exactly as one holding an address
        nobody has: counted as new, on the page and in the job, with no error."""
        self.client.force_login(self.editor)
        rows = [ROWS[0], ROWS[2]]
        rows[1] = [*rows[1][:3], "FMI", *rows[1][4:]]  # both filed under the editor's faculty

        def check():
            response = self.upload(csv_bytes(rows), action="check")
            job = ImportJob.objects.latest("pk")
            page = self.client.get(response.url).content.decode()
            return (job.state, job.created, job.updated, job.unchanged, job.errors), page

        unknown, unknown_page = check()
        AlumnusFactory(faculty=self.litere, email=rows[1][2].lower(), first_name="Irina", last_name="Străină")
        known, known_page = check()
        self.assertEqual(known, unknown)
        self.assertEqual(known[:2], (ImportJob.State.DONE, 2))
        self.assertNotIn("Străină", known_page)
        self.assertNotIn("Irina", known_page)

    def test_who_sees_a_job(self):
        self.client.force_login(self.editor)
        self.upload(csv_bytes([ROWS[0]]))
        editors_job = ImportJob.objects.get()
        self.client.force_login(self.admin)
        self.upload(csv_bytes([ROWS[1]]))
        office_job = ImportJob.objects.latest("pk")

        def status(user, job) -> int:
            self.client.force_login(user)
            return self.client.get(self.job_url(job)).status_code

        self.assertEqual(status(self.editor, editors_job), 200)  # the user who started it
        self.assertEqual(status(self.colleague, editors_job), 200)  # may import within the same faculties
        self.assertEqual(status(self.admin, editors_job), 200)  # a superuser
        self.assertEqual(status(self.litere_editor, editors_job), 404)  # another faculty's
        self.assertEqual(status(self.viewer, editors_job), 404)  # no import permission
        self.assertEqual(status(self.editor, office_job), 404)  # started for every faculty
        self.client.force_login(self.litere_editor)
        self.assertNotContains(self.client.get(self.url), self.job_url(editors_job))
        response = self.client.post(f"{self.job_url(office_job)}import/", {"discard": ""})
        self.assertEqual(response.status_code, 404)

    def test_the_faculty_choice_lists_only_the_editors_faculties(self):
        self.client.force_login(self.editor)
        response = self.client.get(self.url)
        self.assertEqual(list(response.context["form"].fields["faculty"].queryset), [self.fmi])

    def test_without_permission(self):
        self.client.force_login(self.viewer)
        # Wagtail turns the refusal into a redirect to the dashboard with a message.
        self.assertIn(self.client.get(self.url).status_code, (302, 403))
        self.assertIn(self.upload(csv_bytes(ROWS)).status_code, (302, 403))
        self.assertEqual(self.stored_files(), [])
        self.assertFalse(ImportJob.objects.exists())
        response = self.client.get("/admin/")
        self.assertNotContains(response, self.url)

    def test_a_wrong_kind_of_file_is_refused_before_any_job(self):
        self.client.force_login(self.admin)
        response = self.upload(b"MZ\x90\x00", name="alumni.exe")
        self.assertEqual(response.status_code, 200)
        self.assertIn("file", response.context["form"].errors)
        self.assertFalse(ImportJob.objects.exists())

    def test_menu_item_in_the_alumni_group(self):
        self.client.force_login(self.admin)
        response = self.client.get("/admin/")
        self.assertContains(response, self.url)
