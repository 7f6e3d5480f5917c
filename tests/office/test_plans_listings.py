"""Every admin listing of the office's plans, the protocols and the gala answers a search (?q=) on the test
database (SQLite, Wagtail's database search backend), and the demo's office user opens each listing of its work."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from gala.factories import AwardCategoryFactory, GalaEditionPageFactory, GalaIndexPageFactory, NominationFactory
from home.approvals import ensure_approval_workflow
from home.factories import FacultyFactory, site_home
from office.demo_reports import _people
from office.factories import ActionPlanFactory, CoordinatorAppointmentFactory, MeasureDeadlineFactory
from protocols.factories import ProtocolFactory, ProtocolTemplateFactory, WeakPointFactory

OFFICE_LISTINGS = [
    "wagtailsnippets_office_actionplan:list",
    "office_overdue_actions:index",
    "wagtailsnippets_office_measure:list",
    "wagtailsnippets_office_measuredeadline:list",
    "wagtailsnippets_office_coordinatorappointment:list",
    "wagtailsnippets_office_coordinatormeeting:list",
]
PROTOCOL_LISTINGS = [
    "wagtailsnippets_protocols_protocol:list",
    "wagtailsnippets_protocols_weakpoint:list",
    "wagtailsnippets_protocols_protocoltemplate:list",
    "protocol_evaluations:index",
]
GALA_LISTINGS = [
    "wagtailsnippets_gala_awardcategory:list",
    "wagtailsnippets_gala_nomination:list",
    "wagtailsnippets_gala_galaevaluation:list",
    "gala_costs:index",
]


class ListingsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_approval_workflow()
        faculty = FacultyFactory(short_name="FMI")
        ActionPlanFactory(faculty=faculty)
        MeasureDeadlineFactory(faculty=faculty)
        CoordinatorAppointmentFactory(faculty=faculty, name="Atelier Coordonator")
        ProtocolFactory(faculty=faculty, title="Atelier de inginerie", partner_name="Endava")
        WeakPointFactory(faculty=faculty, description="Atelier lipsă")
        ProtocolTemplateFactory(title="Atelier model")
        edition = GalaEditionPageFactory(parent=GalaIndexPageFactory(parent=site_home(), slug="gala"), slug="gala-2026")
        NominationFactory(
            edition=edition, category=AwardCategoryFactory(), faculty=faculty, nominee_name="Atelier Laureat"
        )
        cls.superuser = get_user_model().objects.create_superuser("admin", "a@example.ro", "o-parola-buna-123")


class SearchTests(ListingsTestCase):
    def test_every_listing_answers_a_search(self):
        self.client.force_login(self.superuser)
        for name in OFFICE_LISTINGS + PROTOCOL_LISTINGS + GALA_LISTINGS:
            for query in ("x", "Atelier", "Endava"):
                with self.subTest(listing=name, q=query):
                    self.assertEqual(self.client.get(reverse(name), {"q": query}).status_code, 200)

    def test_a_search_finds_and_leaves_out(self):
        self.client.force_login(self.superuser)
        for name, text in (
            ("wagtailsnippets_protocols_protocol:list", "Atelier de inginerie"),
            ("wagtailsnippets_gala_nomination:list", "Atelier Laureat"),
            ("wagtailsnippets_office_coordinatorappointment:list", "Atelier Coordonator"),
        ):
            with self.subTest(listing=name):
                self.assertContains(self.client.get(reverse(name), {"q": "Atelier"}), text)
                self.assertNotContains(self.client.get(reverse(name), {"q": "Nimeni"}), text)


class DemoOfficeUserTests(ListingsTestCase):
    def test_the_demo_office_user_opens_every_listing_of_its_work(self):
        context = SimpleNamespace(password="demo-pass", add_login=lambda line: None)
        office = _people(context)["Biroul Alumni"]
        self.assertEqual(office.username, "birou")
        self.client.force_login(office)
        for name in OFFICE_LISTINGS + PROTOCOL_LISTINGS + GALA_LISTINGS[1:]:  # the award categories are the jury's
            with self.subTest(listing=name):
                self.assertEqual(self.client.get(reverse(name)).status_code, 200)
        for permission in (
            "office.add_measure",
            "office.change_measuredeadline",
            "office.add_coordinatormeeting",
            "office.change_coordinatorappointment",
            "gala.shortlist_nomination",
            "gala.change_galaevaluation",
        ):
            with self.subTest(permission=permission):
                self.assertTrue(office.has_perm(permission))
        self.assertFalse(office.has_perm("gala.award_nomination"))  # the jury's
