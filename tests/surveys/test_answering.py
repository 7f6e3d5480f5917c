"""Answering a survey: invitations by consent through the mail pipeline, one answer per personal link, anonymity,
and a clear page for every link that cannot be used."""

from datetime import timedelta
from urllib.parse import urlsplit

import time_machine
from django.test import TestCase

from alumni.erasure import erase
from alumni.models import Consent, ConsentPurpose
from home.extensions import collect_person_data
from home.factories import translate
from newsletters.audiences import Audience
from newsletters.models import Delivery
from newsletters.sending import CannotSend, send_mailing
from surveys.answering import record_answer
from surveys.invitations import start_round_invitations
from surveys.models import Invitee, Response, SurveyField, SurveyPage
from surveys.tokens import invitee_token
from tests.smtp import body_of, link_in, smtp_server
from tests.surveys.builders import good_answers, survey_setup


def audience(**choices):
    return Audience.from_choices(purpose=ConsentPurpose.SURVEYS, **choices)


class SurveyTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        survey_setup(cls)

    def invite(self, survey_round=None, **choices):
        mailing = start_round_invitations(survey_round or self.round, audience(**choices))
        with smtp_server() as server:
            send_mailing(mailing)
        return server

    def link_of(self, server, email) -> str:
        return link_in(server, email, r"https?://\S+\?t=\S+")

    def link_for(self, person, survey_round=None) -> str:
        invitee = Invitee.objects.get(round=survey_round or self.round, alumnus=person)
        return f"{self.survey.url}?t={invitee_token(invitee.pk)}"


class InvitationTests(SurveyTestCase):
    def test_only_people_who_agreed_to_the_surveys_are_invited(self):
        server = self.invite()
        self.assertEqual(sorted(server.recipients), ["ana@example.ro", "bogdan@example.ro", "carmen@example.ro"])
        ana = next(r.message for r in server.messages if r.envelope_to == ["ana@example.ro"])
        self.assertEqual(ana["Subject"], "Chestionar de satisfacție")
        self.assertIn(self.ana.first_name, body_of(ana, "plain"))
        self.assertIn("?t=", body_of(ana, "html"))
        self.assertRegex(ana["List-Unsubscribe"].strip(), r"^<https?://\S+/chestionare/opreste/\S+/>$")
        self.assertEqual(ana["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertEqual(Invitee.objects.filter(round=self.round).count(), 3)
        ana_invitee = Invitee.objects.get(alumnus=self.ana)
        self.assertEqual((ana_invitee.faculty, ana_invitee.cohort), (self.fmi, 2005))

    def test_the_audience_can_be_narrowed_to_a_faculty(self):
        server = self.invite(faculties=[self.fd])
        self.assertEqual(server.recipients, ["bogdan@example.ro"])

    def test_the_english_reader_gets_the_english_survey(self):
        translate(self.survey, title="Satisfaction survey", slug="survey")
        server = self.invite()
        carmen = next(r.message for r in server.messages if r.envelope_to == ["carmen@example.ro"])
        self.assertEqual(carmen["Subject"], "Satisfaction survey")
        self.assertIn("/en/survey/?t=", body_of(carmen, "plain"))

    def test_a_round_is_sent_once_and_a_second_run_sends_nothing(self):
        first = start_round_invitations(self.round, audience())
        again = start_round_invitations(self.round, audience(faculties=[self.fd]))
        self.assertEqual(first.pk, again.pk)
        with smtp_server() as server:
            send_mailing(first)
            send_mailing(first)
        self.assertEqual(len(server.messages), 3)

    def test_someone_who_withdraws_before_their_turn_is_skipped(self):
        mailing = start_round_invitations(self.round, audience())
        self.bogdan.consent_surveys = False
        self.bogdan.save()
        with smtp_server() as server:
            send_mailing(mailing)
        self.assertNotIn("bogdan@example.ro", server.recipients)
        self.assertEqual(Delivery.objects.get(mailing=mailing, email="bogdan@example.ro").status, "skipped")

    def test_nobody_is_invited_to_a_closed_round_or_an_empty_audience(self):
        with self.assertRaisesMessage(CannotSend, "Nu există nimeni în acest public"):
            start_round_invitations(self.round, audience(year_from=2100))
        closed = time_machine.travel(self.round.closes_at + timedelta(minutes=1))
        with closed, self.assertRaisesMessage(CannotSend, "Această rundă s-a închis"):
            start_round_invitations(self.round, audience())

    def test_invitations_resumed_after_the_round_closed_are_not_sent(self):
        mailing = start_round_invitations(self.round, audience())
        with time_machine.travel(self.round.closes_at + timedelta(minutes=1)), smtp_server() as server:
            send_mailing(mailing)
        self.assertEqual(server.messages, [])
        failed = Delivery.objects.filter(mailing=mailing, status="failed")
        self.assertEqual(failed.count(), 3)
        self.assertIn("runda s-a închis", failed.first().error)

    def test_the_stop_link_withdraws_the_surveys_consent_only(self):
        server = self.invite()
        message = next(r.message for r in server.messages if r.envelope_to == ["ana@example.ro"])
        stop = urlsplit(message["List-Unsubscribe"].strip().strip("<>")).path
        self.assertContains(self.client.get(stop), "Oprește invitațiile la chestionare")
        self.client.post(stop)  # the mail client's one-click POST, without a CSRF token
        self.ana.refresh_from_db()
        self.assertFalse(self.ana.consent_surveys)
        self.assertTrue(
            Consent.objects.filter(alumnus=self.ana, purpose="surveys", given=False, source="unsubscribe").exists()
        )
        self.assertContains(self.client.post(stop), "Nu primești invitații la chestionare")
        self.assertEqual(self.client.get("/chestionare/opreste/broken/").status_code, 400)


class AnsweringTests(SurveyTestCase):
    def setUp(self):
        self.server = self.invite()
        self.link = self.link_of(self.server, "ana@example.ro")

    def test_the_link_shows_the_questions_and_is_never_cached(self):
        response = self.client.get(self.link)
        self.assertContains(response, "Cât de mulțumit(ă) ești de legătura cu facultatea ta?")
        self.assertContains(response, 'name="t"')
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertEqual(response["Referrer-Policy"], "same-origin")

    def test_one_answer_per_link(self):
        response = self.client.post(self.link, good_answers(t=self.link.split("t=")[1]))
        self.assertContains(response, "Mulțumim: răspunsurile tale au ajuns.")
        self.assertEqual(Response.objects.count(), 1)
        again = self.client.post(self.link, good_answers(t=self.link.split("t=")[1], legatura="1"))
        self.assertContains(again, "Ai răspuns deja la acest chestionar.", status_code=409)
        self.assertContains(self.client.get(self.link), "Ai răspuns deja", status_code=409)
        self.assertEqual(Response.objects.count(), 1)
        self.assertEqual(Response.objects.get().answers["legatura"], 4)

    def test_two_submissions_at_once_record_one_answer(self):
        invitee = Invitee.objects.get(alumnus=self.ana)
        page = self.survey.specific
        form = page.get_form(good_answers(), page=page)
        self.assertTrue(form.is_valid(), form.errors)
        self.assertIsNotNone(record_answer(page, invitee, form.cleaned_data, "ro"))
        self.assertIsNone(record_answer(page, invitee, form.cleaned_data, "ro"))
        self.assertEqual(Response.objects.count(), 1)

    def test_a_missing_required_answer_keeps_what_was_given_and_the_link(self):
        token = self.link.split("t=")[1]
        response = self.client.post(self.link, good_answers(t=token, recomandare="", sugestii="Păstrați asta."))
        self.assertContains(response, "Te rugăm să corectezi câmpurile marcate mai jos.", status_code=400)
        self.assertContains(response, "Păstrați asta.", status_code=400)
        self.assertRegex(response.content.decode(), r'<input[^>]*name="legatura"[^>]*value="4"[^>]*checked')
        self.assertFalse(Response.objects.exists())
        self.assertFalse(Invitee.objects.get(alumnus=self.ana).answered)
        self.assertContains(self.client.post(self.link, good_answers(t=token)), "răspunsurile tale au ajuns")

    def test_control_characters_do_not_reach_the_stored_text(self):
        token = self.link.split("t=")[1]
        self.client.post(self.link, good_answers(t=token, sugestii="  Mai\x01 multe\x1b întâlniri. "))
        self.assertEqual(Response.objects.get().answers["sugestii"], "Mai multe întâlniri.")

    def test_values_outside_the_scale_are_refused(self):
        token = self.link.split("t=")[1]
        for field, value in (("legatura", "6"), ("legatura", "0"), ("recomandare", "11"), ("frecventa", "Zilnic")):
            response = self.client.post(self.link, good_answers(t=token, **{field: value}))
            self.assertEqual(response.status_code, 400, (field, value))
        self.assertFalse(Response.objects.exists())

    def test_an_anonymous_answer_keeps_nothing_that_leads_back_to_the_person(self):
        self.client.post(self.link, good_answers(t=self.link.split("t=")[1]))
        stored = Response.objects.get()
        self.assertIsNone(stored.invitee_id)
        self.assertIsNone(stored.submitted_at)
        invitee = Invitee.objects.get(alumnus=self.ana)
        self.assertTrue(invitee.answered)
        # No column of the response holds the invitee's, the person's or the delivery's id, and the invitee keeps
        # no time that could be matched with the response.
        columns = [
            f.attname for f in Response._meta.concrete_fields if f.attname not in ("id", "round_id", "faculty_id")
        ]
        values = {getattr(stored, name) for name in columns if name != "answers"}
        self.assertFalse({invitee.pk, self.ana.pk, invitee.delivery_id} & values)
        times = [
            f.name for f in Invitee._meta.concrete_fields if f.get_internal_type() in ("DateTimeField", "DateField")
        ]
        self.assertEqual(times, [])
        self.assertEqual((stored.faculty_id, stored.cohort), (self.fmi.pk, 2005))

    def test_a_named_round_keeps_who_answered_and_when(self):
        self.round.anonymous = False
        self.round.save()
        self.client.post(self.link, good_answers(t=self.link.split("t=")[1]))
        stored = Response.objects.get()
        self.assertEqual(stored.invitee.alumnus, self.ana)
        self.assertIsNotNone(stored.submitted_at)

    def test_links_that_cannot_be_used_get_a_clear_page(self):
        token = self.link.split("t=")[1]
        self.assertContains(self.client.get(self.survey.url), "Acest chestionar este pe bază de invitație.")
        self.assertContains(self.client.get(self.link + "x"), "Acest link nu funcționează.", status_code=400)
        self.assertContains(self.client.get(f"{self.survey.url}?t=%00%27%22"), "nu funcționează", status_code=400)
        with time_machine.travel(self.round.closes_at + timedelta(seconds=1)):
            self.assertContains(
                self.client.get(self.link), "Această rundă a chestionarului s-a încheiat.", status_code=410
            )
            response = self.client.post(self.link, good_answers(t=token))
            self.assertContains(response, "s-a încheiat", status_code=410)
        with time_machine.travel(self.round.opens_at - timedelta(hours=1)):
            self.assertContains(self.client.get(self.link), "nu s-a deschis încă", status_code=403)
        self.assertFalse(Response.objects.exists())

    def test_a_link_of_another_survey_does_not_open_this_one(self):
        other = SurveyPage.objects.get(pk=self.survey.pk).copy(update_attrs={"slug": "altul", "title": "Altul"})
        other.save_revision().publish()
        token = self.link.split("t=")[1]
        self.assertEqual(self.client.get(f"{other.url}?t={token}").status_code, 400)

    def test_the_english_translation_stores_answers_under_the_original_questions(self):
        english = translate(self.survey, title="Satisfaction survey", slug="survey").specific
        fields = list(SurveyField.objects.filter(page=english).order_by("sort_order"))
        for field in fields:
            if field.clean_name == "frecventa":
                field.label, field.choices = "How often?", "Monthly\nOnce a quarter\nTwice a year"
        english.form_fields = fields
        english.save_revision().publish()
        token = self.link.split("t=")[1]
        response = self.client.post(f"{english.url}?t={token}", good_answers(t=token, frecventa="Once a quarter"))
        self.assertContains(response, "Thank you: your answers are in.")
        stored = Response.objects.get()
        self.assertEqual(stored.answers["frecventa"], "O dată pe trimestru")
        self.assertEqual(stored.language, "en")


class PersonDataTests(SurveyTestCase):
    def test_a_named_answer_is_in_the_export_and_stays_only_as_counts_after_erasure(self):
        self.round.anonymous = False
        self.round.save()
        server = self.invite()
        link = self.link_of(server, "ana@example.ro")
        self.client.post(link, good_answers(t=link.split("t=")[1], sugestii="Sunt Ana, din FMI."))
        exported = collect_person_data(email=self.ana.email, person=self.ana)["surveys"]
        self.assertEqual(exported[0]["answers"]["sugestii"], "Sunt Ana, din FMI.")
        erase(self.ana)
        stored = Response.objects.get()
        self.assertIsNone(stored.invitee_id)
        self.assertIsNone(stored.submitted_at)
        self.assertEqual(stored.answers["sugestii"], "")
        self.assertEqual(stored.answers["legatura"], 4)
        self.assertFalse(Invitee.objects.filter(alumnus=self.ana).exists())
        self.assertEqual(Invitee.objects.filter(round=self.round, answered=True).count(), 1)

    def test_an_anonymous_answer_is_not_in_the_export(self):
        server = self.invite()
        link = self.link_of(server, "ana@example.ro")
        self.client.post(link, good_answers(t=link.split("t=")[1]))
        exported = collect_person_data(email=self.ana.email, person=self.ana)["surveys"]
        self.assertEqual(exported[0]["answered"], True)
        self.assertNotIn("legatura", str(exported))
