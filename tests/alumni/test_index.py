"""The search index holds only listed people, and only their names; leaving the directory leaves the index."""

import json

from django.test import TestCase, override_settings
from wagtail.search.backends import get_search_backend

from alumni.consents import set_consent, withdraw_consent
from alumni.factories import AlumnusFactory
from alumni.models import Alumnus, ConsentPurpose
from tests.search.test_elasticsearch import ES_SETTINGS


def found(query: str) -> list[int]:
    return [person.pk for person in get_search_backend().search(query, Alumnus.objects.all())]


class AlumnusIndexTests(TestCase):
    def test_only_listed_people_are_indexed_and_they_leave_when_they_stop_being_listed(self):
        listed = AlumnusFactory(first_name="Ștefan", last_name="Lăcătuș")
        AlumnusFactory(first_name="Ștefan", last_name="Pending", status=Alumnus.Status.PENDING)
        AlumnusFactory(first_name="Ștefan", last_name="Private", consent_directory=False)
        self.assertEqual(found("Ștefan"), [listed.pk])
        self.assertEqual(found("lacatus"), [listed.pk])

        withdraw_consent(listed, ConsentPurpose.DIRECTORY)
        self.assertEqual(found("Ștefan"), [])

        set_consent(listed, ConsentPurpose.DIRECTORY, True, source="profile", text="Sunt de acord.")
        self.assertEqual(found("Ștefan"), [listed.pk])

        listed.status = Alumnus.Status.REJECTED
        listed.save()
        self.assertEqual(found("Ștefan"), [])

    def test_hidden_fields_are_not_searchable(self):
        AlumnusFactory(first_name="Ana", last_name="Pop", employer="Firma Secretă", email="ana.pop@example.ro")
        self.assertEqual(found("Secretă"), [])
        self.assertEqual(found("ana.pop@example.ro"), [])

    def test_consent_changes_are_logged_with_the_text_version(self):
        person = AlumnusFactory(consent_directory=False)
        self.assertTrue(set_consent(person, ConsentPurpose.DIRECTORY, True, source="profile", text="Sunt de acord."))
        self.assertFalse(set_consent(person, ConsentPurpose.DIRECTORY, True, source="profile", text="Sunt de acord."))
        withdraw_consent(person, ConsentPurpose.DIRECTORY)
        history = list(person.consents.values_list("purpose", "given", "text_version"))
        self.assertEqual([given for _, given, _ in history], [False, True])
        self.assertEqual(len(history[1][2]), 12)


@override_settings(WAGTAILSEARCH_BACKENDS=ES_SETTINGS)
class AlumnusElasticsearchDocumentTests(TestCase):
    """What Elasticsearch would receive for a person: names only, never contact details or work."""

    def test_the_document_holds_names_and_filters_only(self):
        person = AlumnusFactory(first_name="Ştefan", last_name="Ţepeş", employer="Firma", phone="+40 700 000 000")
        backend = get_search_backend()
        mapping = backend.mapping_class(Alumnus)
        document = json.dumps(mapping.get_document(person), ensure_ascii=False)
        self.assertIn("stefan tepes", document)
        for private in (person.email, "Firma", "+40 700 000 000", person.city):
            with self.subTest(value=private):
                self.assertNotIn(private, document)
        properties = mapping.get_mapping()["properties"]
        self.assertFalse([name for name in properties if "email" in name or "employer" in name])

    def test_unlisted_people_are_not_among_the_indexed_objects(self):
        listed = AlumnusFactory()
        AlumnusFactory(status=Alumnus.Status.PENDING)
        AlumnusFactory(consent_directory=False)
        self.assertEqual(list(Alumnus.get_indexed_objects()), [listed])
