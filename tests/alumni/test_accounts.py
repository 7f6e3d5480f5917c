"""Alumni accounts: sign-in links and passwords, the profile, visibility, photo, export, consents and erasure."""

import csv
import datetime
import io
import json
import re
from unittest import mock

from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image as PILImage
from wagtail.contrib.forms.models import FormSubmission
from wagtail.images import get_image_model
from wagtail.models import Revision
from wagtail.search.backends import get_search_backend

from alumni import photos, registration
from alumni.factories import AlumnusFactory, CommunityFactory
from alumni.models import Alumnus, AlumnusAccount, Consent
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import Registration
from home.factories import FacultyFactory, StandardPageFactory, site_home
from tests.alumni.test_registration import DIRECTORY_TEXT, make_join_page
from tests.routes import account_url, without_token

PASSWORD = "o-parola-destul-de-lunga-42"


def png_bytes(size=(40, 40)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (31, 78, 140)).save(buffer, format="PNG")
    return buffer.getvalue()


def indexed_ids(query: str) -> list[int]:
    return [person.pk for person in get_search_backend().search(query, Alumnus.objects.all())]


class AccountTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.faculty = FacultyFactory(name="Facultatea de Litere")
        cls.community = CommunityFactory(name="Profesori")
        cls.alumnus = AlumnusFactory(
            faculty=cls.faculty, first_name="Mădălina", last_name="Vâlcu", email="madalina.valcu@example.ro"
        )
        cls.alumnus.communities.add(cls.community)
        cls.account = AlumnusAccount.objects.create(alumnus=cls.alumnus)
        cls.account.set_password(PASSWORD)
        cls.account.save()

    def sign_in(self):
        response = self.client.post(
            account_url("sign_in"), {"password-email": self.alumnus.email, "password-password": PASSWORD}
        )
        self.assertEqual(response.status_code, 302)

    def sign_in_link(self) -> str:
        mail.outbox.clear()
        self.client.post(account_url("sign_in"), {"link-email": self.alumnus.email})
        match = re.search(
            rf"http://testserver({re.escape(without_token('alumni_account:sign_in_link'))}\S+/)", mail.outbox[-1].body
        )
        return match.group(1)


class SignInTests(AccountTestCase):
    def test_a_sign_in_link_works_once(self):
        url = self.sign_in_link()
        self.assertEqual(mail.outbox[0].to, [self.alumnus.email])
        self.assertEqual(self.client.get(url).status_code, 200)  # opening shows a button; a scanner spends nothing
        self.assertRedirects(self.client.post(url), account_url("profile"), fetch_redirect_response=False)
        self.assertEqual(self.client.get(account_url("profile")).status_code, 200)
        self.client.post(account_url("sign_out"))
        self.assertEqual(self.client.post(url).status_code, 400)
        self.assertEqual(self.client.get(account_url("profile")).status_code, 302)

    def test_a_sign_in_link_expires(self):
        url = self.sign_in_link()
        with mock.patch.object(registration, "SIGN_IN_MAX_AGE", datetime.timedelta(seconds=-1)):
            self.assertEqual(self.client.post(url).status_code, 400)
        self.assertEqual(self.client.get(account_url("profile")).status_code, 302)

    def test_asking_for_a_link_answers_the_same_for_unknown_and_unapproved_addresses(self):
        pending = AlumnusFactory(status=Alumnus.Status.PENDING)
        known = self.client.post(account_url("sign_in"), {"link-email": self.alumnus.email})
        for email in ("nobody@example.ro", pending.email):
            with self.subTest(email=email):
                response = self.client.post(account_url("sign_in"), {"link-email": email})
                self.assertEqual((response.status_code, response["Location"]), (known.status_code, known["Location"]))
        self.assertEqual([message.to for message in mail.outbox], [[self.alumnus.email]])

    def test_password_sign_in(self):
        response = self.client.post(
            account_url("sign_in"), {"password-email": "MADALINA.valcu@example.ro", "password-password": PASSWORD}
        )
        self.assertRedirects(response, account_url("profile"), fetch_redirect_response=False)
        self.client.post(account_url("sign_out"))
        response = self.client.post(
            account_url("sign_in"), {"password-email": self.alumnus.email, "password-password": "greșită"}
        )
        self.assertEqual(response.status_code, 400)
        Alumnus.objects.filter(pk=self.alumnus.pk).update(status=Alumnus.Status.REJECTED)
        response = self.client.post(
            account_url("sign_in"), {"password-email": self.alumnus.email, "password-password": PASSWORD}
        )
        self.assertEqual(response.status_code, 400)

    def test_sign_out_needs_a_post(self):
        self.sign_in()
        self.assertEqual(self.client.get(account_url("sign_out")).status_code, 405)
        self.assertEqual(self.client.get(account_url("profile")).status_code, 200)

    def test_an_admin_session_is_not_an_alumni_session_and_an_alumnus_never_reaches_the_admin(self):
        admin = User.objects.create_superuser("admin", self.alumnus.email, "parola-lunga-123")
        self.client.force_login(admin)
        self.assertRedirects(
            self.client.get(account_url("profile")),
            f"{account_url('sign_in')}?next={account_url('profile')}",
            fetch_redirect_response=False,
        )
        self.client.logout()
        self.sign_in()
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_account_pages_are_private_and_never_stored(self):
        self.sign_in()
        for url in (account_url("sign_in"), account_url("profile"), account_url("password"), account_url("erase")):
            with self.subTest(url=url):
                cache_control = self.client.get(url)["Cache-Control"]
                self.assertIn("private", cache_control)
                self.assertIn("no-store", cache_control)

    def test_the_header_link_follows_the_signed_in_state_without_leaking_through_the_cache(self):
        home_url = site_home().url
        self.assertContains(self.client.get(home_url), f'class="account-link" href="{account_url("sign_in")}"')
        self.sign_in()
        self.assertContains(self.client.get(home_url), f'class="account-link" href="{account_url("profile")}"')
        self.client.post(account_url("sign_out"))
        self.assertContains(self.client.get(home_url), f'class="account-link" href="{account_url("sign_in")}"')

    def test_changing_the_password_asks_for_the_current_one_and_applies_the_validators(self):
        self.sign_in()
        response = self.client.post(
            account_url("password"),
            {"current_password": "greșită", "new_password": "123", "new_password_again": "123"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'id="id_current_password_error"', status_code=400)
        self.assertContains(response, 'id="id_new_password_error"', status_code=400)
        response = self.client.post(
            account_url("password"),
            {
                "current_password": PASSWORD,
                "new_password": "alta-parola-lunga-77",
                "new_password_again": "alta-parola-lunga-77",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.account.refresh_from_db()
        self.assertTrue(self.account.check_password("alta-parola-lunga-77"))
        self.assertEqual(self.client.get(account_url("profile")).status_code, 200)


class ProfileTests(AccountTestCase):
    def setUp(self):
        self.sign_in()

    def profile_data(self, **overrides):
        data = {
            "first_name": "Mădălina",
            "last_name": "Vâlcu-Pop",
            "phone": "+40 700 000 000",
            "study_cycle": "master",
            "programme": "Literatură comparată",
            "graduation_year": "2012",
            "employer": "Liceul Teoretic",
            "job_title": "Profesoară",
            "sector": "education",
            "city": "Alba Iulia",
            "country": "România",
            "help_guest_lectures": "on",
            "communities": [self.community.pk],
            "bio": "Predau limba română.",
            "linkedin_url": "https://www.linkedin.com/in/exemplu",
        }
        data.update(overrides)
        return data

    def test_editing_the_profile(self):
        response = self.client.post(account_url("profile"), self.profile_data())
        self.assertRedirects(response, account_url("profile"), fetch_redirect_response=False)
        self.alumnus.refresh_from_db()
        self.assertEqual(
            (self.alumnus.last_name, self.alumnus.job_title, self.alumnus.graduation_year, self.alumnus.study_cycle),
            ("Vâlcu-Pop", "Profesoară", 2012, "master"),
        )
        self.assertTrue(self.alumnus.help_guest_lectures)
        self.assertFalse(self.alumnus.help_mentoring)
        self.assertEqual(self.alumnus.email, "madalina.valcu@example.ro")  # not editable here
        self.assertEqual(self.alumnus.faculty, self.faculty)

    def test_bad_profile_input_answers_400(self):
        response = self.client.post(account_url("profile"), self.profile_data(graduation_year="abc", first_name=""))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'id="id_graduation_year_error"', status_code=400)

    def test_visibility_choices(self):
        response = self.client.post(
            account_url("visibility"),
            {
                **dict.fromkeys(("study_cycle", "programme", "graduation_year", "sector", "country"), "alumni"),
                **dict.fromkeys(
                    (
                        "email",
                        "phone",
                        "employer",
                        "job_title",
                        "city",
                        "help_offers",
                        "communities",
                        "bio",
                        "linkedin_url",
                        "photo",
                    ),
                    "office",
                ),
            },
        )
        self.assertEqual(response.status_code, 302)
        self.alumnus.refresh_from_db()
        self.assertEqual(self.alumnus.visibility_of("programme"), "alumni")
        self.assertEqual(self.alumnus.visibility_of("employer"), "office")
        self.alumnus.full_clean()

    def test_an_e_mail_address_or_phone_cannot_be_made_public(self):
        data = dict.fromkeys(
            (
                "study_cycle",
                "programme",
                "graduation_year",
                "employer",
                "job_title",
                "sector",
                "city",
                "country",
                "help_offers",
                "communities",
                "bio",
                "linkedin_url",
                "photo",
            ),
            "public",
        )
        response = self.client.post(account_url("visibility"), {**data, "email": "public", "phone": "alumni"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'id="id_email_error"', status_code=400)
        self.alumnus.refresh_from_db()
        self.assertEqual(self.alumnus.visibility, {})

    def test_uploading_a_photo_stores_it_in_the_alumni_collection_and_replaces_the_old_one(self):
        upload = SimpleUploadedFile("eu.png", png_bytes(), content_type="image/png")
        response = self.client.post(account_url("profile"), {**self.profile_data(), "photo_upload": upload})
        self.assertEqual(response.status_code, 302)
        self.alumnus.refresh_from_db()
        first = self.alumnus.photo
        self.assertEqual(first.collection.name, "Alumni")
        self.assertNotIn("Vâlcu", first.title)
        upload = SimpleUploadedFile("nou.png", png_bytes((60, 60)), content_type="image/png")
        self.client.post(account_url("profile"), {**self.profile_data(), "photo_upload": upload})
        self.alumnus.refresh_from_db()
        self.assertNotEqual(self.alumnus.photo_id, first.pk)
        self.assertFalse(get_image_model().objects.filter(pk=first.pk).exists())
        self.client.post(account_url("profile"), {**self.profile_data(), "remove_photo": "on"})
        self.alumnus.refresh_from_db()
        self.assertIsNone(self.alumnus.photo_id)
        self.assertEqual(get_image_model().objects.count(), 0)

    def test_a_photo_of_the_wrong_type_or_size_is_refused(self):
        fake = SimpleUploadedFile("eu.png", b"%PDF-1.4 not an image", content_type="image/png")
        response = self.client.post(account_url("profile"), {**self.profile_data(), "photo_upload": fake})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'id="id_photo_upload_error"', status_code=400)
        gif = io.BytesIO()
        PILImage.new("RGB", (10, 10)).save(gif, format="GIF")
        response = self.client.post(
            account_url("profile"),
            {**self.profile_data(), "photo_upload": SimpleUploadedFile("eu.gif", gif.getvalue())},
        )
        self.assertEqual(response.status_code, 400)
        with mock.patch("alumni.forms.person.PHOTO_MAX_BYTES", 100):
            upload = SimpleUploadedFile("eu.png", png_bytes(), content_type="image/png")
            response = self.client.post(account_url("profile"), {**self.profile_data(), "photo_upload": upload})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(get_image_model().objects.count(), 0)


class ExportTests(AccountTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Consent.objects.create(
            alumnus=cls.alumnus, purpose="directory", given=True, text=DIRECTORY_TEXT, source="registration"
        )
        calendar = EventIndexPageFactory(parent=site_home())
        cls.event = EventPageFactory(parent=calendar, title="Întâlnirea promoției")
        Registration.objects.create(
            event=cls.event, name="Mădălina Vâlcu", email=cls.alumnus.email, role="alumnus", consent_text="Da."
        )
        Registration.objects.create(
            event=cls.event, name="Altcineva", email="altcineva@example.ro", role="guest", consent_text="Da."
        )

    def setUp(self):
        self.sign_in()

    def test_the_json_export_holds_everything_about_the_person(self):
        response = self.client.get(account_url("export_json"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertIn("no-store", response["Cache-Control"])
        data = json.loads(response.content)
        person = data["person"]
        for field in (
            "first_name",
            "last_name",
            "email",
            "phone",
            "programme",
            "employer",
            "job_title",
            "city",
            "country",
            "graduation_year",
            "visibility",
            "status",
            "language",
            "consent_directory",
        ):
            self.assertEqual(person[field], getattr(self.alumnus, field), field)
        self.assertEqual(person["faculty"], "Facultatea de Litere")
        self.assertEqual(data["communities"][0]["name"], "Profesori")
        self.assertEqual(data["consents"][0]["text"], DIRECTORY_TEXT)
        self.assertEqual(len(data["consents"][0]["text_version"]), 12)
        self.assertIsNotNone(data["account"]["created_at"])
        self.assertTrue(data["account"]["has_password"])
        self.assertEqual([r["event"] for r in data["event_registrations"]], ["Întâlnirea promoției"])
        self.assertEqual(data["event_registrations"][0]["email"], self.alumnus.email)
        self.assertNotIn("altcineva", response.content.decode())

    def test_the_csv_export_holds_the_same_data(self):
        response = self.client.get(account_url("export_csv"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/csv"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0], ["section", "item", "field", "value"])
        values = {(section, field): value for section, _item, field, value in rows[1:]}
        self.assertEqual(values[("person", "last_name")], "Vâlcu")
        self.assertEqual(values[("person", "email")], self.alumnus.email)
        self.assertEqual(values[("consents", "text")], DIRECTORY_TEXT)
        self.assertEqual(values[("communities", "name")], "Profesori")
        self.assertEqual(values[("event_registrations", "event")], "Întâlnirea promoției")
        self.assertIn(("account", "created_at"), values)

    def test_export_needs_a_signed_in_alumnus(self):
        self.client.post(account_url("sign_out"))
        self.assertEqual(self.client.get(account_url("export_json")).status_code, 302)


class ConsentAndErasureTests(AccountTestCase):
    def setUp(self):
        self.sign_in()

    def test_withdrawing_the_directory_consent_removes_the_person_from_the_directory_and_the_index(self):
        self.assertIn(self.alumnus.pk, indexed_ids("Vâlcu"))
        response = self.client.post(account_url("consents"), {"purpose": "directory", "action": "withdraw"})
        self.assertRedirects(response, account_url("profile") + "#consents", fetch_redirect_response=False)
        self.assertFalse(Alumnus.objects.listed().filter(pk=self.alumnus.pk).exists())
        self.assertNotIn(self.alumnus.pk, indexed_ids("Vâlcu"))
        latest = self.alumnus.consents.get(purpose="directory")
        self.assertEqual((latest.given, latest.source), (False, Consent.Source.PROFILE))

    def test_giving_a_consent_again_records_the_registration_page_s_wording(self):
        make_join_page()
        self.client.post(account_url("consents"), {"purpose": "newsletter", "action": "give"})
        self.alumnus.refresh_from_db()
        self.assertTrue(self.alumnus.consent_newsletter)
        consent = self.alumnus.consents.get(purpose="newsletter")
        self.assertEqual((consent.given, consent.text), (True, "Vreau să primesc buletinul informativ."))

    def test_a_bad_consent_request_answers_400(self):
        response = self.client.post(account_url("consents"), {"purpose": "cnp", "action": "withdraw"})
        self.assertEqual(response.status_code, 400)

    def test_erasure_removes_every_trace_and_keeps_one_anonymous_row(self):
        home = site_home()
        email, names = self.alumnus.email, ("Mădălina", "Vâlcu")
        FormSubmission.objects.create(page=home, form_data={"nume": "Mădălina Vâlcu", "email": email})
        page = StandardPageFactory(parent=home, title="Absolvenți de seamă")
        page.introduction = "Interviu cu Mădălina Vâlcu, profesoară."
        page.save_revision()
        calendar = EventIndexPageFactory(parent=home)
        event = EventPageFactory(parent=calendar)
        Registration.objects.create(event=event, name="Mădălina Vâlcu", email=email, role="alumnus", consent_text="Da.")
        upload = SimpleUploadedFile("eu.png", png_bytes(), content_type="image/png")
        self.client.post(
            account_url("profile"), {"first_name": "Mădălina", "last_name": "Vâlcu", "photo_upload": upload}
        )
        self.assertIsNotNone(Alumnus.objects.get(pk=self.alumnus.pk).photo_id)

        self.assertEqual(self.client.post(account_url("erase"), {}).status_code, 400)
        response = self.client.post(account_url("erase"), {"confirm": "on"})
        self.assertRedirects(response, account_url("erased"), fetch_redirect_response=False)

        self.assertFalse(Alumnus.objects.filter(email=email).exists())
        for name in names:
            self.assertFalse(Alumnus.objects.filter(first_name__icontains=name).exists())
            self.assertFalse(Alumnus.objects.filter(last_name__icontains=name).exists())
            self.assertEqual(indexed_ids(name), [])
        remaining = Alumnus.objects.get(pk=self.alumnus.pk)
        self.assertEqual((remaining.status, remaining.faculty_id), (Alumnus.Status.ERASED, self.faculty.pk))
        self.assertIsNone(remaining.photo_id)
        self.assertEqual(get_image_model().objects.count(), 0)
        self.assertFalse(AlumnusAccount.objects.filter(alumnus_id=self.alumnus.pk).exists())
        self.assertFalse(Consent.objects.filter(alumnus_id=self.alumnus.pk).exists())
        self.assertFalse(FormSubmission.objects.filter(form_data__icontains=email).exists())
        self.assertFalse(Registration.objects.filter(email=email).exists())
        for revision in Revision.objects.all():
            self.assertNotIn("Vâlcu", json.dumps(revision.content, ensure_ascii=False))
        self.assertEqual(self.client.get(account_url("profile")).status_code, 302)
        self.assertEqual(self.client.get(account_url("erased")).status_code, 200)

    def test_the_photo_collection_helper_reuses_one_collection(self):
        self.assertEqual(photos.photo_collection().pk, photos.photo_collection().pk)
