"""The gala: nominations in their window (with a honeypot and clear errors), moves recorded with who and when and
refused to those who may not make them, private fields kept off every public surface, the archive, the final
report, the API and a person's data."""

import json
from datetime import timedelta
from decimal import Decimal

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alumni.factories import AlumnusFactory
from events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from gala.factories import AwardCategoryFactory, GalaEditionPageFactory, GalaIndexPageFactory, NominationFactory
from gala.final_report import final_report
from gala.models import GalaCost, GalaEvaluation, Nomination, NominationChange
from gala.nominating import move
from home.extensions import collect_person_data
from home.factories import FacultyFactory, site_home, translate, translate_snippet

REASON = "A organizat zece ani la rând stagii de practică pentru studenții facultății și a predat voluntar."


def nomination_data(category_, faculty_, **changes):
    data = {
        "category": str(category_.translation_key),
        "nominee_name": "Ioana Marinescu",
        "faculty": faculty_.pk,
        "graduation_year": "2008",
        "reason": REASON,
        "nominator_name": "Andrei Popa",
        "nominator_email": "andrei@example.ro",
    }
    data.update(changes)
    return data


class GalaTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fmi = FacultyFactory(name="Facultatea de Matematică și Informatică", short_name="FMI")
        cls.fd = FacultyFactory(name="Facultatea de Drept", short_name="FD")
        cls.archive = GalaIndexPageFactory(parent=site_home(), slug="gala")
        cls.edition = GalaEditionPageFactory(parent=cls.archive, slug="gala-2026", title="Gala 2026")
        cls.excellence = AwardCategoryFactory(name="Excelență profesională")
        cls.community = AwardCategoryFactory(name="Implicare în comunitate")
        cls.edition.categories.set([cls.excellence, cls.community])
        cls.edition.save_revision().publish()
        users = get_user_model()
        cls.office = users.objects.create_superuser("birou", "birou@example.ro", "o-parola-buna-123")
        cls.fmi_editor = users.objects.create_user("editor.fmi", "e@example.ro", "o-parola-buna-123")
        cls.fmi_editor.groups.add(cls.fmi_groups()["editors"])

    @classmethod
    def fmi_groups(cls):
        from home.factories import FacultyPageFactory
        from home.permissions import ensure_faculty_groups

        page = FacultyPageFactory(parent=site_home(), faculty=cls.fmi, slug="fmi")
        return ensure_faculty_groups(page)

    def nominate(self, **changes):
        data = nomination_data(self.excellence, self.fmi, **changes)
        return self.client.post(self.edition.url, data)


class NominationTests(GalaTestCase):
    def test_anyone_nominates_while_the_window_is_open_and_the_step_is_recorded(self):
        response = self.nominate()
        self.assertRedirects(response, f"{self.edition.url}?nominated=1#nominate", fetch_redirect_response=False)
        nomination = Nomination.objects.get()
        self.assertEqual(
            (nomination.nominee_name, nomination.faculty, nomination.category),
            ("Ioana Marinescu", self.fmi, self.excellence),
        )
        self.assertEqual(nomination.status, "submitted")
        change = NominationChange.objects.get()
        self.assertEqual((change.to_status, change.by), ("submitted", None))
        self.assertContains(self.client.get(f"{self.edition.url}?nominated=1"), "nominalizarea ta a ajuns")

    def test_outside_the_window_a_nomination_is_refused_with_a_clear_page(self):
        with time_machine.travel(self.edition.nominations_close + timedelta(minutes=1)):
            response = self.nominate()
            self.assertContains(response, "Nominalizările pentru această ediție s-au încheiat.", status_code=400)
            self.assertNotContains(self.client.get(self.edition.url), 'name="nominee_name"')
        with time_machine.travel(self.edition.nominations_open - timedelta(minutes=1)):
            self.assertEqual(self.nominate().status_code, 400)
        self.assertFalse(Nomination.objects.exists())

    def test_bad_input_re_renders_the_form_and_saves_nothing(self):
        cases = [
            {"reason": "Prea scurt."},
            {"nominator_email": "nu-e-adresa"},
            {"category": "00000000-0000-0000-0000-000000000000"},
            {"faculty": "999999"},
            {"faculty": "x"},
            {"graduation_year": "1200"},
            {"nominee_name": ""},
        ]
        for changes in cases:
            with self.subTest(changes=changes):
                cache.clear()  # each case as a new visitor, under the rate limits
                response = self.nominate(**changes)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "Andrei Popa", status_code=400)  # what was typed stays
        self.assertFalse(Nomination.objects.exists())

    def test_the_honeypot_saves_nothing_and_says_nothing(self):
        response = self.nominate(website="http://spam.example")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Nomination.objects.exists())

    def test_a_nomination_on_the_english_page_belongs_to_the_edition(self):
        english = translate(self.edition, title="Gala 2026", slug="gala-2026-en")
        english_category = translate_snippet(self.excellence, name="Professional excellence")
        response = self.client.get(english.url)
        self.assertContains(response, "Professional excellence")
        self.client.post(english.url, nomination_data(english_category, self.fmi))
        self.assertEqual(Nomination.objects.get().edition_id, self.edition.pk)
        self.assertEqual(Nomination.objects.get().category, self.excellence)


class MoveTests(GalaTestCase):
    def setUp(self):
        self.nomination = NominationFactory(edition=self.edition, category=self.excellence, faculty=self.fmi)

    def test_the_office_shortlists_and_awards_and_each_step_is_recorded(self):
        move(self.nomination, "shortlisted", self.office, note="Dosar complet")
        move(self.nomination, "winner", self.office)
        changes = list(
            NominationChange.objects.filter(nomination=self.nomination).values_list(
                "from_status", "to_status", "by__username"
            )
        )
        self.assertEqual(changes, [("submitted", "shortlisted", "birou"), ("shortlisted", "winner", "birou")])
        self.nomination.refresh_from_db()
        self.assertEqual(self.nomination.status, "winner")

    def test_a_faculty_editor_checks_their_faculty_but_cannot_choose_winners(self):
        self.fmi_editor.user_permissions.add(Permission.objects.get(codename="shortlist_nomination"))
        move(self.nomination, "shortlisted", self.fmi_editor)
        with self.assertRaises(PermissionDenied):
            move(self.nomination, "winner", self.fmi_editor)
        self.client.force_login(self.fmi_editor)
        url = reverse("wagtailsnippets_gala_nomination:move", args=[self.nomination.pk])
        self.assertIn(self.client.post(url, {"status": "winner"}).status_code, (302, 403))
        self.nomination.refresh_from_db()
        self.assertEqual(self.nomination.status, "shortlisted")

    def test_a_faculty_editor_sees_only_their_faculty(self):
        other = NominationFactory(edition=self.edition, category=self.excellence, faculty=self.fd)
        self.client.force_login(self.fmi_editor)
        listing = self.client.get(reverse("wagtailsnippets_gala_nomination:list"))
        self.assertContains(listing, self.nomination.nominee_name)
        self.assertNotContains(listing, other.nominee_name)
        edit = reverse("wagtailsnippets_gala_nomination:edit", args=[other.pk])
        refused = self.client.get(edit)
        self.assertIn(refused.status_code, (302, 403))
        self.assertNotContains(refused, other.nominee_name, status_code=refused.status_code)
        moved = self.client.post(reverse("wagtailsnippets_gala_nomination:move", args=[other.pk]), {"status": "winner"})
        self.assertIn(moved.status_code, (302, 403))
        self.assertEqual(Nomination.objects.get(pk=other.pk).status, "submitted")

    def test_the_office_moves_from_the_admin_page(self):
        self.client.force_login(self.office)
        edit = reverse("wagtailsnippets_gala_nomination:edit", args=[self.nomination.pk])
        page = self.client.get(edit)
        self.assertContains(page, 'value="shortlisted"')
        response = self.client.post(
            reverse("wagtailsnippets_gala_nomination:move", args=[self.nomination.pk]), {"status": "shortlisted"}
        )
        self.assertRedirects(response, edit, fetch_redirect_response=False)
        bad = self.client.post(
            reverse("wagtailsnippets_gala_nomination:move", args=[self.nomination.pk]), {"status": "nonsense"}
        )
        self.assertEqual(bad.status_code, 302)
        self.assertEqual(Nomination.objects.get(pk=self.nomination.pk).status, "shortlisted")


class PublicSurfaceTests(GalaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.winner = NominationFactory(
            edition=cls.edition,
            category=cls.excellence,
            faculty=cls.fmi,
            nominee_name="Ioana Marinescu",
            status="winner",
            reason="MOTIV-SECRET al nominalizării",
            jury_notes="NOTA-JURIULUI",
            nominator_email="propunator.secret@example.ro",
        )
        cls.loser = NominationFactory(
            edition=cls.edition, category=cls.excellence, faculty=cls.fd, nominee_name="Nume Neales", status="declined"
        )
        GalaCost.objects.create(
            edition=cls.edition, item="Închirierea sălii COST-PRIVAT", source="own_revenue", planned=Decimal("12000")
        )

    def test_the_archive_lists_winners_and_nothing_private(self):
        for url in (
            self.archive.url,
            self.edition.url,
            "/api/v3/gala/winners/",
            "/api/v3/pages/?type=gala.GalaEditionPage&fields=*",
            "/cautare/?q=Marinescu",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                text = response.content.decode()
                for secret in (
                    "MOTIV-SECRET",
                    "NOTA-JURIULUI",
                    "propunator.secret",
                    "COST-PRIVAT",
                    "12000",
                    "Nume Neales",
                ):
                    self.assertNotIn(secret, text)
        self.assertContains(self.client.get(self.archive.url), "Ioana Marinescu")

    def test_the_winners_api(self):
        data = self.client.get("/api/v3/gala/winners/").json()
        self.assertEqual(
            data,
            [
                {
                    "edition": "Gala 2026",
                    "year": self.edition.starts_at.year,
                    "category": "Excelență profesională",
                    "name": "Ioana Marinescu",
                    "faculty": self.fmi.name,
                }
            ],
        )
        self.assertEqual(self.client.get("/api/v3/gala/winners/?year=1800").status_code, 422)
        self.assertEqual(self.client.get("/api/v3/gala/winners/?year=1999").json(), [])

    def test_the_archive_costs_the_same_for_many_editions(self):
        counts = []
        for extra in (0, 5):
            for number in range(extra):
                edition = GalaEditionPageFactory(parent=self.archive, slug=f"alta-{extra}-{number}")
                NominationFactory(edition=edition, category=self.community, faculty=self.fd, status="winner")
            for _warm_up in range(2):  # the site's own lookups (settings, menus), cached after the first requests
                self.client.get(self.archive.url)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(self.archive.url)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])


class FinalReportTests(GalaTestCase):
    def test_the_final_report_counts_what_happened(self):
        calendar = EventIndexPageFactory(parent=site_home(), slug="calendar")
        event = EventPageFactory(parent=calendar, title="Gala Alumni")
        self.edition.event = event
        self.edition.save_revision().publish()
        for faculty, category, status in (
            (self.fmi, self.excellence, "winner"),
            (self.fmi, self.community, "submitted"),
            (self.fd, self.excellence, "shortlisted"),
        ):
            NominationFactory(edition=self.edition, category=category, faculty=faculty, status=status)
        RegistrationFactory(event=event)
        RegistrationFactory(event=event, checked_in_at=event.start)
        GalaCost.objects.create(
            edition=self.edition, item="Sala", source="own_revenue", planned=Decimal("100"), actual=Decimal("120")
        )
        GalaCost.objects.create(edition=self.edition, item="Trofee", source="state_budget", planned=Decimal("50"))
        GalaEvaluation.objects.create(edition=self.edition, text="O seară reușită.")
        report = final_report(self.edition)
        self.assertEqual(report.nominations, 3)
        self.assertEqual(report.categories, ["Excelență profesională", "Implicare în comunitate"])
        self.assertEqual(report.faculties, [(self.fd.name, [1, 0], 1), (self.fmi.name, [1, 1], 2)])
        self.assertEqual(len(report.winners), 1)
        self.assertEqual((report.attendance["registered"], report.attendance["attended"]), (2, 1))
        self.assertEqual((report.planned_total, report.actual_total), (Decimal("150"), Decimal("120")))
        self.client.force_login(self.office)
        url = reverse("gala_costs:final_report", args=[self.edition.pk])
        self.assertContains(self.client.get(url), "O seară reușită.")
        pdf = self.client.get(url + "?format=pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        self.client.force_login(self.fmi_editor)
        self.assertIn(self.client.get(url).status_code, (302, 403))

    def test_the_report_costs_the_same_for_more_nominations_and_faculties(self):
        counts = []
        for extra in (1, 30):
            for number in range(extra):
                NominationFactory(
                    edition=self.edition,
                    category=self.community,
                    faculty=FacultyFactory(short_name=f"F{extra}{number}"),
                )
            with CaptureQueriesContext(connection) as queries:
                final_report(self.edition)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])


class PersonDataTests(GalaTestCase):
    def test_a_proposer_finds_their_nominations_and_erasure_forgets_them(self):
        from alumni.erasure import erase

        person = AlumnusFactory(faculty=self.fmi, email="andrei@example.ro")
        self.nominate()
        nominee = AlumnusFactory(faculty=self.fmi, email="ioana@example.ro")
        Nomination.objects.update(alumnus=nominee)
        exported = collect_person_data(email="andrei@example.ro", person=person)
        self.assertEqual(exported["gala_nominations_proposed"][0]["nominee"], "Ioana Marinescu")
        erase(person)
        self.assertEqual(Nomination.objects.get().nominator_email, "")
        erase(nominee)
        self.assertEqual(Nomination.objects.get().nominee_name, "[șters]")
        self.assertIsNone(Nomination.objects.get().alumnus)
        json.dumps(exported)


class JuryNotesTests(GalaTestCase):
    def test_the_jurys_notes_are_the_offices_only(self):
        nomination = NominationFactory(
            edition=self.edition, category=self.excellence, faculty=self.fmi, jury_notes="NOTA-JURIULUI"
        )
        self.client.force_login(self.fmi_editor)
        for name in ("edit", "inspect"):
            page = self.client.get(reverse(f"wagtailsnippets_gala_nomination:{name}", args=[nomination.pk]))
            self.assertEqual(page.status_code, 200, name)
            self.assertNotContains(page, "NOTA-JURIULUI")
        export = self.client.get(reverse("wagtailsnippets_gala_nomination:list") + "?export=csv")
        self.assertNotIn("NOTA-JURIULUI", b"".join(export.streaming_content).decode())
        self.client.force_login(self.office)
        self.assertContains(
            self.client.get(reverse("wagtailsnippets_gala_nomination:edit", args=[nomination.pk])), "NOTA-JURIULUI"
        )
