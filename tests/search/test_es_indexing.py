"""Index updates and rebuilds against a fake Elasticsearch client: which documents are written or removed after
a save, a consent change, an erasure, a protocol's stage and a nomination's status, and the rebuild's alias swap."""

from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from alumni.consents import withdraw_consent
from alumni.erasure import erase
from alumni.factories import AlumnusFactory
from alumni.models import ConsentPurpose
from gala.factories import AwardCategoryFactory, GalaEditionPageFactory, GalaIndexPageFactory, NominationFactory
from gala.models import Nomination
from home.factories import FacultyFactory, site_home
from protocols.factories import ProtocolFactory
from protocols.models import Protocol
from search.elastic.documents import DOCUMENT_TYPES
from search.elastic.indexing import rebuild

ES = {"ELASTICSEARCH_URL": "http://127.0.0.1:9", "ELASTICSEARCH_INDEX_PREFIX": "t_"}


class FakeClient:
    """Records every call, in order, as (method, arguments)."""

    def __init__(self, aliased=()):
        self.calls: list[tuple[str, dict]] = []
        self.aliased = list(aliased)
        self.indices = mock.Mock()
        self.indices.exists_alias.side_effect = lambda name: bool(self.aliased)
        self.indices.exists.return_value = False
        self.indices.get_alias.side_effect = lambda name: {index: {} for index in self.aliased}
        for name in ("create", "refresh", "update_aliases", "delete"):
            getattr(self.indices, name).side_effect = self._recorder(f"indices.{name}")

    def _recorder(self, name):
        def record(**kwargs):
            self.calls.append((name, kwargs))
            return {}

        return record

    def index(self, **kwargs):
        self.calls.append(("index", kwargs))

    def delete(self, **kwargs):
        self.calls.append(("delete", kwargs))

    def bulk(self, operations=None, **kwargs):
        self.calls.append(("bulk", {"operations": operations}))
        items = [{"index": {"status": 201}} for _ in range(len(operations) // 2)]
        return {"errors": False, "items": items}

    def options(self, **kwargs):
        return self

    def ops(self, name):
        return [kwargs for call, kwargs in self.calls if call == name]


@override_settings(**ES)
class SignalTests(TestCase):
    def setUp(self):
        self.client = FakeClient()
        patcher = mock.patch("search.elastic.indexing.get_client", return_value=self.client)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_a_saved_listed_person_is_indexed_on_commit(self):
        with self.captureOnCommitCallbacks(execute=True):
            person = AlumnusFactory(first_name="Ştefan")
            self.assertEqual(self.client.calls, [])  # nothing before the commit
        [written] = self.client.ops("index")
        self.assertEqual((written["index"], written["id"]), ("t_directory", str(person.pk)))
        self.assertEqual(written["document"]["name"], person.full_name)

    def test_withdrawing_the_directory_consent_removes_the_person(self):
        person = AlumnusFactory()
        with self.captureOnCommitCallbacks(execute=True):
            withdraw_consent(person, ConsentPurpose.DIRECTORY)
        self.assertEqual(self.client.ops("index"), [])
        self.assertIn({"index": "t_directory", "id": str(person.pk)}, self.client.ops("delete"))

    def test_an_erasure_removes_the_person_within_its_request(self):
        person = AlumnusFactory(first_name="Maria", last_name="Popescu")
        with self.captureOnCommitCallbacks(execute=True):
            erase(person)
        self.assertEqual(self.client.ops("index"), [])
        self.assertIn({"index": "t_directory", "id": str(person.pk)}, self.client.ops("delete"))

    def test_a_deleted_person_is_removed(self):
        person = AlumnusFactory()
        pk = person.pk
        with self.captureOnCommitCallbacks(execute=True):
            person.delete()
        self.assertIn({"index": "t_directory", "id": str(pk)}, self.client.ops("delete"))

    def test_a_protocol_enters_when_active_and_live_and_leaves_after(self):
        protocol = ProtocolFactory(faculty=FacultyFactory(), live=True)
        with self.captureOnCommitCallbacks(execute=True):
            protocol.stage = Protocol.Stage.ACTIVE
            protocol.save(update_fields=["stage"])
        self.assertEqual([call["index"] for call in self.client.ops("index")], ["t_protocols"])
        with self.captureOnCommitCallbacks(execute=True):
            protocol.stage = Protocol.Stage.EVALUATED
            protocol.save(update_fields=["stage"])
        self.assertIn({"index": "t_protocols", "id": str(protocol.pk)}, self.client.ops("delete"))

    def test_a_nomination_is_indexed_once_it_wins(self):
        edition = GalaEditionPageFactory(parent=GalaIndexPageFactory(parent=site_home()))
        with self.captureOnCommitCallbacks(execute=True):
            nomination = NominationFactory(edition=edition, category=AwardCategoryFactory(), faculty=FacultyFactory())
        self.assertEqual(self.client.ops("index"), [])
        with self.captureOnCommitCallbacks(execute=True):
            nomination.status = Nomination.Status.WINNER
            nomination.save(update_fields=["status"])
        [written] = self.client.ops("index")
        self.assertEqual((written["index"], written["document"]["name"]), ("t_winners", nomination.nominee_name))

    @override_settings(ELASTICSEARCH_URL="")
    def test_nothing_is_sent_without_elasticsearch(self):
        with self.captureOnCommitCallbacks(execute=True):
            AlumnusFactory()
        self.assertEqual(self.client.calls, [])


@override_settings(**ES)
class RebuildTests(TestCase):
    def test_a_new_index_is_filled_in_chunks_then_the_alias_swapped_and_the_old_index_deleted(self):
        for _ in range(5):
            AlumnusFactory()
        client = FakeClient(aliased=["t_directory_old"])
        advanced = []
        new_index = rebuild(
            DOCUMENT_TYPES["directory"], chunk_size=2, client=client, progress=lambda total, name: advanced.append
        )
        self.assertTrue(new_index.startswith("t_directory_"))
        names = [name for name, _kwargs in client.calls]
        self.assertEqual(names[0], "indices.create")
        self.assertEqual(names[1:4], ["bulk", "bulk", "bulk"])
        self.assertEqual(names[4:], ["indices.refresh", "indices.update_aliases", "indices.delete"])
        self.assertEqual(advanced, [2, 2, 1])
        created = client.ops("indices.create")[0]
        self.assertEqual(created["index"], new_index)
        self.assertIn("name_folded", created["settings"]["analysis"]["analyzer"])
        swap = client.ops("indices.update_aliases")[0]["actions"]
        self.assertEqual(
            swap,
            [
                {"remove": {"index": "t_directory_old", "alias": "t_directory"}},
                {"add": {"index": new_index, "alias": "t_directory"}},
            ],
        )
        self.assertEqual(client.ops("indices.delete"), [{"index": "t_directory_old", "ignore_unavailable": True}])

    def test_the_first_rebuild_only_adds_the_alias(self):
        client = FakeClient()
        rebuild(DOCUMENT_TYPES["protocols"], client=client, progress=lambda total, name: lambda n: None)
        self.assertEqual(len(client.ops("indices.update_aliases")[0]["actions"]), 1)
        self.assertEqual(client.ops("indices.delete"), [])

    def test_the_command_rebuilds_every_kind(self):
        with mock.patch("search.management.commands.search_rebuild.rebuild", return_value="x") as rebuilt:
            call_command("search_rebuild", "--chunk", "500", stdout=mock.Mock())
        self.assertEqual([call.args[0].kind for call in rebuilt.call_args_list], ["directory", "protocols", "winners"])
        self.assertEqual({call.kwargs["chunk_size"] for call in rebuilt.call_args_list}, {500})

    @override_settings(ELASTICSEARCH_URL="")
    def test_the_command_needs_a_cluster(self):
        with self.assertRaises(CommandError):
            call_command("search_rebuild")
