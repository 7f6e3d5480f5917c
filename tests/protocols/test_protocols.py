"""Protocols: the lifecycle moves forward one step at a time with what each step needs, every step recorded with
who and when; the signed file only through the admin's view; faculty scoping; the approval workflow (a faculty
editor submits, only the directorate checks); the public page and API show active, approved protocols without
their private fields, in a flat number of queries; a person's data."""

import json
from datetime import date

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import rich_text

from alumni.factories import AlumnusFactory
from events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from home.approvals import DIRECTORATE_GROUP, ensure_approval_workflow
from home.extensions import collect_person_data
from home.factories import FacultyFactory, FacultyPageFactory, site_home, translate
from home.models import FacultyPage, HomePage
from home.permissions import ensure_faculty_groups
from protocols.factories import (
    ProtocolActivityFactory,
    ProtocolFactory,
    ProtocolIndexPageFactory,
    ProtocolTemplateFactory,
    WeakPointFactory,
)
from protocols.forms import ProtocolEvaluationForm
from protocols.lifecycle import StepDetails, move
from protocols.models import Protocol, ProtocolChange, ProtocolEvaluation, ProtocolIndexPage, WeakPoint
from protocols.viewsets import WeakPointViewSet

PASSWORD = "o-parola-buna-123"
NOON = "2027-03-10T12:00:00+02:00"
SECRETS = ("NR-REG-4471", "CLAUZA-SECRETA", "EVALUARE-PRIVATA", "semnat-secret")


def pdf(name="semnat-secret.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 protocol semnat", content_type="application/pdf")


class ProtocolTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_approval_workflow()
        cls.fmi = FacultyFactory(name="Facultatea de Matematică și Informatică", short_name="FMI")
        cls.flls = FacultyFactory(name="Facultatea de Litere", short_name="FLLS")
        home = site_home()
        cls.fmi_section = FacultyPageFactory(parent=home, faculty=cls.fmi, slug="fmi")
        cls.flls_section = FacultyPageFactory(parent=home, faculty=cls.flls, slug="flls")
        users = get_user_model()
        cls.office = users.objects.create_superuser("birou", "birou@example.ro", PASSWORD)
        cls.fmi_editor = users.objects.create_user("editor.fmi", "fmi@example.ro", PASSWORD)
        cls.fmi_editor.groups.add(ensure_faculty_groups(cls.fmi_section)["editors"])
        cls.flls_editor = users.objects.create_user("editor.flls", "flls@example.ro", PASSWORD)
        cls.flls_editor.groups.add(ensure_faculty_groups(cls.flls_section)["editors"])
        cls.director = users.objects.create_user("directoare", "dir@example.ro", PASSWORD)
        cls.director.groups.add(Group.objects.get(name=DIRECTORATE_GROUP))

    def assertRefused(self, response):
        """Wagtail's admin answers a PermissionDenied with a redirect to its home page and an error message."""
        if response.status_code == 302:
            self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        else:
            self.assertEqual(response.status_code, 403)

    def protocol(self, faculty=None, **fields):
        return ProtocolFactory(faculty=faculty or self.fmi, **fields)

    def walk_to(self, protocol, stage, user=None):
        user = user or self.office
        steps = {
            "signed": StepDetails(signed_on=date(2026, 9, 1)),
            "registered": StepDetails(
                registration_number="NR-REG-4471", registration_date=date(2026, 9, 3), signed_file=pdf()
            ),
            "active": StepDetails(),
            "evaluated": StepDetails(),
        }
        order = ["draft", "signed", "registered", "active", "evaluated"]
        for name in order[order.index(protocol.stage) + 1 :]:
            if name == "evaluated" and not ProtocolEvaluation.objects.filter(protocol=protocol).exists():
                ProtocolEvaluation.objects.create(
                    protocol=protocol, participants=20, attendance=18, assessment="EVALUARE-PRIVATA"
                )
            protocol = move(protocol, name, user, steps[name])
            if name == stage:
                return protocol
        return protocol


class LifecycleTests(ProtocolTestCase):
    def test_every_step_forward_is_recorded_with_who_and_when(self):
        protocol = self.protocol()
        with time_machine.travel(NOON, tick=False):
            protocol = self.walk_to(protocol, "evaluated", self.fmi_editor)
        self.assertEqual(protocol.stage, "evaluated")
        changes = list(protocol.changes.values_list("from_stage", "to_stage", "by__username"))
        self.assertEqual(
            changes,
            [
                ("draft", "signed", "editor.fmi"),
                ("signed", "registered", "editor.fmi"),
                ("registered", "active", "editor.fmi"),
                ("active", "evaluated", "editor.fmi"),
            ],
        )
        self.assertTrue(all(change.at.isoformat().startswith("2027-03-10T10:00") for change in protocol.changes.all()))
        protocol.refresh_from_db()
        self.assertEqual((protocol.registration_number, protocol.signed_on), ("NR-REG-4471", date(2026, 9, 1)))
        self.assertTrue(protocol.signed_file.name.startswith(f"protocols/signed/{self.fmi.pk}/"))

    def test_steps_cannot_be_skipped_or_taken_back(self):
        protocol = self.protocol()
        with self.assertRaises(ValidationError):
            move(
                protocol,
                "registered",
                self.office,
                StepDetails(registration_number="1", registration_date=date(2026, 1, 1), signed_file=pdf()),
            )
        with self.assertRaises(ValidationError):
            move(protocol, "active", self.office)
        protocol = self.walk_to(protocol, "active")
        with self.assertRaises(ValidationError):
            move(protocol, "signed", self.office, StepDetails(signed_on=date(2026, 1, 1)))
        with self.assertRaises(ValidationError):
            move(protocol, "nonsense", self.office)
        self.assertEqual(Protocol.objects.get(pk=protocol.pk).stage, "active")
        self.assertEqual(ProtocolChange.objects.filter(protocol=protocol).count(), 3)

    def test_each_step_needs_what_it_records(self):
        protocol = self.protocol()
        with self.assertRaises(ValidationError) as unsigned:
            move(protocol, "signed", self.office)
        self.assertIn("signed_on", unsigned.exception.message_dict)
        protocol = move(protocol, "signed", self.office, StepDetails(signed_on=date(2026, 9, 1)))
        with self.assertRaises(ValidationError) as unregistered:
            move(
                protocol, "registered", self.office, StepDetails(registration_date=date(2026, 9, 2), signed_file=pdf())
            )
        self.assertIn("registration_number", unregistered.exception.message_dict)
        with self.assertRaises(ValidationError) as without_file:
            move(
                protocol,
                "registered",
                self.office,
                StepDetails(registration_number="12", registration_date=date(2026, 9, 2)),
            )
        self.assertIn("signed_file", without_file.exception.message_dict)
        protocol = self.walk_to(Protocol.objects.get(pk=protocol.pk), "active")
        with self.assertRaises(ValidationError) as unevaluated:
            move(protocol, "evaluated", self.office)
        self.assertIn("evaluare", str(unevaluated.exception))
        self.assertEqual(Protocol.objects.get(pk=protocol.pk).stage, "active")

    def test_only_users_of_the_faculty_with_the_permission_move_it(self):
        protocol = self.protocol()
        with self.assertRaises(PermissionDenied):
            move(protocol, "signed", self.flls_editor, StepDetails(signed_on=date(2026, 9, 1)))
        with self.assertRaises(PermissionDenied):
            move(protocol, "signed", self.director, StepDetails(signed_on=date(2026, 9, 1)))
        self.assertFalse(ProtocolChange.objects.exists())

    def test_the_move_view_records_steps_and_explains_refusals(self):
        protocol = self.protocol()
        url = reverse("wagtailsnippets_protocols_protocol:move", args=[protocol.pk])
        edit = reverse("wagtailsnippets_protocols_protocol:edit", args=[protocol.pk])
        self.client.force_login(self.fmi_editor)
        self.assertContains(self.client.get(edit), 'value="signed"')
        response = self.client.post(url, {"stage": "registered", "registration_number": "1"}, follow=True)
        self.assertContains(response, "un pas înainte")  # refused: one step at a time
        self.client.post(url, {"stage": "signed", "signed_on": "2026-09-01"})
        response = self.client.post(url, {"stage": "registered", "registration_date": "2026-09-02"}, follow=True)
        self.assertContains(response, "numărul de înregistrare")
        for bad in ({"stage": "x"}, {"stage": "registered", "registration_date": "ieri"}, {}):
            self.assertEqual(self.client.post(url, bad).status_code, 302)
        notes = SimpleUploadedFile("semnat.exe", b"MZ", content_type="application/octet-stream")
        self.client.post(
            url,
            {
                "stage": "registered",
                "registration_number": "NR-1",
                "registration_date": "2026-09-02",
                "signed_file": notes,
            },
        )
        self.assertEqual(Protocol.objects.get(pk=protocol.pk).stage, "signed")
        self.client.post(
            url,
            {
                "stage": "registered",
                "registration_number": "NR-1",
                "registration_date": "2026-09-02",
                "signed_file": pdf(),
            },
        )
        self.assertEqual(Protocol.objects.get(pk=protocol.pk).stage, "registered")
        page = self.client.get(edit)
        self.assertContains(page, "Semnat → Înregistrat")
        self.assertContains(page, reverse("wagtailsnippets_protocols_protocol:signed_file", args=[protocol.pk]))
        self.client.force_login(self.flls_editor)
        self.assertRefused(self.client.post(url, {"stage": "active"}))
        self.assertEqual(Protocol.objects.get(pk=protocol.pk).stage, "registered")

    def test_publishing_an_older_revision_never_takes_the_lifecycle_back(self):
        protocol = self.protocol(title="Titlul vechi")
        revision = protocol.save_revision(user=self.office)
        protocol = self.walk_to(protocol, "active")
        revision.publish(user=self.office)
        protocol = Protocol.objects.get(pk=protocol.pk)
        self.assertTrue(protocol.live)
        self.assertEqual((protocol.stage, protocol.registration_number), ("active", "NR-REG-4471"))
        self.assertTrue(protocol.signed_file)


class SignedFileTests(ProtocolTestCase):
    def test_the_signed_file_is_an_uncached_attachment_for_its_faculty_only(self):
        protocol = self.walk_to(self.protocol(), "registered")
        url = reverse("wagtailsnippets_protocols_protocol:signed_file", args=[protocol.pk])
        self.assertEqual(self.client.get(url).status_code, 302)  # to the admin's sign-in
        self.client.force_login(self.flls_editor)
        refused = self.client.get(url)  # by the route guard (home.route_scoping): back to the dashboard
        self.assertEqual((refused.status_code, refused["Location"]), (302, reverse("wagtailadmin_home")))
        self.client.force_login(self.fmi_editor)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Disposition"].startswith("attachment"))
        self.assertIn("private", response["Cache-Control"])
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4 protocol semnat")

    def test_the_file_lives_outside_the_media_folder_and_has_no_address(self):
        from django.conf import settings

        protocol = self.walk_to(self.protocol(), "registered")
        self.assertFalse(protocol.signed_file.path.startswith(str(settings.MEDIA_ROOT) + "/"))
        with self.assertRaises(ValueError):
            protocol.signed_file.url  # noqa: B018


class ScopingTests(ProtocolTestCase):
    def test_a_faculty_editor_sees_and_opens_only_their_faculty(self):
        own = self.protocol(title="Protocol FMI")
        other = self.protocol(self.flls, title="Protocol FLLS")
        point = WeakPointFactory(faculty=self.flls, programme="Litere", description="LIPSA-FLLS")
        self.client.force_login(self.fmi_editor)
        listing = self.client.get(reverse("wagtailsnippets_protocols_protocol:list"))
        self.assertContains(listing, "Protocol FMI")
        self.assertNotContains(listing, "Protocol FLLS")
        for name in ("edit", "inspect", "history", "delete", "usage", "workflow_history"):
            with self.subTest(view=name):
                response = self.client.get(reverse(f"wagtailsnippets_protocols_protocol:{name}", args=[other.pk]))
                self.assertRefused(response)
        self.assertEqual(
            self.client.get(reverse("wagtailsnippets_protocols_protocol:edit", args=[own.pk])).status_code, 200
        )
        self.assertNotContains(self.client.get(reverse("wagtailsnippets_protocols_weakpoint:list")), "LIPSA-FLLS")
        self.assertRefused(self.client.get(reverse("wagtailsnippets_protocols_weakpoint:edit", args=[point.pk])))
        evaluation = ProtocolEvaluation.objects.create(protocol=other, participants=3, attendance=2, assessment="x")
        self.assertRefused(self.client.get(reverse("protocol_evaluations:edit", args=[evaluation.pk])))
        self.client.force_login(self.office)
        self.assertContains(self.client.get(reverse("wagtailsnippets_protocols_protocol:list")), "Protocol FLLS")

    def test_a_new_protocol_is_drafted_from_the_template(self):
        template = ProtocolTemplateFactory()
        self.client.force_login(self.fmi_editor)
        add = reverse("wagtailsnippets_protocols_protocol:add")
        form = self.client.get(add)
        self.assertEqual(form.status_code, 200)
        self.assertNotContains(form, f'<option value="{self.flls.pk}"')  # only the editor's faculty
        data = {
            "title": "Atelier de inginerie software",
            "faculty": self.fmi.pk,
            "partner_name": "Endava",
            "template": template.pk,
            "terms": rich_text(""),
            "starts_on": "2026-10-01",
            "ends_on": "2027-06-30",
            "target_programme": "Informatică",
            "target_year": "2",
            "group_size": "20",
            "activities-TOTAL_FORMS": "1",
            "activities-INITIAL_FORMS": "0",
            "activities-MIN_NUM_FORMS": "0",
            "activities-MAX_NUM_FORMS": "1000",
            "activities-0-kind": "workshop",
            "activities-0-title": "Code review în echipă",
            "activities-0-date": "2026-10-20",
            "activities-0-ORDER": "1",
        }
        response = self.client.post(add, data)
        self.assertEqual(
            response.status_code, 302, response.content.decode()[:3000] if response.status_code != 302 else ""
        )
        protocol = Protocol.objects.get(title="Atelier de inginerie software")
        self.assertFalse(protocol.live)  # a draft until the approval is through
        self.assertIn("Obiectul protocolului", protocol.terms)
        bad = self.client.post(add, {**data, "faculty": self.flls.pk, "ends_on": "2020-01-01"})
        self.assertEqual(bad.status_code, 200)
        self.assertEqual(Protocol.objects.count(), 1)

    def test_the_weak_points_volunteers_are_the_willing_alumni_of_the_faculty(self):
        willing = AlumnusFactory(faculty=self.fmi, last_name="Binevoitoarea", help_mentoring=True)
        AlumnusFactory(faculty=self.fmi, last_name="Ocupatul")
        AlumnusFactory(faculty=self.flls, last_name="Altafacultate", help_practice=True)
        point = WeakPointFactory(faculty=self.fmi)
        form_class = WeakPointViewSet.edit_handler.bind_to_model(WeakPoint).get_form_class()
        form = form_class(instance=point, for_user=self.fmi_editor)
        self.assertEqual(list(form.fields["volunteers"].queryset), [willing])
        self.client.force_login(self.fmi_editor)
        page = self.client.get(reverse("wagtailsnippets_protocols_weakpoint:edit", args=[point.pk]))
        self.assertContains(page, "Binevoitoarea")
        self.assertNotContains(page, "Ocupatul")


class WorkflowTests(ProtocolTestCase):
    def test_a_faculty_editor_submits_but_cannot_check_and_the_directorate_can(self):
        protocol = self.protocol(title="Protocol de aprobat")
        protocol.save_revision(user=self.fmi_editor)
        edit = reverse("wagtailsnippets_protocols_protocol:edit", args=[protocol.pk])
        self.client.force_login(self.fmi_editor)
        form = self.client.get(edit)
        self.assertContains(form, "action-submit")
        self.assertNotContains(form, 'name="action-publish"')
        data = {
            "title": "Protocol de aprobat",
            "faculty": self.fmi.pk,
            "partner_name": "Endava",
            "terms": rich_text("<p>Clauze</p>"),
            "activities-TOTAL_FORMS": "0",
            "activities-INITIAL_FORMS": "0",
            "activities-MIN_NUM_FORMS": "0",
            "activities-MAX_NUM_FORMS": "1000",
            "action-submit": "Submit",
        }
        response = self.client.post(edit, data)
        self.assertEqual(response.status_code, 302)
        state = WorkflowState.objects.get(object_id=str(protocol.pk))
        self.assertEqual(state.status, "in_progress")
        task_state = state.current_task_state
        self.assertEqual(task_state.task.name, "Verificare (direcțiune)")
        approve = reverse(
            "wagtailsnippets_protocols_protocol:workflow_action", args=[protocol.pk, "approve", task_state.pk]
        )
        self.assertRefused(self.client.post(approve))
        self.assertNotContains(self.client.get(edit), f"/approve/{task_state.pk}/")
        task_state.refresh_from_db()
        self.assertEqual(task_state.status, "in_progress")
        self.client.force_login(self.director)
        other = self.protocol(self.flls, title="Protocol FLLS de verificat")
        listing = self.client.get(reverse("wagtailsnippets_protocols_protocol:list"))
        self.assertContains(listing, "Protocol de aprobat")  # the directorate checks every faculty's protocols
        self.assertContains(listing, other.title)
        response = self.client.post(approve)
        self.assertIn(response.status_code, (200, 302))
        task_state.refresh_from_db()
        self.assertEqual((task_state.status, task_state.finished_by), ("approved", self.director))
        state.refresh_from_db()
        self.assertEqual(state.current_task_state.task.name, "Aprobare (rector)")
        self.assertFalse(Protocol.objects.get(pk=protocol.pk).live)


class EvaluationTests(ProtocolTestCase):
    def test_attendance_is_proposed_from_the_activities_events(self):
        calendar = EventIndexPageFactory(parent=site_home(), slug="calendar")
        first, second = EventPageFactory(parent=calendar), EventPageFactory(parent=calendar)
        protocol = self.protocol()
        ProtocolActivityFactory(protocol=protocol, event=first)
        ProtocolActivityFactory(protocol=protocol, event=second)
        ProtocolActivityFactory(protocol=protocol, event=None)
        RegistrationFactory(event=first, checked_in_at=first.start)
        RegistrationFactory(event=first)
        RegistrationFactory(event=second, checked_in_at=second.start)
        RegistrationFactory(event=second, status="cancelled", checked_in_at=second.start)
        form = ProtocolEvaluationForm(initial={"protocol": protocol.pk}, for_user=self.fmi_editor)
        self.assertEqual((form.initial["participants"], form.initial["attendance"]), (3, 2))
        self.client.force_login(self.fmi_editor)
        response = self.client.post(
            reverse("protocol_evaluations:add"),
            {"protocol": protocol.pk, "participants": "3", "attendance": "2", "assessment": "Bine."},
        )
        self.assertEqual(response.status_code, 302)
        evaluation = ProtocolEvaluation.objects.get()
        self.assertEqual(evaluation.recorded_by, self.fmi_editor)
        other = self.protocol(self.flls)
        refused = self.client.post(
            reverse("protocol_evaluations:add"),
            {"protocol": other.pk, "participants": "3", "attendance": "2", "assessment": "Bine."},
        )
        self.assertEqual(refused.status_code, 200)
        self.assertEqual(ProtocolEvaluation.objects.count(), 1)


class PublicSurfaceTests(ProtocolTestCase, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.page = ProtocolIndexPageFactory(parent=site_home(), slug="protocoale")
        cls.calendar = EventIndexPageFactory(parent=site_home(), slug="calendar")
        cls.event = EventPageFactory(parent=cls.calendar, title="Atelier: code review", slug="atelier-code-review")

    def public_protocol(self, faculty=None, **fields):
        fields.setdefault("terms", "<p>CLAUZA-SECRETA</p>")
        protocol = self.protocol(faculty, **fields)
        protocol.save_revision(user=self.office).publish(user=self.office)
        protocol = self.walk_to(Protocol.objects.get(pk=protocol.pk), "active")
        ProtocolEvaluation.objects.create(
            protocol=protocol, participants=9, attendance=8, assessment="EVALUARE-PRIVATA"
        )
        return protocol

    def test_the_page_can_live_under_the_home_and_faculty_pages(self):
        self.assertCanCreateAt(HomePage, ProtocolIndexPage)
        self.assertCanCreateAt(FacultyPage, ProtocolIndexPage)
        self.assertPageIsRenderable(self.page)

    def test_visitors_see_active_approved_protocols_without_private_fields(self):
        partner = AlumnusFactory(faculty=self.fmi, first_name="Ioana", last_name="Marinescu")
        shown = self.public_protocol(title="Protocol activ", partner=partner, partner_name="")
        ProtocolActivityFactory(protocol=shown, title="Code review în echipă", event=self.event, kind="workshop")
        draft = self.protocol(title="Protocol ciornă")
        draft.save_revision().publish()
        self.walk_to(self.protocol(title="Protocol neaprobat"), "active")  # active, but never approved
        hidden_partner = AlumnusFactory(faculty=self.fmi, last_name="Ascunsescu", consent_directory=False)
        self.public_protocol(title="Protocol cu partener ascuns", partner=hidden_partner, partner_name="")
        urls = (
            self.page.url,
            "/api/v3/protocols/active/",
            "/api/v3/pages/?type=protocols.ProtocolIndexPage&fields=*",
            "/cautare/?q=Protocol",
            "/fluxuri/articole.rss",
        )
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertLess(response.status_code, 400)
                text = response.content.decode()
                for secret in (*SECRETS, "Protocol ciornă", "Protocol neaprobat", "Ascunsescu", "/media/"):
                    self.assertNotIn(secret, text)
        self.assertContains(self.client.get("/cautare/", {"q": "NR-REG-4471"}), "0 rezultate")
        page = self.client.get(self.page.url)
        self.assertContains(page, "Protocol activ")
        self.assertContains(page, "Ioana Marinescu")
        self.assertContains(page, "Un absolvent al facultății")
        self.assertContains(page, f'href="{self.event.url}"')
        self.assertContains(page, "Atelier")

    def test_filters_and_bad_filters(self):
        self.public_protocol(title="Protocol FMI")
        other = self.public_protocol(self.flls, title="Protocol FLLS")
        ProtocolActivityFactory(protocol=other, kind="lecture")
        response = self.client.get(self.page.url, {"faculty": str(self.flls.translation_key)})
        self.assertContains(response, "Protocol FLLS")
        self.assertNotContains(response, "Protocol FMI")
        self.assertNotContains(self.client.get(self.page.url, {"kind": "lecture"}), "Protocol FMI")
        for bad in ({"faculty": "nimic"}, {"kind": "banchet"}):
            self.assertEqual(self.client.get(self.page.url, bad).status_code, 400)
        section_page = ProtocolIndexPageFactory(parent=self.flls_section, slug="protocoale")
        self.assertNotContains(self.client.get(section_page.url), "Protocol FMI")
        self.assertContains(self.client.get(section_page.url), "Protocol FLLS")

    def test_the_english_page(self):
        self.public_protocol(title="Protocol activ")
        english = translate(self.page, title="Collaboration protocols", slug="protocols")
        response = self.client.get(english.url)
        self.assertContains(response, "Protocol activ")
        self.assertContains(response, "Partner")

    def test_the_api(self):
        partner = AlumnusFactory(faculty=self.fmi, first_name="Ioana", last_name="Marinescu")
        protocol = self.public_protocol(title="Protocol activ", partner=partner, partner_name="Endava")
        ProtocolActivityFactory(protocol=protocol, title="Code review", event=self.event, date=date(2026, 10, 20))
        self.public_protocol(self.flls, title="Protocol FLLS")
        data = self.client.get("/api/v3/protocols/active/?faculty=fmi").json()
        self.assertEqual(len(data), 1)
        self.assertEqual(
            {key: data[0][key] for key in ("title", "faculty_short_name", "partner", "starts_on", "group_size")},
            {
                "title": "Protocol activ",
                "faculty_short_name": "FMI",
                "partner": "Ioana Marinescu (Endava)",
                "starts_on": "2026-10-01",
                "group_size": 25,
            },
        )
        self.assertEqual(data[0]["activities"][0]["kind"], "workshop")
        self.assertTrue(data[0]["activities"][0]["event_url"].endswith(self.event.url))
        self.assertNotIn("terms", data[0])
        self.assertEqual(self.client.get("/api/v3/protocols/active/?faculty=NIMIC").json(), [])
        bad = self.client.get("/api/v3/protocols/active/?kind=banchet")
        self.assertEqual(bad.status_code, 422)
        self.assertEqual(bad["Content-Type"], "application/problem+json")
        self.assertEqual(self.client.get("/api/v3/protocols/active/?locale=xx").status_code, 422)

    def test_the_page_and_the_api_cost_the_same_for_many_protocols(self):
        def add(count):
            for number in range(count):
                partner = AlumnusFactory(faculty=self.fmi)
                protocol = self.public_protocol(FacultyFactory(), partner=partner)
                event = EventPageFactory(parent=self.calendar, slug=f"ev-{count}-{number}")
                ProtocolActivityFactory(protocol=protocol, event=event)
                ProtocolActivityFactory(protocol=protocol, kind="lecture")

        counts = {}
        for label, extra in (("small", 2), ("large", 12)):
            add(extra)
            for url in (self.page.url, "/api/v3/protocols/active/"):
                for _warm_up in range(2):
                    self.client.get(url)
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                counts[(label, url)] = len(queries)
        for url in (self.page.url, "/api/v3/protocols/active/"):
            self.assertEqual(counts[("small", url)], counts[("large", url)], url)


class PersonDataTests(ProtocolTestCase):
    def test_a_partner_finds_their_part_and_erasure_unlinks_them(self):
        from alumni.erasure import erase

        person = AlumnusFactory(faculty=self.fmi, email="ioana@example.ro", help_mentoring=True)
        protocol = self.protocol(title="Protocol cu Ioana", partner=person, partner_name="")
        point = WeakPointFactory(faculty=self.fmi, programme="Informatică")
        point.volunteers.add(person)
        exported = collect_person_data(email="ioana@example.ro", person=person)
        self.assertEqual(exported["protocols_as_partner"][0]["title"], "Protocol cu Ioana")
        self.assertEqual(exported["protocols_weak_points_offered"][0]["programme"], "Informatică")
        json.dumps(exported)
        erase(person)
        self.assertIsNone(Protocol.objects.get(pk=protocol.pk).partner)
        self.assertFalse(point.volunteers.exists())
