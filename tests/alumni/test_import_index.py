"""The guard of alumni/importing/search_index.py: the entries it writes in bulk are the ones Wagtail's database
backend writes itself, on the database the tests run on (SQLite here, PostgreSQL in CI's second pass)."""

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from alumni.factories import AlumnusFactory
from alumni.importing.search_index import bulk_index_writer, indexed_objects
from alumni.models import Alumnus
from home.factories import FacultyFactory

NAMES = [("Ștefan", "Țăranu"), ("Ioana", "Mureșan"), ("Andrei", "Îndrieș"), ("Ana-Maria", "Popescu"), ("Ion", "Ene")]


class BulkIndexWriterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        faculty = FacultyFactory()
        cls.people = [
            AlumnusFactory(faculty=faculty, first_name=first, last_name=last, email=f"p{n}@example.ro")
            for n, (first, last) in enumerate(NAMES)
        ]
        cls.content_type = ContentType.objects.get_for_model(Alumnus)

    def setUp(self):
        self.backend = get_search_backend()
        self.writer = bulk_index_writer(self.backend, Alumnus)
        self.assertIsNotNone(self.writer, "the tests' search backend is a database one: the bulk path applies")
        self.entries = IndexEntry.objects.filter(content_type=self.content_type)
        self.entries.delete()

    def stored(self) -> list[dict]:
        fields = [field.attname for field in IndexEntry._meta.concrete_fields if not field.primary_key]
        return sorted(self.entries.values(*fields), key=lambda row: row["object_id"])

    def upstream(self, people) -> list[dict]:
        self.backend.add_bulk(Alumnus, people)
        self.backend.get_index_for_model(Alumnus)._refresh_title_norms()
        entries = self.stored()
        self.entries.delete()
        return entries

    def test_new_entries_are_upstreams(self):
        expected = self.upstream(self.people)
        self.assertEqual(len(expected), len(NAMES))
        self.writer.add(list(indexed_objects(Alumnus, [person.pk for person in self.people])))
        self.writer.finish()
        self.assertEqual(self.stored(), expected)

    def test_entries_of_every_shape_in_one_batch_are_upstreams(self):
        """Names that are empty, quoted or hold a percent sign make vectors of other shapes and odd texts."""
        faculty = self.people[0].faculty
        odd = [
            AlumnusFactory(faculty=faculty, first_name="", last_name="O'Brien", email="odd0@example.ro"),
            AlumnusFactory(faculty=faculty, first_name="100%", last_name="%s Pop", email="odd1@example.ro"),
            AlumnusFactory(faculty=faculty, first_name="Ana", last_name="", email="odd2@example.ro"),
        ]
        people = [*self.people, *odd]
        expected = self.upstream(people)
        self.writer.add(list(indexed_objects(Alumnus, [person.pk for person in people])))
        self.writer.finish()
        self.assertEqual(self.stored(), expected)

    def test_changed_people_replace_their_entries(self):
        self.writer.add(self.people)
        for person in self.people[:2]:
            person.first_name += " Maria"
            person.save()
        self.entries.delete()
        expected = self.upstream(self.people)
        self.writer.add(self.people[2:])
        self.writer.add(self.people)  # the first three again, changed or not
        self.writer.finish()
        self.assertEqual(self.stored(), expected)

    def test_entries_are_found(self):
        self.writer.add(list(indexed_objects(Alumnus, [person.pk for person in self.people])))
        self.writer.finish()
        found = {person.pk for person in self.backend.search("Taranu", Alumnus)}
        self.assertEqual(found, {self.people[0].pk})
        found = {person.pk for person in self.backend.autocomplete("muresa", Alumnus)}
        self.assertEqual(found, {self.people[1].pk})

    def test_remove_takes_only_those_out(self):
        self.writer.add(self.people)
        self.writer.remove([self.people[0].pk, self.people[1].pk])
        self.assertEqual({row["object_id"] for row in self.stored()}, {str(person.pk) for person in self.people[2:]})

    def test_indexed_objects_load_what_the_index_reads(self):
        fields = {field.field_name for field in Alumnus.get_search_fields()}
        with self.assertNumQueries(1):  # no deferred field is read one person at a time
            people = list(indexed_objects(Alumnus, [person.pk for person in self.people]))
            values = [[getattr(person, name) for name in sorted(fields)] for person in people]
        self.assertEqual(len(values), len(NAMES))
        self.assertEqual({person.pk for person in people}, {person.pk for person in self.people})

    def test_other_backends_keep_their_own_bulk_add(self):
        class Index:
            pass

        class Backend:
            def get_index_for_model(self, model):
                return Index()

        self.assertIsNone(bulk_index_writer(Backend(), Alumnus))
