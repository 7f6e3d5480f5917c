"""A round's report: rates, distributions, means, the recommendation score, comparisons with small groups hidden;
the admin page with its charts, PDF and spreadsheet exports; the API; the cadence; the platform report."""

import csv
import datetime
import io
import json
import re
from unittest import mock

import openpyxl
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken

from home.factories import FacultyFactory
from office.platform_report import platform_report
from surveys.cadence import plan_next_round
from surveys.factories import SurveyRoundFactory
from surveys.models import SurveyRound
from surveys.statistics import hidden_groups, round_report
from tests.clock import BUCHAREST
from tests.surveys.builders import closed_round, invitees, responses, survey_setup


def answers(scale, recommendation, frequency="Lunar", activities=(), text=""):
    return {
        "legatura": scale,
        "informare": scale,
        "recomandare": recommendation,
        "activitati": list(activities),
        "frecventa": frequency,
        "sugestii": text,
    }


class ReportTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        survey_setup(cls)
        cls.closed = closed_round(cls.survey, title="Satisfacție 2025")
        invitees(cls.closed, cls.fmi, 10, answered=6)
        invitees(cls.closed, cls.fd, 4, answered=3)
        rows = [(cls.fmi, 2005, answers(5, 10, activities=["Gala Alumni"])) for _ in range(4)]
        rows += [(cls.fmi, 2012, answers(3, 6, "O dată pe trimestru", text="Mai multe întâlniri")) for _ in range(2)]
        rows += [(cls.fd, 2012, answers(1, 8)) for _ in range(3)]
        responses(cls.closed, rows)


class FiguresTests(ReportTestCase):
    def test_rates_distributions_means_and_the_recommendation_score(self):
        report = round_report(self.closed)
        self.assertEqual((report.invited, report.answered, report.rate), (14, 9, 64.3))
        # FD's 3 answers are too few to show, and would follow from the total and FMI's: both are hidden.
        self.assertEqual(
            [(r.name[:15], r.invited, r.answered, r.suppressed) for r in report.by_faculty],
            [("Facultatea de D", 4, None, True), ("Facultatea de M", 10, None, True)],
        )
        scale = report.questions[0]
        self.assertEqual([(b.label, b.count) for b in scale.bins], [("1", 3), ("2", 0), ("3", 2), ("4", 0), ("5", 4)])
        self.assertEqual(scale.mean, round((3 * 1 + 2 * 3 + 4 * 5) / 9, 2))
        nps = report.questions[2]
        # 4 promoters (10), 3 passives (8), 2 detractors (6): (4 - 2) / 9
        self.assertEqual((nps.promoters, nps.passives, nps.detractors, nps.score), (4, 3, 2, 22.2))
        activities = report.questions[3]
        self.assertEqual({b.label: b.count for b in activities.bins}["Gala Alumni"], 4)
        self.assertEqual(activities.answered, 4)
        frequency = report.questions[4]
        self.assertEqual(
            [(b.label, b.count, b.share) for b in frequency.bins],
            [("Lunar", 7, 77.8), ("O dată pe trimestru", 2, 22.2), ("De două ori pe an", 0, 0.0)],
        )
        self.assertEqual(report.questions[5].texts, ["Mai multe întâlniri"] * 2)

    def test_small_groups_are_hidden_with_the_next_smallest(self):
        fs = FacultyFactory(name="Facultatea de Sociologie", short_name="FS")
        responses(self.closed, [(fs, 2016, answers(4, 9)) for _ in range(5)])
        report = round_report(self.closed)
        scale = report.questions[0]
        by_faculty = {group.name: group for group in scale.by_faculty}
        # FD (3 answers) is hidden; alone it would follow from the total and the others, so FS (5) is hidden too.
        hidden = by_faculty[self.fd.name]
        self.assertEqual((hidden.suppressed, hidden.answers, hidden.mean), (True, None, None))
        self.assertTrue(by_faculty[fs.name].suppressed)
        self.assertFalse(by_faculty[self.fmi.name].suppressed)
        self.assertEqual((by_faculty[self.fmi.name].answers, by_faculty[self.fmi.name].mean), (6, round(26 / 6, 2)))
        by_cohort = {group.name: group for group in scale.by_cohort}
        self.assertTrue(by_cohort["2005–2009"].suppressed)  # 4 answers
        self.assertTrue(by_cohort["2010–2014"].suppressed)  # 5, the next smallest
        self.assertEqual(by_cohort["2015–2019"].mean, 4.0)
        rows = report.figure_rows()
        self.assertNotIn(1.0, [row["value"] for row in rows if row["group"] == self.fd.name])

    def test_which_groups_are_hidden(self):
        self.assertEqual(hidden_groups({"a": 5, "b": 5}), set())
        self.assertEqual(hidden_groups({"a": 1, "b": 10, "c": 12}), {"a", "b"})
        self.assertEqual(hidden_groups({"a": 2, "b": 3, "c": 40}), {"a", "b"})
        self.assertEqual(hidden_groups({"a": 2, "b": 2, "c": 40}), {"a", "b", "c"})
        self.assertEqual(hidden_groups({"a": 4}), {"a"})

    def test_answers_that_no_longer_fit_their_question_are_left_out(self):
        weird = SurveyRoundFactory(survey=self.survey)
        bad = [answers(7, 11), answers("inf", "nan"), answers(2.5, -1), answers("x", True), answers(4, 9)]
        responses(weird, [(self.fmi, 2005, row) for row in bad])
        report = round_report(weird)
        self.assertEqual((report.questions[0].answered, report.questions[0].mean), (1, 4.0))
        self.assertEqual((report.questions[2].answered, report.questions[2].score), (1, 100.0))
        json.dumps(report.as_dict(), allow_nan=False)

    def test_the_cost_does_not_grow_with_the_answers(self):
        small = SurveyRoundFactory(survey=self.survey)
        responses(small, [(self.fmi, 2005, answers(4, 9))])
        invitees(small, self.fmi, 1, answered=1)
        large = SurveyRoundFactory(survey=self.survey)
        responses(
            large,
            [
                (faculty, 1990 + i % 30, answers(1 + i % 5, i % 11))
                for i in range(300)
                for faculty in (self.fmi, self.fd)
            ],
        )
        invitees(large, self.fmi, 400, answered=300)
        invitees(large, self.fd, 400, answered=300)
        counts = []
        for survey_round in (small, large):
            with CaptureQueriesContext(connection) as queries:
                round_report(survey_round)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], 7)


class ReportPageTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        users = get_user_model()
        cls.office = users.objects.create_superuser("birou", "birou@example.ro", "o-parola-buna-123")
        cls.editor = users.objects.create_user("editor", "editor@example.ro", "o-parola-buna-123")
        cls.editor.user_permissions.add(Permission.objects.get(codename="access_admin"))

    def test_the_report_page_with_charts_that_need_no_script(self):
        self.client.force_login(self.office)
        response = self.client.get(reverse("survey_rounds:report", args=[self.closed.pk]))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertEqual(html.count('class="pygal-chart"'), 5)  # the five questions with answers to count
        self.assertIn('class="pygal-chart"', html)
        self.assertNotIn("pygal.config", html)
        self.assertIn("Facultatea de Drept</th><td colspan", html)
        self.assertIn("Scorul de recomandare: 22,2", html)

    def test_the_page_costs_the_same_for_few_and_many_answers(self):
        self.client.force_login(self.office)
        many = SurveyRoundFactory(survey=self.survey)
        responses(many, [(self.fmi, 1990 + i % 30, answers(1 + i % 5, i % 11, text=f"idee {i}")) for i in range(250)])
        counts = []
        self.client.get(reverse("survey_rounds:report", args=[self.closed.pk]))  # the Site cache warm, as when running
        for survey_round in (self.closed, many):
            with CaptureQueriesContext(connection) as queries:
                self.client.get(reverse("survey_rounds:report", args=[survey_round.pk]))
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])

    def test_the_pdf_for_the_management(self):
        self.client.force_login(self.office)
        response = self.client.get(reverse("survey_rounds:report", args=[self.closed.pk]) + "?format=pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertGreater(len(response.content), 5000)

    def test_figures_and_answers_export_as_spreadsheets(self):
        self.client.force_login(self.office)
        figures = self.client.get(reverse("survey_rounds:figures", args=[self.closed.pk]) + "?export=csv")
        rows = list(csv.reader(io.StringIO(b"".join(figures.streaming_content).decode("utf-8-sig"))))
        self.assertEqual(rows[0][:2], ["Întrebare", "Grup"])
        self.assertIn(["Rata de răspuns", "Toți", "%", "64.3"], rows)
        answers_csv = self.client.get(reverse("survey_rounds:answers", args=[self.closed.pk]) + "?export=csv")
        rows = list(csv.reader(io.StringIO(b"".join(answers_csv.streaming_content).decode("utf-8-sig"))))
        self.assertEqual(len(rows), 10)
        self.assertNotIn("Persoană", rows[0])  # an anonymous round has no person column
        faculties = {row[0] for row in rows[1:]}
        self.assertEqual(faculties, {self.fmi.name, ""})  # FD has 3 answers: its name would point to them
        xlsx = self.client.get(reverse("survey_rounds:answers", args=[self.closed.pk]) + "?export=xlsx")
        self.assertEqual(xlsx.status_code, 200)
        self.assertIn("spreadsheetml", xlsx["Content-Type"])

    def test_only_people_with_the_permission_read_it(self):
        self.client.force_login(self.editor)
        for name in ("report", "figures", "answers", "invite"):
            response = self.client.get(reverse(f"survey_rounds:{name}", args=[self.closed.pk]))
            self.assertIn(response.status_code, (302, 403), name)
        self.client.force_login(self.office)
        self.assertEqual(self.client.get(reverse("survey_rounds:report", args=[999999])).status_code, 404)

    def test_the_round_list_counts_invited_and_answered(self):
        self.client.force_login(self.office)
        response = self.client.get(reverse("survey_rounds:index"))
        self.assertContains(response, "Satisfacție 2025")

    def test_the_office_invites_from_the_admin(self):
        self.client.force_login(self.office)
        url = reverse("survey_rounds:invite", args=[self.round.pk])
        counted = self.client.post(url, {"action": "count", "faculties": [self.fmi.pk]})
        self.assertContains(counted, "2 persoane vor fi invitate.")
        bad = self.client.post(url, {"action": "count", "year_from": "2020", "year_to": "2010"})
        self.assertEqual(bad.status_code, 400)
        sent = self.client.post(url, {"action": "send", "faculties": [self.fmi.pk]})
        self.assertEqual(sent.status_code, 302)
        self.round.refresh_from_db()
        self.assertEqual(self.round.invitees.count(), 2)
        self.assertContains(self.client.get(url), "Invitațiile la această rundă au pornit")


class ApiTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        users = get_user_model()
        office = users.objects.create_user("birou", "birou@example.ro", "o-parola-buna-123")
        office.user_permissions.add(Permission.objects.get(codename="view_surveyround"))
        _token, cls.office_key = APIToken.create_token(user=office, name="rapoarte")
        other = users.objects.create_user("altcineva", "alt@example.ro", "o-parola-buna-123")
        _token, cls.other_key = APIToken.create_token(user=other, name="alt")

    def get(self, path, key=None):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return self.client.get(f"/api/v3/surveys{path}", headers=headers)

    def test_the_figures_for_the_office_tools(self):
        response = self.get(f"/rounds/{self.closed.pk}/report/", self.office_key)
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual((data["invited"], data["answered"], data["response_rate"]), (14, 9, 64.3))
        self.assertEqual(data["questions"][2]["score"], 22.2)
        self.assertNotIn("texts", data["questions"][5])
        hidden = next(g for g in data["questions"][0]["by_faculty"] if g["suppressed"])
        self.assertEqual((hidden["answers"], hidden["mean"]), (None, None))
        listing = self.get("/rounds/", self.office_key).json()
        self.assertIn("Satisfacție 2025", [item["title"] for item in listing])

    def test_no_token_a_bad_token_or_no_permission_is_refused_with_a_problem(self):
        for key, status in ((None, 401), ("wat_nonsense", 401), (self.other_key, 403)):
            response = self.get(f"/rounds/{self.closed.pk}/report/", key)
            self.assertEqual(response.status_code, status, key)
            self.assertEqual(response["Content-Type"], "application/problem+json")
        missing = self.get("/rounds/999999/report/", self.office_key)
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(json.loads(missing.content)["status"], 404)


class CadenceTests(ReportTestCase):
    def test_the_next_round_follows_on_the_surveys_cadence_once(self):
        planned = plan_next_round(self.closed)
        before, after = timezone.localtime(self.closed.opens_at), timezone.localtime(planned.opens_at)
        self.assertEqual((after.year, after.month, after.day), (before.year + 1, before.month, before.day))
        self.assertEqual(after.time(), before.time())
        self.assertEqual(plan_next_round(self.closed).pk, planned.pk)
        self.assertEqual(planned.anonymous, self.closed.anonymous)

    def test_the_cadence_keeps_the_local_time_across_daylight_saving_and_skips_past_dates(self):
        self.survey.cadence_months = 6
        self.survey.save()
        opens = datetime.datetime(2027, 5, 1, 0, 0, tzinfo=BUCHAREST)  # EEST
        first = SurveyRoundFactory(survey=self.survey, opens_at=opens, closes_at=opens + datetime.timedelta(days=14))
        planned = plan_next_round(first, now=opens + datetime.timedelta(days=20))
        self.assertEqual(timezone.localtime(planned.opens_at).replace(tzinfo=None), datetime.datetime(2027, 11, 1))
        late = SurveyRoundFactory(survey=self.survey, opens_at=opens, closes_at=opens + datetime.timedelta(days=14))
        planned = plan_next_round(late, now=datetime.datetime(2029, 1, 10, tzinfo=BUCHAREST))
        self.assertEqual(timezone.localtime(planned.opens_at).replace(tzinfo=None), datetime.datetime(2029, 5, 1))

    def test_the_daily_command_plans_from_the_latest_round_only_and_never_twice(self):
        out = io.StringIO()
        call_command("plan_survey_rounds", stdout=out)  # the latest round is still open
        self.assertEqual(SurveyRound.objects.count(), 2)
        with time_machine.travel(self.round.closes_at + datetime.timedelta(days=1)):
            call_command("plan_survey_rounds", stdout=out)
            call_command("plan_survey_rounds", stdout=out)
        self.assertEqual(SurveyRound.objects.filter(previous=self.round).count(), 1)
        self.assertFalse(SurveyRound.objects.filter(previous=self.closed).exists())

    def test_a_survey_without_cadence_plans_nothing(self):
        self.survey.cadence_months = 0
        self.survey.save()
        self.assertIsNone(plan_next_round(SurveyRound.objects.get(pk=self.closed.pk)))


class PlatformReportTests(ReportTestCase):
    def test_survey_participation_is_in_the_platform_report(self):
        start, end = self.closed.opens_at.date(), self.closed.closes_at.date()
        report = platform_report(start, end)
        row = next(row for row in report.surveys if row.title == "Satisfacție 2025")
        self.assertEqual((row.invited, row.answered, row.rate), (14, 9, 64.3))


class RoundAdminTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.office = get_user_model().objects.create_superuser("birou", "birou@example.ro", "o-parola-buna-123")

    def test_the_office_opens_a_round_and_a_wrong_date_is_explained(self):
        self.client.force_login(self.office)
        url = reverse("survey_rounds:add")
        self.assertEqual(self.client.get(url).status_code, 200)
        data = {
            "survey": self.survey.pk,
            "title": "Satisfacție 2027",
            "anonymous": "on",
            "opens_at": "2027-03-01 09:00",
            "closes_at": "2027-02-01 09:00",
        }
        wrong = self.client.post(url, data)
        self.assertContains(wrong, "O rundă se închide după ce se deschide.")
        data["closes_at"] = "2027-04-01 09:00"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        created = SurveyRound.objects.get(title="Satisfacție 2027")
        self.assertEqual(created.created_by, self.office)

    def test_anonymity_and_the_survey_cannot_change_once_people_are_invited(self):
        self.client.force_login(self.office)
        data = {
            "survey": self.survey.pk,
            "title": self.closed.title,
            "opens_at": self.closed.opens_at.strftime("%Y-%m-%d %H:%M"),
            "closes_at": self.closed.closes_at.strftime("%Y-%m-%d %H:%M"),
        }  # anonymous unticked
        response = self.client.post(reverse("survey_rounds:edit", args=[self.closed.pk]), data)
        self.assertContains(response, "Oamenii au fost deja invitați: anonimatul nu se mai poate schimba.")
        self.closed.refresh_from_db()
        self.assertTrue(self.closed.anonymous)

    def test_an_anonymous_export_keeps_rare_combinations_and_the_language_out(self):
        responses(self.closed, [(self.fmi, 1978, answers(2, 3))])  # the only FMI answer of 1975–1979
        self.client.force_login(self.office)
        export = self.client.get(reverse("survey_rounds:answers", args=[self.closed.pk]) + "?export=csv")
        rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
        self.assertNotIn("Limbă", rows[0])
        header = rows[0]
        faculty, cohort = header.index("Facultate"), header.index("Promoția")
        self.assertFalse([row for row in rows[1:] if row[cohort] == "1975–1979"])
        # FMI (7 answers) is named; each of its cohorts has fewer than 5 answers, and so has FD (3 in all).
        self.assertEqual(sum(row[faculty] == self.fmi.name for row in rows[1:]), 7)
        self.assertEqual({row[cohort] for row in rows[1:]}, {""})

    def test_the_spreadsheet_copes_with_any_stored_text(self):
        responses(self.closed, [(self.fmi, 2005, answers(4, 9, text="a\x01b =1+1"))])
        self.client.force_login(self.office)
        xlsx = self.client.get(reverse("survey_rounds:answers", args=[self.closed.pk]) + "?export=xlsx")
        self.assertEqual(xlsx.status_code, 200)
        export = self.client.get(reverse("survey_rounds:answers", args=[self.closed.pk]) + "?export=csv")
        self.assertIn("ab =1+1", b"".join(export.streaming_content).decode("utf-8-sig"))

    def test_a_named_export_says_who_answered_and_forgets_the_erased(self):
        from alumni.erasure import erase
        from surveys.models import Invitee, Response

        named = closed_round(self.survey, title="Nominală", anonymous=False)
        for person in (self.ana, self.bogdan):
            invitee = Invitee.objects.create(round=named, alumnus=person, faculty=person.faculty, answered=True)
            Response.objects.create(
                round=named,
                invitee=invitee,
                faculty=person.faculty,
                language="ro",
                answers=answers(4, 9),
                submitted_at=named.opens_at,
            )
        erase(self.bogdan)
        self.client.force_login(self.office)
        export = self.client.get(reverse("survey_rounds:answers", args=[named.pk]) + "?export=csv")
        rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
        self.assertEqual(rows[0][:3], ["Persoană", "Trimis", "Limbă"])
        self.assertEqual(
            sorted(row[0] for row in rows[1:]), sorted(["(șters)", f"{self.ana.first_name} {self.ana.last_name}"])
        )


class ResponseRateAnonymityTests(TestCase):
    """The response rate by faculty follows the answers' small-group rule: one person invited and one answer in an
    anonymous round ("Geografie: invited 1, answered 1, 100 %") would say whose every figure is."""

    @classmethod
    def setUpTestData(cls):
        survey_setup(cls)
        cls.geo = FacultyFactory(name="Facultatea de Geografie", short_name="FG")
        cls.closed = closed_round(cls.survey, title="Satisfacție 2025")
        invitees(cls.closed, cls.geo, 1, answered=1)
        invitees(cls.closed, cls.fmi, 10, answered=6)
        invitees(cls.closed, cls.fd, 20, answered=8)
        invitees(cls.closed, FacultyFactory(name="Facultatea de Litere", short_name="FL"), 3, answered=0)
        rows = [(cls.geo, 2010, answers(2, 3))]
        rows += [(cls.fmi, 2005, answers(5, 10)) for _ in range(6)]
        rows += [(cls.fd, 2012, answers(4, 9)) for _ in range(8)]
        responses(cls.closed, rows)
        users = get_user_model()
        cls.office = users.objects.create_user("birou", "birou@example.ro", "o-parola-buna-123")
        cls.office.user_permissions.add(
            Permission.objects.get(codename="view_surveyround"), Permission.objects.get(codename="access_admin")
        )
        _token, cls.key = APIToken.create_token(user=cls.office, name="rapoarte")

    def test_small_faculties_rates_are_hidden_with_the_next_smallest(self):
        rates = {rate.name: rate for rate in round_report(self.closed).by_faculty}
        geo = rates[self.geo.name]
        self.assertEqual((geo.invited, geo.answered, geo.rate, geo.suppressed), (1, None, None, True))
        # Geografie's one answer would follow from the total and the others: FMI (6), the next smallest, goes too.
        self.assertTrue(rates[self.fmi.name].suppressed)
        self.assertIsNone(rates[self.fmi.name].answered)
        # A faculty with no answers is a small group too, or a hidden one would be known to hold at least one.
        self.assertTrue(rates["Facultatea de Litere"].suppressed)
        fd = rates[self.fd.name]
        self.assertEqual((fd.invited, fd.answered, fd.rate, fd.suppressed), (20, 8, 40.0, False))

    def test_the_report_page_and_its_pdf(self):
        self.client.force_login(self.office)
        url = reverse("survey_rounds:report", args=[self.closed.pk])
        with mock.patch("weasyprint.HTML") as printer:
            printer.return_value.write_pdf.return_value = b"%PDF-"
            self.client.get(url + "?format=pdf")
        pages = {"page": self.client.get(url).content.decode(), "pdf": printer.call_args.kwargs["string"]}
        for kind, html in pages.items():
            with self.subTest(kind):
                table = re.search(r"<caption>Rata de răspuns pe facultăți</caption>.*?</table>", html, re.S).group()
                hidden = '</th><td class="number">{}</td><td colspan="2" class="survey-report__hidden">'
                self.assertIn(self.geo.name + hidden.format(1), table)
                self.assertIn(self.fmi.name + hidden.format(10), table)
                self.assertIn(f'{self.fd.name}</th><td class="number">20</td><td class="number">8</td>', table)
                self.assertNotIn("100,0", table)

    def test_the_figures_in_csv_and_xlsx(self):
        self.client.force_login(self.office)
        url = reverse("survey_rounds:figures", args=[self.closed.pk])
        response = self.client.get(url + "?export=csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        rates = {row[1]: row[3] for row in rows if row[0] == "Rata de răspuns"}
        self.assertEqual(rates[self.fd.name], "40.0")
        for name in (self.geo.name, self.fmi.name):
            with self.subTest(name=name):
                self.assertNotRegex(rates[name], r"\d")
        response = self.client.get(url + "?export=xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        cells = {row[1]: row[3] for row in sheet.iter_rows(values_only=True) if row[0] == "Rata de răspuns"}
        self.assertEqual(cells[self.fd.name], 40.0)
        self.assertIsInstance(cells[self.geo.name], str)
        self.assertNotRegex(cells[self.geo.name], r"\d")

    def test_the_api(self):
        response = self.client.get(
            f"/api/v3/surveys/rounds/{self.closed.pk}/report/", headers={"Authorization": f"Bearer {self.key}"}
        )
        self.assertEqual(response.status_code, 200)
        rates = {rate["name"]: rate for rate in response.json()["by_faculty"]}
        self.assertEqual(
            rates[self.geo.name],
            {"name": self.geo.name, "invited": 1, "answered": None, "rate": None, "suppressed": True},
        )
        self.assertEqual(rates[self.fd.name]["answered"], 8)
        self.assertFalse(rates[self.fd.name]["suppressed"])
