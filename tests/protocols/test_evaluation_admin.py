"""The evaluations' admin listing and views cut along the protocol's faculty (a ModelViewSet, whose index Wagtail
does not build from the viewset's get_queryset), in a flat number of queries; every protocols listing searches."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from home.factories import site_home
from protocols.factories import ProtocolActivityFactory, ProtocolTemplateFactory, WeakPointFactory
from protocols.models import ProtocolEvaluation
from tests.protocols.test_protocols import ProtocolTestCase


class EvaluationAdminTests(ProtocolTestCase):
    def evaluation(self, faculty, title):
        protocol = self.protocol(faculty, title=title)
        return ProtocolEvaluation.objects.create(protocol=protocol, participants=3, attendance=2, assessment="x")

    def test_the_listing_shows_only_the_editors_faculty(self):
        self.evaluation(self.fmi, "Evaluare-FMI-proprie")
        self.evaluation(self.flls, "Evaluare-FLLS-straina")
        self.client.force_login(self.fmi_editor)
        for url in (reverse("protocol_evaluations:index"), reverse("protocol_evaluations:index_results")):
            with self.subTest(url=url):
                listing = self.client.get(url)
                self.assertContains(listing, "Evaluare-FMI-proprie")
                self.assertNotContains(listing, "Evaluare-FLLS-straina")
        self.client.force_login(self.office)
        self.assertContains(self.client.get(reverse("protocol_evaluations:index")), "Evaluare-FLLS-straina")

    def test_another_facultys_evaluation_is_refused_by_id(self):
        other = self.evaluation(self.flls, "Evaluare-FLLS-straina")
        own = self.evaluation(self.fmi, "Evaluare-FMI-proprie")
        self.client.force_login(self.fmi_editor)
        for name in ("edit", "delete", "history", "usage"):
            with self.subTest(view=name):
                self.assertRefused(self.client.get(reverse(f"protocol_evaluations:{name}", args=[other.pk])))
        for name in ("edit", "history", "usage"):  # the editors do not delete evaluations
            with self.subTest(view=name):
                own_page = self.client.get(reverse(f"protocol_evaluations:{name}", args=[own.pk]))
                self.assertEqual(own_page.status_code, 200)
        self.assertRefused(self.client.post(reverse("protocol_evaluations:delete", args=[other.pk])))
        self.assertTrue(ProtocolEvaluation.objects.filter(pk=other.pk).exists())

    def test_the_new_form_proposes_only_the_editors_protocols_attendance(self):
        calendar = EventIndexPageFactory(parent=site_home(), slug="calendar")
        event = EventPageFactory(parent=calendar)
        for _ in range(7):
            RegistrationFactory(event=event, checked_in_at=event.start)
        own = self.protocol(self.fmi)
        other = self.protocol(self.flls)
        ProtocolActivityFactory(protocol=own, event=event)
        ProtocolActivityFactory(protocol=other, event=event)
        self.client.force_login(self.fmi_editor)
        refused = self.client.get(reverse("protocol_evaluations:add"), {"protocol": other.pk})
        self.assertEqual(refused.status_code, 200)
        initial = refused.context["form"].initial
        self.assertNotIn("protocol", initial)
        self.assertNotIn("attendance", initial)
        proposed = self.client.get(reverse("protocol_evaluations:add"), {"protocol": own.pk})
        self.assertEqual(proposed.context["form"].initial["attendance"], 7)

    def test_the_listing_costs_the_same_for_2_and_20_rows(self):
        self.client.force_login(self.fmi_editor)
        url = reverse("protocol_evaluations:index")
        self.client.get(url)  # warm the caches (the user's faculties, the admin's menu)

        def count(rows):
            while ProtocolEvaluation.objects.count() < rows:
                self.evaluation(self.fmi, f"Protocol {ProtocolEvaluation.objects.count()}")
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(len(response.context["object_list"]), rows)
            return len(queries)

        self.assertEqual(count(2), count(20))


class SearchTests(ProtocolTestCase):
    def test_every_listing_answers_a_search(self):
        protocol = self.protocol(title="Atelier de inginerie", partner_name="Endava")
        ProtocolEvaluation.objects.create(protocol=protocol, participants=3, attendance=2, assessment="x")
        WeakPointFactory(faculty=self.fmi, programme="Informatică", description="Atelier lipsă")
        ProtocolTemplateFactory(title="Atelier model")
        listings = [
            "wagtailsnippets_protocols_protocol:list",
            "wagtailsnippets_protocols_weakpoint:list",
            "wagtailsnippets_protocols_protocoltemplate:list",
            "protocol_evaluations:index",
        ]
        for user in (self.office, self.fmi_editor):
            self.client.force_login(user)
            for name in listings:
                for query in ("x", "Atelier", "Endava"):
                    with self.subTest(user=user.username, listing=name, q=query):
                        response = self.client.get(reverse(name), {"q": query})
                        self.assertIn(response.status_code, (200, 302) if user == self.fmi_editor else (200,))
        self.client.force_login(self.office)
        found = self.client.get(reverse("wagtailsnippets_protocols_protocol:list"), {"q": "Endava"})
        self.assertContains(found, "Atelier de inginerie")
        self.assertNotContains(
            self.client.get(reverse("wagtailsnippets_protocols_protocol:list"), {"q": "Nimic"}), "Atelier de inginerie"
        )
