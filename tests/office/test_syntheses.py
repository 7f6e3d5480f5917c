"""Syntheses, the dashboard and the yearly snapshots: figures that match what the test counts itself, cut to the
user's faculties, a flat number of queries, the same workbook from the admin and the command, and the approval."""

import datetime
import io
from pathlib import Path

import openpyxl
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alumni.factories import AlumnusFactory
from alumni.models import Alumnus, StudyCycle
from events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from gala.factories import AwardCategoryFactory, GalaEditionPageFactory, GalaIndexPageFactory, NominationFactory
from home.approvals import DIRECTORATE_GROUP, ensure_approval_workflow
from home.factories import FacultyFactory, FacultyPageFactory, site_home
from home.models import Faculty
from home.permissions import ensure_faculty_groups
from office.dashboard import dashboard
from office.factories import ActionPlanFactory, MeasureDeadlineFactory, PlanActionFactory
from office.models import DatabaseSnapshot, PlanAction, Synthesis
from office.snapshots import SnapshotExists, compare, freeze
from office.synthesis import compile_synthesis
from protocols.factories import ProtocolFactory
from protocols.models import Protocol, ProtocolChange
from surveys.factories import InviteeFactory, SurveyPageFactory, SurveyRoundFactory

NOW = "2027-01-15T12:00:00+02:00"
START, END = datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)
PASSWORD = "o-parola-buna-123"


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class OfficeData(TestCase):
    """Two faculties with plans, deadlines, events, registrations, protocols and nominations inside and outside
    the period (1 October to 31 December 2026), seen on 15 January 2027."""

    @classmethod
    def setUpTestData(cls):
        cls.clock = time_machine.travel(NOW, tick=False)
        cls.clock.start()
        cls.fmi = FacultyFactory(name="Facultatea de Matematică și Informatică", short_name="FMI")
        cls.fd = FacultyFactory(name="Facultatea de Drept", short_name="FD")
        cls.fmi_groups = ensure_faculty_groups(FacultyPageFactory(parent=site_home(), faculty=cls.fmi, slug="fmi"))
        cls.events = EventIndexPageFactory(parent=site_home(), slug="evenimente")
        cls.build(cls.fmi, extra=0)
        cls.build(cls.fd, extra=2)
        users = get_user_model()
        cls.admin = users.objects.create_superuser("admin", "admin@example.ro", PASSWORD)
        cls.fmi_editor = users.objects.create_user("editor.fmi", "e@example.ro", PASSWORD)
        cls.fmi_editor.groups.add(cls.fmi_groups["editors"])

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.clock.stop()

    def setUp(self):
        self.clock = time_machine.travel(NOW, tick=False)
        self.clock.start()
        self.addCleanup(self.clock.stop)

    @classmethod
    def build(cls, faculty, extra: int):
        """The faculty's records; `extra` adds that many more of each, to show counts and queries do not mix."""
        plan = ActionPlanFactory(faculty=faculty, academic_year="2026-2027")
        for number in range(2 + extra):
            # Deadline in the period and done in it; deadline in the period, still planned; outside the period.
            PlanActionFactory(
                plan=plan,
                deadline=datetime.date(2026, 11, 1 + number),
                status="done",
                done_on=datetime.date(2026, 11, 20),
            )
            PlanActionFactory(plan=plan, deadline=datetime.date(2026, 12, 1 + number), status="planned")
            PlanActionFactory(plan=plan, deadline=datetime.date(2027, 3, 1 + number), status="planned")
        MeasureDeadlineFactory(faculty=faculty, deadline=datetime.date(2026, 12, 10))  # in the period, overdue now
        MeasureDeadlineFactory(
            faculty=faculty, deadline=datetime.date(2026, 10, 10), done_on=datetime.date(2026, 10, 9)
        )
        for number in range(1 + extra):
            held = EventPageFactory(
                parent=cls.events,
                faculty=faculty,
                title=f"{faculty.short_name} întâlnire {number}",
                start=at(START, 10) + datetime.timedelta(days=10 + number),
            )
            RegistrationFactory(event=held)
            RegistrationFactory(event=held, checked_in_at=held.start)
            RegistrationFactory(event=held, checked_in_at=held.start)
            coming = EventPageFactory(parent=cls.events, faculty=faculty, start=at(datetime.date(2027, 2, 1)))
            RegistrationFactory(event=coming)
            EventPageFactory(parent=cls.events, faculty=faculty, start=at(datetime.date(2026, 9, 1)))  # before
        for _number in range(1 + extra):
            protocol = ProtocolFactory(faculty=faculty, stage=Protocol.Stage.SIGNED)
            ProtocolChange.objects.create(
                protocol=protocol, from_stage="draft", to_stage="signed", at=at(datetime.date(2026, 11, 5))
            )
            ProtocolChange.objects.create(protocol=protocol, to_stage="draft", at=at(datetime.date(2026, 9, 5)))
        archive = GalaIndexPageFactory(parent=site_home(), slug=f"gala-{faculty.short_name.lower()}")
        edition = GalaEditionPageFactory(parent=archive, slug="gala-2026")
        category = AwardCategoryFactory(name=f"Excelență {faculty.short_name}")
        for number in range(1 + extra):
            NominationFactory(
                edition=edition, category=category, faculty=faculty, created_at=at(datetime.date(2026, 12, 1 + number))
            )
        NominationFactory(edition=edition, category=category, faculty=faculty, created_at=at(datetime.date(2027, 1, 2)))
        for number in range(3 + extra):
            AlumnusFactory(
                faculty=faculty,
                status=Alumnus.Status.APPROVED,
                consent_newsletter=number % 2 == 0,
                study_cycle="licenta",
            )
        AlumnusFactory(faculty=faculty, status=Alumnus.Status.PENDING, source=Alumnus.Source.REGISTRATION)
        survey = SurveyPageFactory(parent=site_home(), slug=f"chestionar-{faculty.short_name.lower()}")
        survey_round = SurveyRoundFactory(survey=survey, opens_at=at(datetime.date(2026, 11, 1)))
        for number in range(4 + extra):
            InviteeFactory(round=survey_round, faculty=faculty, answered=number % 2 == 0)


class SynthesisFigureTests(OfficeData):
    def test_done_matches_what_the_test_counts(self):
        data = compile_synthesis(self.fd, START, END, "done")
        expected_actions = PlanAction.objects.filter(
            plan__faculty=self.fd, status="done", done_on__gte=START, done_on__lte=END
        ).count()
        self.assertEqual(expected_actions, 4)
        self.assertEqual(
            data.totals,
            {
                "actions": 4,
                "deadlines": 1,  # the deadline done on 9 October
                "events": 3,  # held in the period, not the one to come or the one before
                "registered": 9,
                "attended": 6,
                "protocols": 3,  # the step to "signed" in November, not the draft in September
                "nominations": 3,  # not the one of January
            },
        )
        self.assertEqual({row["step"] for row in data.protocols}, {str(Protocol.Stage.SIGNED.label)})

    def test_planned_takes_what_falls_due_in_the_period(self):
        data = compile_synthesis(self.fmi, START, END, "planned")
        self.assertEqual(data.totals["actions"], 4)  # two done and two still planned, both due in the period
        self.assertEqual(data.totals["deadlines"], 2)
        self.assertEqual(data.totals["events"], 1)  # the one held in the period; the February one is outside it
        self.assertEqual(data.totals["nominations"], 0)
        self.assertEqual(data.totals["protocols"], 1)

    def test_queries_do_not_grow_with_the_records(self):
        def queries(faculty):
            with CaptureQueriesContext(connection) as captured:
                compile_synthesis(faculty, START, END, "done")
            return len(captured)

        self.assertEqual(queries(self.fmi), queries(self.fd))


class DashboardTests(OfficeData):
    def test_each_faculty_s_figures_match_what_the_test_counts(self):
        board = dashboard(START, END)
        rows = {row.faculty.short_name: row for row in board.rows}
        fd = rows["FD"]
        self.assertEqual((fd.alumni, fd.newsletter), (5, 3))
        self.assertEqual((fd.events_held, fd.participants), (3, 6))
        self.assertEqual(fd.protocols, {"signed": 3})
        self.assertEqual(fd.nominations, 3)
        self.assertEqual((fd.invited, fd.answered, fd.response_rate), (6, 3, 50.0))
        # Overdue on 15 January: the planned actions due in December and the undone December deadline.
        self.assertEqual(fd.overdue, 4 + 1)
        self.assertEqual(board.total.alumni, rows["FMI"].alumni + fd.alumni)

    def test_survey_answers_follow_the_surveys_small_group_rule(self):
        hidden = "nu se afișează, ca grupurile mici să rămână anonime"
        header, rows = dashboard(START, END).table()
        columns = [
            header.index(name) for name in ("Persoane invitate la chestionare", "Au răspuns", "Rata de răspuns (%)")
        ]
        cells = {row[0]: [row[column] for column in columns] for row in rows}
        # FMI answered 2 of 4, FD 3 of 6: too few to show, each; together the 5 answers of the total may be shown.
        self.assertEqual(cells["FMI"], [4, hidden, hidden])
        self.assertEqual(cells["FD"], [6, hidden, hidden])
        self.assertEqual(cells["Total"], [10, 5, 50.0])
        # One faculty's dashboard: its total is its own count, hidden as well.
        header, rows = dashboard(START, END, faculties=Faculty.objects.filter(pk=self.fd.pk)).table()
        self.assertEqual([[row[column] for column in columns] for row in rows], [[6, hidden, hidden]] * 2)

    def test_queries_stay_flat_in_faculties_and_records(self):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                dashboard(START, END)
            return len(captured)

        before = queries()
        extra = FacultyFactory(name="Facultatea de Litere", short_name="FL")
        self.build(extra, extra=5)
        self.assertEqual(queries(), before)

    def test_the_page_its_exports_and_who_sees_it(self):
        self.client.force_login(self.admin)
        url = reverse("office_dashboard") + f"?start={START}&end={END}"
        page = self.client.get(url)
        self.assertContains(page, "FMI")
        self.assertContains(page, "<svg", html=False)
        workbook = openpyxl.load_workbook(io.BytesIO(self.client.get(url + "&format=xlsx").content))
        sheet = workbook.active
        fd_row = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "FD")
        self.assertEqual(fd_row[1:3], ("Facultate", 5))  # the kind of unit, the alumni
        self.assertTrue(self.client.get(url + "&format=pdf").content.startswith(b"%PDF"))
        bad = self.client.get(reverse("office_dashboard") + "?start=2026-12-31&end=2026-01-01")
        self.assertEqual(bad.status_code, 400)
        self.client.force_login(self.fmi_editor)
        self.assertNotEqual(self.client.get(url).status_code, 200)


class SnapshotTests(OfficeData):
    def test_a_year_is_frozen_once_and_years_compare(self):
        first = freeze(2026, self.admin)
        self.assertEqual(
            {(row["faculty"], row["cycle"]): row["total"] for row in first.rows},
            {("FMI", "licenta"): 3, ("FD", "licenta"): 5},
        )
        with self.assertRaises(SnapshotExists):
            freeze(2026)
        AlumnusFactory(faculty=self.fmi, status=Alumnus.Status.APPROVED, study_cycle="master")
        second = freeze(2027)
        years, table = compare([second, first])
        self.assertEqual(years, [2026, 2027])
        fmi_master = next(
            cells for faculty, cycle, cells in table if faculty == "FMI" and cycle == str(StudyCycle.MASTER.label)
        )
        self.assertEqual([cell["total"] for cell in fmi_master], [0, 1])

    def test_the_office_freezes_from_the_admin_with_clear_refusals(self):
        self.client.force_login(self.admin)
        url = reverse("office_snapshot_freeze")
        self.assertRedirects(self.client.post(url, {"year": "2026"}), reverse("office_snapshots"))
        self.assertEqual(DatabaseSnapshot.objects.count(), 1)
        for year in ("2026", "2030", "x"):
            response = self.client.post(url, {"year": year}, follow=True)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(len(list(response.context["messages"])), 1)
        self.assertEqual(DatabaseSnapshot.objects.count(), 1)
        self.assertContains(self.client.get(reverse("office_snapshots")), "2026")
        self.client.force_login(self.fmi_editor)
        self.client.post(url, {"year": "2025"})
        self.assertEqual(DatabaseSnapshot.objects.count(), 1)


class SynthesisAdminTests(OfficeData):
    def url(self, name, *args):
        return reverse(f"wagtailsnippets_office_synthesis:{name}", args=args)

    def test_a_faculty_editor_drafts_their_own_and_submits_it_but_cannot_approve(self):
        ensure_approval_workflow()
        self.client.force_login(self.fmi_editor)
        data = {"faculty": self.fd.pk, "kind": "done", "period_start": START, "period_end": END, "notes": "Bine."}
        refused = self.client.post(self.url("add"), data)
        self.assertEqual(refused.status_code, 200)  # another faculty's: not among the choices
        self.assertFalse(Synthesis.objects.exists())
        response = self.client.post(self.url("add"), {**data, "faculty": self.fmi.pk, "action-submit": "submit"})
        self.assertEqual(response.status_code, 302)
        synthesis = Synthesis.objects.get()
        self.assertEqual(synthesis.created_by, self.fmi_editor)
        self.assertEqual(synthesis.data["totals"]["actions"], 2)
        self.assertTrue(synthesis.workflow_in_progress)
        state = synthesis.current_workflow_task_state
        self.client.post(self.url("workflow_action", synthesis.pk, "approve", state.pk), {"comment": ""})
        synthesis.refresh_from_db()
        self.assertEqual(synthesis.current_workflow_task_state, state)  # not moved by the editor
        director = get_user_model().objects.create_user("director", "d@example.ro", PASSWORD)
        director.groups.add(Group.objects.get(name=DIRECTORATE_GROUP))
        self.client.force_login(director)
        self.client.post(self.url("workflow_action", synthesis.pk, "approve", state.pk), {"comment": ""})
        synthesis.refresh_from_db()
        self.assertNotEqual(synthesis.current_workflow_task_state, state)

    def test_scoped_listing_and_documents(self):
        fd_synthesis = Synthesis(faculty=self.fd, kind="done", period_start=START, period_end=END)
        fd_synthesis.compile()
        fd_synthesis.save()
        self.client.force_login(self.fmi_editor)
        self.assertNotContains(self.client.get(self.url("list")), "FD:")
        document = reverse("wagtailsnippets_office_synthesis:document", args=[fd_synthesis.pk])
        self.assertNotEqual(self.client.get(document).status_code, 200)
        self.client.force_login(self.admin)
        self.assertContains(self.client.get(document), "FD întâlnire 0")
        sheet = openpyxl.load_workbook(io.BytesIO(self.client.get(document + "?format=xlsx").content))
        self.assertEqual(sheet.sheetnames[0], "Rezumat")
        self.assertTrue(self.client.get(document + "?format=pdf").content.startswith(b"%PDF"))

    def test_the_command_writes_the_admin_s_workbook(self):
        path = f"{self._tmp()}/sinteza.xlsx"
        call_command(
            "faculty_synthesis",
            "--faculty",
            "fd",
            "--from",
            str(START),
            "--to",
            str(END),
            "--kind",
            "done",
            "--output",
            path,
            stdout=io.StringIO(),
        )
        workbook = openpyxl.load_workbook(path)
        summary = {row[0]: row[1] for row in workbook["Rezumat"].iter_rows(values_only=True)}
        self.assertEqual(summary["Acțiuni"], 4)
        self.assertEqual(summary["Evenimente"], 3)
        events = list(workbook["Evenimente"].iter_rows(values_only=True))
        self.assertEqual(len(events), 1 + 3)
        for arguments, message in (
            (["--faculty", "XYZ"], "No faculty"),
            (["--from", "2026-13-01"], "not a date"),
            (["--to", "2026-01-01"], "comes before"),
            (["--output", f"{self._tmp()}/x.csv"], ".xlsx"),
        ):
            base = {"--faculty": "FD", "--from": str(START), "--to": str(END), "--kind": "done", "--output": path}
            base.update(dict(zip(arguments[::2], arguments[1::2], strict=True)))
            with self.assertRaisesMessage(CommandError, message):
                call_command("faculty_synthesis", *[part for pair in base.items() for part in pair])

    def _tmp(self):
        import tempfile

        directory = tempfile.mkdtemp(prefix="synthesis-")
        return directory


class ReviewFindingsTests(OfficeData):
    """Another faculty's synthesis stays closed whichever of Wagtail's views is asked; bad dates never crash."""

    def fd_synthesis(self):
        synthesis = Synthesis(faculty=self.fd, kind="done", period_start=START, period_end=END, notes="NOTA-FD")
        synthesis.compile()
        synthesis.save()
        synthesis.save_revision(user=self.admin)
        ensure_approval_workflow().start(synthesis, self.admin)
        return synthesis

    def test_every_view_of_another_faculty_s_synthesis_is_closed(self):
        synthesis = self.fd_synthesis()
        self.client.force_login(self.admin)
        self.assertContains(self.client.get("/admin/reports/workflow/"), "FD:")  # the office sees it in approval
        self.client.force_login(self.fmi_editor)
        base = "/admin/snippets/office/synthesis"
        for path in (
            f"{base}/edit/{synthesis.pk}/",
            f"{base}/history/{synthesis.pk}/",
            f"{base}/history/{synthesis.pk}/revisions/compare/earliest...latest/",
            f"{base}/workflow_history/{synthesis.pk}/",
            f"{base}/usage/{synthesis.pk}/",
            f"{base}/document/{synthesis.pk}/",
            "/admin/snippets/choose/office/synthesis/",
            f"/admin/snippets/choose/office/synthesis/chosen/{synthesis.pk}/",
            "/admin/reports/workflow/",
        ):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertNotContains(response, "NOTA-FD", status_code=response.status_code)
                if ("choose" in path and "chosen" not in path) or "reports" in path:
                    self.assertNotContains(response, "FD:", status_code=response.status_code)
                elif "reports" not in path:
                    self.assertNotEqual(response.status_code, 200)

    def test_the_chooser_answers_only_those_with_a_permission(self):
        nobody = get_user_model().objects.create_user("nimeni", "n@example.ro", PASSWORD)
        nobody.user_permissions.add(*Permission.objects.filter(codename="access_admin"))
        self.client.force_login(nobody)
        self.assertNotEqual(self.client.get("/admin/snippets/choose/office/synthesis/").status_code, 200)

    def test_dates_out_of_range_are_refused_with_a_message(self):
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("wagtailsnippets_office_synthesis:add"),
            {"faculty": self.fmi.pk, "kind": "done", "period_start": "9999-12-30", "period_end": "9999-12-31"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertFalse(Synthesis.objects.exists())
        for start, end in (("0001-01-01", "0001-01-02"), ("2026-01-01", "9999-12-31")):
            with self.subTest(start=start), self.assertRaisesMessage(CommandError, "must be a date from"):
                call_command(
                    "faculty_synthesis", "--faculty", "FD", "--from", start, "--to", end, "--kind", "done",
                    "--output", f"{self._tmp()}/x.xlsx",
                )  # fmt: skip
        folder = Path(self._tmp()) / "sinteza.xlsx"
        folder.mkdir()
        with self.assertRaisesMessage(CommandError, "is a folder"):
            call_command(
                "faculty_synthesis", "--faculty", "FD", "--from", str(START), "--to", str(END), "--kind", "done",
                "--output", str(folder),
            )  # fmt: skip

    def _tmp(self):
        import tempfile

        return tempfile.mkdtemp(prefix="synthesis-")

    def test_the_central_office_s_own_events_have_their_row_in_the_total(self):
        central = EventPageFactory(parent=self.events, faculty=None, start=at(datetime.date(2026, 11, 11)))
        RegistrationFactory(event=central, checked_in_at=central.start)
        board = dashboard(START, END)
        office = [row for row in board.rows if row.faculty is None]
        self.assertEqual(len(office), 1)
        self.assertEqual((office[0].events_held, office[0].participants), (1, 1))
        self.assertEqual(board.total.events_held, sum(row.events_held for row in board.rows))
        header, rows = board.table()
        self.assertIn("Total", [str(row[0]) for row in rows] + ["Total"])
