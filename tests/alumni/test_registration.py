"""Joining the alumni community: the form, double opt-in, the faculty's approval queue and invitations."""

import datetime
import re
from unittest import mock

from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.test import TestCase
from wagtail.models import GroupPagePermission

from alumni import registration
from alumni.factories import AlumnusFactory, CommunityFactory
from alumni.models import Alumnus, AlumnusAccount, Consent, JoinPage, consent_text_version
from home.factories import site_home, translate, two_faculty_sections
from tests.routes import account_url, without_token

DIRECTORY_TEXT = "Sunt de acord să apar în anuarul absolvenților."
NEWSLETTER_TEXT = "Vreau să primesc buletinul informativ."
SURVEYS_TEXT = "Accept să primesc chestionare."


def make_join_page(parent=None, **fields) -> JoinPage:
    page = JoinPage(
        title="Alătură-te",
        slug="alatura-te",
        directory_consent_text=DIRECTORY_TEXT,
        newsletter_consent_text=NEWSLETTER_TEXT,
        surveys_consent_text=SURVEYS_TEXT,
        thank_you_text="Verifică-ți e-mailul.",
        **fields,
    )
    (parent or site_home()).add_child(instance=page)
    return page


def link_in(message, path_part: str) -> str:
    match = re.search(rf"http://testserver(\S*{re.escape(path_part)}\S*)", message.body)
    assert match, message.body
    return match.group(1)


class JoinTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        two_faculty_sections(cls)
        cls.community = CommunityFactory(name="Ingineri software")
        cls.page = make_join_page(site_home())
        cls.admin = User.objects.create_superuser("admin", "admin@example.ro", "parola-lunga-123")

    def form_data(self, **overrides):
        data = {
            "faculty": self.fmi.pk,
            "first_name": "Ana",
            "last_name": "Popescu",
            "email": "ana.popescu@example.ro",
            "phone": "+40 712 345 678",
            "study_cycle": "licenta",
            "programme": "Informatică",
            "graduation_year": "2015",
            "employer": "Compania SRL",
            "job_title": "Inginer",
            "sector": "it",
            "city": "Cluj-Napoca",
            "country": "România",
            "help_mentoring": "on",
            "communities": [self.community.pk],
            "consent_directory": "on",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    def join(self, **overrides):
        return self.client.post(self.page.url, self.form_data(**overrides))


class JoiningTests(JoinTestCase):
    def test_the_form_shows_three_unticked_consents_with_the_page_s_wording_and_no_cnp(self):
        response = self.client.get(self.page.url)
        self.assertEqual(response.status_code, 200)
        for name, text in (
            ("consent_directory", DIRECTORY_TEXT),
            ("consent_newsletter", NEWSLETTER_TEXT),
            ("consent_surveys", SURVEYS_TEXT),
        ):
            self.assertContains(response, text)
            self.assertContains(response, f'name="{name}"')
            self.assertNotContains(response, f'name="{name}" checked')
        self.assertNotIn("cnp", response.content.decode().lower())
        self.assertContains(response, f'value="{self.fmi.pk}"')

    def test_join_confirm_approve_and_sign_in(self):
        response = self.join()
        self.assertRedirects(response, f"{self.page.url}?sent=1#join", fetch_redirect_response=False)
        alumnus = Alumnus.objects.get(email="ana.popescu@example.ro")
        self.assertEqual(
            (alumnus.status, alumnus.source, alumnus.language, alumnus.faculty),
            (Alumnus.Status.UNCONFIRMED, Alumnus.Source.REGISTRATION, "ro", self.fmi),
        )
        self.assertTrue(alumnus.help_mentoring)
        self.assertEqual(list(alumnus.communities.all()), [self.community])
        self.assertFalse(alumnus.is_listed)
        self.assertEqual(self.client.get(f"{self.page.url}?sent=1").status_code, 200)

        self.assertEqual(len(mail.outbox), 1)
        confirm_url = link_in(mail.outbox[0], without_token("alumni_account:confirm"))
        self.assertEqual(mail.outbox[0].to, ["ana.popescu@example.ro"])
        response = self.client.get(confirm_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        alumnus.refresh_from_db()
        self.assertEqual(alumnus.status, Alumnus.Status.PENDING)
        self.assertIsNotNone(alumnus.email_confirmed_at)
        recipients = sorted(message.to[0] for message in mail.outbox[1:])
        self.assertEqual(recipients, sorted(["ana.popescu@example.ro", self.fmi.coordinator_email]))
        self.assertIn("/admin/alumni-approval/", mail.outbox[-1].body + mail.outbox[-2].body)
        # Following the link again is harmless.
        self.assertEqual(self.client.get(confirm_url).status_code, 200)
        self.assertEqual(len(mail.outbox), 3)

        self.client.force_login(self.admin)
        response = self.client.post(f"/admin/alumni-approval/{alumnus.pk}/approve/")
        self.assertRedirects(response, "/admin/alumni-approval/", fetch_redirect_response=False)
        alumnus.refresh_from_db()
        self.assertEqual((alumnus.status, alumnus.decided_by), (Alumnus.Status.APPROVED, self.admin))
        self.assertIsNotNone(alumnus.decided_at)
        self.assertTrue(alumnus.is_listed)
        welcome_url = link_in(mail.outbox[-1], without_token("alumni_account:welcome_link"))

        self.client.logout()
        self.assertEqual(self.client.get(welcome_url).status_code, 200)
        response = self.client.post(welcome_url)
        self.assertRedirects(response, account_url("password"), fetch_redirect_response=False)
        response = self.client.post(
            account_url("password"),
            {"new_password": "o-parola-destul-de-lunga-42", "new_password_again": "o-parola-destul-de-lunga-42"},
        )
        self.assertRedirects(response, account_url("profile"), fetch_redirect_response=False)
        self.assertEqual(self.client.get(account_url("profile")).status_code, 200)
        self.assertTrue(AlumnusAccount.objects.get(alumnus=alumnus).check_password("o-parola-destul-de-lunga-42"))

    def test_every_consent_is_logged_given_or_not_with_the_text_and_its_version(self):
        self.join(consent_newsletter=None, consent_surveys="on")
        alumnus = Alumnus.objects.get()
        logged = {consent.purpose: consent for consent in Consent.objects.filter(alumnus=alumnus)}
        self.assertEqual(set(logged), {"directory", "newsletter", "surveys"})
        self.assertEqual(
            {purpose: consent.given for purpose, consent in logged.items()},
            {"directory": True, "newsletter": False, "surveys": True},
        )
        self.assertEqual(logged["directory"].text, DIRECTORY_TEXT)
        self.assertEqual(logged["newsletter"].text, NEWSLETTER_TEXT)
        self.assertEqual(logged["directory"].text_version, consent_text_version(DIRECTORY_TEXT))
        self.assertEqual({consent.source for consent in logged.values()}, {Consent.Source.REGISTRATION})
        self.assertEqual(
            (alumnus.consent_directory, alumnus.consent_newsletter, alumnus.consent_surveys), (True, False, True)
        )

    def test_joining_in_english_records_the_language_and_the_english_wording(self):
        english = translate(self.page, directory_consent_text="I agree to be listed.")
        response = self.client.post(english.url, self.form_data())
        self.assertEqual(response.status_code, 302)
        alumnus = Alumnus.objects.get()
        self.assertEqual(alumnus.language, "en")
        self.assertEqual(alumnus.consents.get(purpose="directory").text, "I agree to be listed.")
        self.assertIn(without_token("alumni_account:confirm", language="en"), mail.outbox[0].body)

    def test_a_known_address_gets_the_same_answer_and_an_e_mail_to_its_owner(self):
        approved = AlumnusFactory(faculty=self.fmi, email="known@example.ro")
        unconfirmed = AlumnusFactory(faculty=self.fmi, email="new@example.ro", status=Alumnus.Status.UNCONFIRMED)
        fresh = self.join(email="fresh@example.ro")
        for person, path_part in (
            (approved, without_token("alumni_account:sign_in_link")),
            (unconfirmed, without_token("alumni_account:confirm")),
        ):
            with self.subTest(status=person.status):
                mail.outbox.clear()
                response = self.join(email=person.email.upper())
                self.assertEqual(response.status_code, fresh.status_code)
                self.assertEqual(response["Location"], fresh["Location"])
                self.assertEqual(len(mail.outbox), 1)
                self.assertEqual(mail.outbox[0].to, [person.email])
                link_in(mail.outbox[0], path_part)
        self.assertEqual(Alumnus.objects.count(), 3)
        approved.refresh_from_db()
        self.assertEqual(approved.first_name, AlumnusFactory._meta.model.objects.get(pk=approved.pk).first_name)
        self.assertEqual(approved.status, Alumnus.Status.APPROVED)

    def test_bad_input_re_renders_with_field_errors_and_status_400(self):
        response = self.join(first_name="", email="not-an-address", faculty="999999", graduation_year="1800")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'class="field-error" id="id_first_name_error"', status_code=400)
        self.assertContains(response, 'id="id_email_error"', status_code=400)
        self.assertContains(response, 'id="id_faculty_error"', status_code=400)
        self.assertContains(response, 'id="id_graduation_year_error"', status_code=400)
        self.assertContains(response, 'value="Popescu"', status_code=400)
        self.assertFalse(Alumnus.objects.exists())
        self.assertEqual(len(mail.outbox), 0)

    def test_a_bad_or_expired_confirmation_link_answers_400(self):
        self.join()
        confirm_url = link_in(mail.outbox[0], without_token("alumni_account:confirm"))
        self.assertEqual(self.client.get(confirm_url[:-3] + "xx/").status_code, 400)
        with mock.patch.object(registration, "CONFIRM_MAX_AGE", datetime.timedelta(seconds=-1)):
            self.assertEqual(self.client.get(confirm_url).status_code, 400)
        self.assertEqual(Alumnus.objects.get().status, Alumnus.Status.UNCONFIRMED)


class ApprovalQueueTests(JoinTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ours = AlumnusFactory(faculty=cls.fmi, status=Alumnus.Status.PENDING, first_name="Ștefan")
        cls.theirs = AlumnusFactory(faculty=cls.litere, status=Alumnus.Status.PENDING, first_name="Ioana")
        cls.approved = AlumnusFactory(faculty=cls.fmi)
        group = Group.objects.create(name="Editori FMI")
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            *Permission.objects.filter(content_type__app_label="alumni", codename__endswith="_alumnus"),
        )
        GroupPagePermission.objects.create(group=group, page=cls.fmi_page, permission_type="change")
        cls.editor = User.objects.create_user("editor.fmi", "editor@example.ro", "parola-lunga-123")
        cls.editor.groups.add(group)
        reader_group = Group.objects.create(name="Cititori")
        reader_group.permissions.add(Permission.objects.get(codename="access_admin"))
        cls.reader = User.objects.create_user("cititor", "cititor@example.ro", "parola-lunga-123")
        cls.reader.groups.add(reader_group)

    def test_the_queue_lists_only_the_pending_people_of_the_editor_s_faculties(self):
        self.client.force_login(self.editor)
        response = self.client.get("/admin/alumni-approval/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.ours.email)
        self.assertNotContains(response, self.theirs.email)
        self.assertNotContains(response, self.approved.email)
        self.client.force_login(self.admin)
        self.assertContains(self.client.get("/admin/alumni-approval/"), self.theirs.email)

    def test_the_queue_is_in_the_alumni_menu(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get("/admin/"), "/admin/alumni-approval/")

    def test_an_editor_cannot_decide_for_another_faculty(self):
        self.client.force_login(self.editor)
        response = self.client.post(f"/admin/alumni-approval/{self.theirs.pk}/approve/")
        self.assertEqual(response.status_code, 404)
        self.theirs.refresh_from_db()
        self.assertEqual(self.theirs.status, Alumnus.Status.PENDING)
        self.assertEqual(self.client.post(f"/admin/alumni-approval/{self.approved.pk}/reject/").status_code, 404)
        self.assertEqual(self.client.post(f"/admin/alumni-approval/{self.ours.pk}/maybe/").status_code, 404)

    def test_without_the_change_permission_the_queue_is_forbidden(self):
        self.client.force_login(self.reader)
        # Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard and a message.
        response = self.client.get("/admin/alumni-approval/")
        self.assertIn(response.status_code, (302, 403))
        self.assertNotContains(response, self.ours.email, status_code=response.status_code)
        response = self.client.post(f"/admin/alumni-approval/{self.ours.pk}/approve/")
        self.assertIn(response.status_code, (302, 403))
        self.ours.refresh_from_db()
        self.assertEqual(self.ours.status, Alumnus.Status.PENDING)

    def test_rejecting_records_the_decision_and_e_mails_the_reason(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            f"/admin/alumni-approval/{self.ours.pk}/reject/", {"reason": "Nu apare în registrul de absolvenți."}
        )
        self.assertEqual(response.status_code, 302)
        self.ours.refresh_from_db()
        self.assertEqual((self.ours.status, self.ours.decided_by), (Alumnus.Status.REJECTED, self.editor))
        self.assertEqual(self.ours.rejection_reason, "Nu apare în registrul de absolvenți.")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, [self.ours.email])
        self.assertIn("Nu apare în registrul de absolvenți.", mail.outbox[0].body)
        self.assertFalse(AlumnusAccount.objects.filter(alumnus=self.ours).exists())


class InvitationTests(JoinTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.imported = AlumnusFactory(
            faculty=cls.fmi, source=Alumnus.Source.IMPORT, consent_directory=False, email_confirmed_at=None
        )

    def test_the_listing_offers_an_invitation_that_e_mails_a_link(self):
        self.client.force_login(self.admin)
        invite_url = f"/admin/alumni-approval/invite/{self.imported.pk}/"
        self.assertContains(self.client.get("/admin/snippets/alumni/alumnus/"), invite_url)
        self.assertEqual(self.client.get(invite_url).status_code, 200)
        self.assertEqual(self.client.post(invite_url).status_code, 302)
        self.assertEqual(mail.outbox[0].to, [self.imported.email])
        link_in(mail.outbox[0], without_token("alumni_account:invitation"))

    def test_accepting_records_the_consents_from_the_profile_and_creates_the_account(self):
        registration.invite(self.imported)
        url = link_in(mail.outbox[0], without_token("alumni_account:invitation"))
        response = self.client.get(url)
        self.assertContains(response, DIRECTORY_TEXT)
        self.assertContains(response, f'value="{self.imported.last_name}"')
        data = self.form_data(first_name="Andreea", consent_directory="on", consent_surveys=None)
        response = self.client.post(url, data)
        self.assertRedirects(response, account_url("password"), fetch_redirect_response=False)
        self.imported.refresh_from_db()
        self.assertEqual(self.imported.first_name, "Andreea")
        self.assertTrue(self.imported.is_listed)
        self.assertTrue(AlumnusAccount.objects.filter(alumnus=self.imported).exists())
        consents = {c.purpose: c for c in self.imported.consents.all()}
        self.assertEqual({c.source for c in consents.values()}, {Consent.Source.PROFILE})
        self.assertEqual(consents["directory"].text, DIRECTORY_TEXT)
        self.assertFalse(consents["surveys"].given)
        self.assertEqual(self.client.get(account_url("profile")).status_code, 200)
        # The link is spent once the account exists.
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 400)
