"""The name words' copies of their people's directory rows (`NameWord.MIRRORED_COLUMNS`): the database keeps them
equal to the people's own through every kind of write, and installs its triggers again when they are missing or
out of date."""

import io

from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import TestCase, TransactionTestCase

from alumni import name_search
from alumni.erasure import erase
from alumni.factories import AlumnusFactory, import_header
from alumni.importing import import_alumni
from alumni.models import Alumnus, NameWord, Visibility
from alumni.models.name_words import MIRRORED_COLUMNS
from alumni.models.people import DIRECTORY_AUDIENCES, DIRECTORY_FIELDS, directory_column
from home.factories import FacultyFactory, site_home


def drift() -> list[tuple]:
    """Every (word, column, copy, person's value) where a word's copy differs from its person's row."""
    people = {row["pk"]: row for row in Alumnus.objects.values("pk", "status", "consent_directory", *MIRRORED_COLUMNS)}
    found = []
    for word in NameWord.objects.values("word", "alumnus_id", "listed", *MIRRORED_COLUMNS):
        person = people[word["alumnus_id"]]
        listed = person["status"] == Alumnus.Status.APPROVED and person["consent_directory"]
        if word["listed"] != listed:
            found.append((word["word"], "listed", word["listed"], listed))
        for column in MIRRORED_COLUMNS:
            if word[column] != person[column]:
                found.append((word["word"], column, word[column], person[column]))
    return found


class CopiesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fmi = FacultyFactory(short_name="FMI")
        cls.fd = FacultyFactory(short_name="FD")

    def setUp(self):
        self.ana = AlumnusFactory(
            faculty=self.fmi, first_name="Ana", last_name="Pop", sector="it", country="România", graduation_year=2004
        )
        self.ion = AlumnusFactory(faculty=self.fd, first_name="Ion", last_name="Stan-Popa", help_mentoring=True)

    def assert_copied(self):
        self.assertTrue(NameWord.objects.exists())
        self.assertEqual(drift(), [])

    def test_the_copies_hold_every_stored_column_of_the_directory(self):
        expected = {directory_column(audience, field) for audience in DIRECTORY_AUDIENCES for field in DIRECTORY_FIELDS}
        self.assertEqual(set(MIRRORED_COLUMNS) - {"faculty_id", "sort_key"}, expected)

    def test_words_are_written_with_their_persons_row(self):
        self.assert_copied()
        word = NameWord.objects.filter(alumnus=self.ana).first()
        self.assertEqual((word.listed, word.faculty_id, word.public_sector), (True, self.fmi.pk, "it"))
        # Written by hand, in bulk or alone, with nothing of the row given.
        NameWord.objects.create(alumnus=self.ion, word="extra")
        NameWord.objects.bulk_create([NameWord(alumnus=self.ana, word="bulk"), NameWord(alumnus=self.ion, word="b")])
        self.assert_copied()

    def test_saves_keep_the_copies(self):
        steps = [
            lambda: setattr(self.ana, "visibility", {"sector": Visibility.ALUMNI}),
            lambda: setattr(self.ana, "sector", "law"),
            lambda: setattr(self.ana, "last_name", "Popescu"),
            lambda: setattr(self.ana, "faculty", self.fd),
            lambda: setattr(self.ana, "visibility", {"country": Visibility.OFFICE, "graduation_year": "alumni"}),
            lambda: setattr(self.ion, "help_practice", True),
            lambda: setattr(self.ion, "graduation_year", None),
        ]
        for n, step in enumerate(steps):
            step()
            self.ana.save()
            self.ion.save()
            with self.subTest(step=n):
                self.assert_copied()
        self.assertEqual(NameWord.objects.filter(alumnus=self.ana).first().alumni_graduation_year, 2004)

    def test_updates_that_send_no_signal_keep_the_copies(self):
        """Bulk writes change people's rows without any code of ours running: the database rewrites the copies."""
        people = Alumnus.objects.filter(pk__in=[self.ana.pk, self.ion.pk])
        updates = [
            {"country": "Germania"},
            {"visibility": {"country": Visibility.ALUMNI, "sector": Visibility.OFFICE}},
            {"faculty": self.fd},
            {"first_name": Concat(F("first_name"), Value("a"))},  # the sort key stays: only save() derives it
            {"sort_key": "zzz"},
            {"help_internships": True},
            {"consent_directory": False},  # no longer listed: their words say so at once
            {"consent_directory": True, "status": Alumnus.Status.PENDING},
            {"status": Alumnus.Status.APPROVED},
        ]
        for n, update in enumerate(updates):
            people.update(**update)
            with self.subTest(step=n, update=update):
                self.assert_copied()
        self.ana.refresh_from_db()
        self.ana.graduation_year = 1999
        Alumnus.objects.bulk_update([self.ana], ["graduation_year"])
        self.assert_copied()

    def test_a_word_edited_in_place_is_copied_again(self):
        NameWord.objects.filter(alumnus=self.ana).update(listed=False, public_sector="health", faculty_id=0)
        self.assert_copied()

    def test_an_unlisted_person_is_no_match_before_their_words_are_refreshed(self):
        Alumnus.objects.filter(pk=self.ana.pk).update(consent_directory=False)
        self.assertTrue(NameWord.objects.filter(alumnus=self.ana).exists())  # until refresh(): but not listed
        self.assertFalse(name_search.matching_words(["pop"]).filter(listed=True, alumnus=self.ana).exists())
        name_search.refresh([self.ana.pk])
        self.assertFalse(NameWord.objects.filter(alumnus=self.ana).exists())

    def test_erasure_import_and_rebuild_keep_the_copies(self):
        site_home()
        fields = ["first_name", "last_name", "email", "faculty", "sector", "country"]
        rows = [
            ["Ana", "Popovici", self.ana.email, "FD", "research", "Franța"],
            ["Nou", "Venit", "nou@example.ro", "FMI", "it", "România"],
        ]
        data = "\r\n".join(",".join(row) for row in [import_header(fields, "ro"), *rows]).encode()
        result = import_alumni(io.BytesIO(data), filename="a.csv", commit=True)
        self.assertTrue(result.committed, result.errors)
        self.assert_copied()
        self.assertTrue(NameWord.objects.filter(alumnus=self.ana, word="popovici", faculty_id=self.fd.pk).exists())
        erase(self.ion)
        self.assert_copied()
        self.assertFalse(NameWord.objects.filter(alumnus=self.ion).exists())
        name_search.rebuild()
        self.assert_copied()

    def test_a_rebuild_on_postgresql_holds_peoples_rows_still_before_it_locks_the_words(self):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            name_search.rebuild()
        statements = [query["sql"] for query in captured.captured_queries]
        locks = [n for n, sql in enumerate(statements) if sql.startswith("LOCK TABLE")]
        deletes = [n for n, sql in enumerate(statements) if sql.startswith("DELETE")]
        if connection.vendor == "postgresql":
            self.assertEqual(len(locks), 1)
            self.assertIn("IN SHARE MODE", statements[locks[0]])
            self.assertLess(locks[0], min(deletes))
        else:
            self.assertEqual(locks, [])  # one writer at a time anyway
        self.assert_copied()


class TriggersTests(TestCase):
    def triggers(self) -> set[str]:
        return name_search._installed_triggers(connection)

    def test_installed_once_and_again_when_missing(self):
        installed = self.triggers()
        self.assertTrue(installed)
        self.assertFalse(name_search.install_mirror())  # current: nothing to do
        person = AlumnusFactory(faculty=FacultyFactory(), first_name="Radu", last_name="Mihai")
        # What SQLite does when a migration rebuilds a table: its triggers are gone, and writes go uncopied.
        with connection.cursor() as cursor:
            for trigger in installed:
                if connection.vendor == "postgresql":
                    table = Alumnus._meta.db_table if trigger.endswith("_person") else NameWord._meta.db_table
                    cursor.execute(f"DROP TRIGGER {trigger} ON {table}")
                else:
                    cursor.execute(f"DROP TRIGGER {trigger}")
        Alumnus.objects.filter(pk=person.pk).update(status=Alumnus.Status.PENDING)
        self.assertNotEqual(drift(), [])
        self.assertTrue(name_search.install_mirror())  # what the next migrate does
        self.assertEqual(self.triggers(), installed)
        self.assertEqual(drift(), [])
        self.assertFalse(name_search.install_mirror())

    def test_a_database_without_triggers_written_for_it_is_refused_by_name(self):
        from unittest import mock

        from django.core.exceptions import ImproperlyConfigured

        with self.assertRaisesMessage(ImproperlyConfigured, "runs on SQLite or PostgreSQL (DATABASE_URL), not mysql"):
            name_search._mirror_sql("mysql")
        with mock.patch.object(connection, "vendor", "mysql"), self.assertRaises(ImproperlyConfigured):
            name_search.install_mirror()

    def test_a_changed_definition_replaces_the_old_triggers(self):
        installed = self.triggers()
        triggers, _statements, _copy = name_search._mirror_sql(connection.vendor)
        self.assertEqual(installed, triggers)
        with connection.cursor() as cursor:  # an older version's trigger, left by a previous release
            name = f"{name_search.MIRROR_PREFIX}0000000000_person"
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$"
                )
                cursor.execute(
                    f"CREATE TRIGGER {name} AFTER UPDATE ON {Alumnus._meta.db_table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {name}()"
                )
            else:
                cursor.execute(f"CREATE TRIGGER {name} AFTER UPDATE ON {Alumnus._meta.db_table} BEGIN SELECT 1; END")
        self.assertTrue(name_search.install_mirror())
        self.assertEqual(self.triggers(), triggers)


class FetchAllTests(TestCase):
    def test_rows_as_the_queryset_gives_them(self):
        from alumni.directory.matches import fetch_all

        faculty = FacultyFactory()
        people = [AlumnusFactory(faculty=faculty) for _ in range(3)]
        rows = Alumnus.objects.order_by("pk").values_list("pk", "faculty_id", "sort_key")
        self.assertEqual(fetch_all(rows), list(rows))
        self.assertEqual(fetch_all(Alumnus.objects.filter(pk__in=[]).values_list("pk")), [])
        # A column the database gives as text or a number that Django converts (a date) goes through Django.
        created = fetch_all(Alumnus.objects.order_by("pk").values_list("pk", "created_at"))
        self.assertEqual(created, [(person.pk, person.created_at) for person in people])


class MigratingTests(TransactionTestCase):
    serialized_rollback = True  # the locales and pages the migrations made come back after each test

    def test_migrating_back_drops_the_triggers_and_forward_installs_them(self):
        from django.core.management import call_command

        self.assertTrue(name_search._installed_triggers(connection))
        call_command("migrate", "alumni", "0006", verbosity=0)
        self.assertEqual(name_search._installed_triggers(connection), set())
        with connection.cursor() as cursor:
            columns = {c.name for c in connection.introspection.get_table_description(cursor, "alumni_nameword")}
        self.assertNotIn("listed", columns)
        call_command("migrate", verbosity=0)
        self.assertEqual(name_search._installed_triggers(connection), name_search._mirror_sql(connection.vendor)[0])
        person = AlumnusFactory(
            faculty=FacultyFactory(), first_name="Radu", last_name="Mihai", sector="it", visibility={"sector": "public"}
        )
        Alumnus.objects.filter(pk=person.pk).update(sector="law")
        self.assertEqual(NameWord.objects.filter(alumnus=person, public_sector="law").count(), 2)
        self.assertEqual(drift(), [])

    def test_a_migration_that_rebuilds_the_tables_runs_and_the_copies_come_back(self):
        """SQLite rebuilds a table to alter it and checks every trigger naming it; PostgreSQL refuses to change the
        type of a column a trigger reads: a migration run drops the triggers first and installs them at its end."""
        person = AlumnusFactory(faculty=FacultyFactory(), first_name="Radu", last_name="Mihai", sector="it")
        name_search._before_migrate(sender=None, using="default", plan=[(None, False)])  # what migrate sends
        self.assertEqual(name_search._installed_triggers(connection), set())
        with connection.schema_editor() as editor:
            if connection.vendor == "sqlite":
                editor._remake_table(Alumnus)
                editor._remake_table(NameWord)
            else:
                for length in (800, 700):
                    editor.execute(f"ALTER TABLE {Alumnus._meta.db_table} ALTER COLUMN sort_key TYPE varchar({length})")
        Alumnus.objects.filter(pk=person.pk).update(status=Alumnus.Status.PENDING)  # meanwhile, uncopied
        name_search._after_migrate(sender=None, using="default")
        self.assertEqual(name_search._installed_triggers(connection), name_search._mirror_sql(connection.vendor)[0])
        self.assertEqual(drift(), [])
        self.assertFalse(NameWord.objects.filter(alumnus=person, listed=True).exists())

    def test_a_run_with_nothing_to_migrate_keeps_the_triggers(self):
        installed = name_search._installed_triggers(connection)
        name_search._before_migrate(sender=None, using="default", plan=[])
        self.assertEqual(name_search._installed_triggers(connection), installed)


class OrphanWordTests(TestCase):
    def test_a_word_whose_person_is_not_there_is_never_listed(self):
        from django.db import transaction

        person = AlumnusFactory(faculty=FacultyFactory(), first_name="Radu", last_name="Mihai")
        with transaction.atomic():  # foreign keys are checked at commit: a fixture may write words first
            NameWord.objects.create(alumnus_id=person.pk + 1000, word="orfan")
            self.assertFalse(NameWord.objects.get(word="orfan").listed)
            transaction.set_rollback(True)
