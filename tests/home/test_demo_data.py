"""The demo data command: a bilingual university in one command, safe to run again."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase
from wagtail.images import get_image_model
from wagtail.models import Page

from alumni.models import Alumnus, Community, Consent, DirectoryPage, JoinPage
from events.models import EventPage, Registration
from home.extensions import demo_loaders
from home.models import ArticlePage, Faculty, FacultyPage, HomePage, SiteSettings
from tests.clock import LEAP_DAY, frozen


@frozen(LEAP_DAY)  # the demo's dates count from today: build it on an explicit one
class LoadDemoDataTests(TestCase):
    def load(self):
        out = StringIO()
        call_command("load_demo_data", faculties=2, alumni=300, no_index=True, admin_password="demo-pass", stdout=out)
        return out.getvalue()

    def counts(self):
        return {
            "pages": Page.objects.count(),
            "faculties": Faculty.objects.count(),
            "articles": ArticlePage.objects.count(),
            "events": EventPage.objects.count(),
            "users": get_user_model().objects.count(),
            "alumni": Alumnus.objects.count(),
            "consents": Consent.objects.count(),
            "communities": Community.objects.count(),
            "registrations": Registration.objects.count(),
            "images": get_image_model().objects.count(),
        }

    def test_builds_faculties_pages_and_translations_in_both_languages(self):
        output = self.load()
        self.assertIn("user: admin  password: demo-pass", output)
        self.assertEqual(FacultyPage.objects.filter(locale__language_code="ro").count(), 2)
        self.assertEqual(FacultyPage.objects.filter(locale__language_code="en").count(), 2)
        self.assertEqual(Faculty.objects.filter(locale__language_code="en").count(), 2)
        for language in ("ro", "en"):
            self.assertGreater(ArticlePage.objects.live().filter(locale__language_code=language).count(), 4)
            self.assertGreater(EventPage.objects.live().filter(locale__language_code=language).count(), 4)
        fmi = FacultyPage.objects.get(locale__language_code="ro", faculty__short_name="FMI")
        self.assertTrue(fmi.faculty.coordinator_name)
        self.assertTrue(fmi.hero_image.file.name.endswith(".jpg"))
        self.assertTrue(SiteSettings.objects.get().navigation)

    def test_pages_render_in_both_languages(self):
        self.load()
        from newsletters.models import NewsletterPage

        for page in Page.objects.live().filter(depth__gt=1).specific():
            with self.subTest(page=page.url_path):
                # A newsletter not sent yet is the office's draft: the public gets it once it goes out.
                unsent = isinstance(page, NewsletterPage) and not page.is_sent()
                self.assertEqual(self.client.get(page.url).status_code, 404 if unsent else 200)

    def test_running_again_changes_nothing(self):
        self.load()
        first = self.counts()
        self.load()
        self.assertEqual(self.counts(), first)

    def test_admin_and_faculty_editor_can_sign_in(self):
        self.load()
        response = self.client.post("/admin/login/", {"username": "admin", "password": "demo-pass"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        editor = get_user_model().objects.get(username="editor.fmi")
        fmi = FacultyPage.objects.get(locale__language_code="ro", faculty__short_name="FMI")
        other = FacultyPage.objects.filter(locale__language_code="ro").exclude(pk=fmi.pk).first()
        self.assertTrue(fmi.permissions_for_user(editor).can_publish())
        self.assertFalse(other.permissions_for_user(editor).can_edit())
        # Each app gives the faculty editors what its admin needs (scoped to their faculty): alumni its people,
        # events the registrations of their events.
        for permission in (
            "alumni.add_alumnus",
            "alumni.change_alumnus",
            "alumni.view_alumnus",
            "alumni.view_community",
            "events.view_registration",
            "events.change_registration",
        ):
            self.assertTrue(editor.has_perm(permission), permission)
        self.assertFalse(editor.has_perm("alumni.delete_alumnus"))
        self.assertFalse(editor.has_perm("events.delete_registration"))

    def test_navigation_in_a_stable_order_and_footer_links(self):
        self.load()
        self.load()
        settings = SiteSettings.objects.get()
        slugs = [block.value["page"].slug for block in settings.navigation]
        expected = [
            "stiri",
            "calendar",
            "director",
            "inscriere",
            "newsletter",
            "gala",
            "protocoale",
            "strategia-alumni",
            "contact",
        ]
        self.assertEqual(slugs[1:], expected)
        self.assertIsInstance(settings.navigation[0].value["page"].specific, HomePage)
        self.assertEqual([block.value["page"].slug for block in settings.footer_links], ["strategia-alumni", "contact"])

    def test_builds_alumni_with_a_spread_of_years_work_and_consents(self):
        output = self.load()
        self.assertEqual(Alumnus.objects.count(), 300)
        listed = Alumnus.objects.listed()
        self.assertGreater(listed.count(), 60)
        self.assertLess(listed.count(), 300)
        for field in ("faculty", "graduation_year", "sector", "country", "status", "source"):
            with self.subTest(field=field):
                self.assertGreater(Alumnus.objects.values(field).distinct().count(), 1)
        self.assertTrue(Alumnus.objects.willing_to_help().exists())
        self.assertTrue(Consent.objects.filter(given=True, purpose="directory").exists())
        self.assertFalse(Alumnus.objects.filter(source="import", consent_directory=True).exists())
        self.assertEqual(Community.objects.filter(locale__language_code="en").count(), Community.objects.count() / 2)
        # A directory for the whole university and one per faculty, a join page, in both languages.
        self.assertEqual(DirectoryPage.objects.live().count(), 2 * 3)
        self.assertEqual(JoinPage.objects.live().count(), 2)
        self.assertIn("Alumni sign-in (public site):", output)
        # The newsletter archive: three issues sent to the subscribers of their day, one ready to send.
        from newsletters.models import Delivery, Mailing, NewsletterPage

        self.assertEqual(Mailing.objects.filter(kind="newsletter", status="sent").count(), 3)
        invitation = Mailing.objects.get(kind="invitation")
        self.assertTrue(invitation.deliveries.exists())
        subscribers = Alumnus.objects.filter(status="approved", consent_newsletter=True).count()
        self.assertEqual(Delivery.objects.filter(mailing__kind="newsletter").count(), 3 * subscribers)
        self.assertEqual(NewsletterPage.objects.live().filter(locale__language_code="ro").count(), 4)
        # The satisfaction survey: a closed round whose answers fill the report, and the next round planned.
        from surveys.models import SurveyPage, SurveyRound
        from surveys.statistics import round_report

        self.assertEqual(SurveyPage.objects.live().count(), 2)
        closed = SurveyRound.objects.get(previous__isnull=True)
        self.assertTrue(closed.has_closed())
        figures = round_report(closed)
        self.assertGreater(figures.answered, 10)
        self.assertEqual(figures.answered, closed.responses.count())
        self.assertFalse(closed.responses.filter(invitee__isnull=False).exists())  # anonymous
        self.assertFalse(SurveyRound.objects.get(previous=closed).has_closed())
        self.assertIn("Demo survey ready:", output)
        # The gala: three editions in both languages, winners in the two past ones, the coming one open.
        from gala.models import GalaCost, GalaEditionPage, Nomination

        editions = GalaEditionPage.objects.live().filter(locale__language_code="ro").order_by("starts_at")
        self.assertEqual(editions.count(), 3)
        self.assertEqual(GalaEditionPage.objects.live().filter(locale__language_code="en").count(), 3)
        self.assertEqual([Nomination.objects.winners().filter(edition=e).count() for e in editions], [3, 3, 0])
        self.assertTrue(editions.last().nominations_are_open())
        self.assertIsNotNone(editions.last().event)
        self.assertTrue(GalaCost.objects.filter(edition=editions.first()).exists())
        # The office: last year's syntheses archived through the approval, this year's on their way; one gala
        # report archived and one waiting; three yearly snapshots.
        from gala.models import GalaEvaluation
        from office.models import DatabaseSnapshot, Synthesis

        archived = Synthesis.objects.filter(live=True)
        self.assertEqual(archived.count(), 2 * Synthesis.objects.values("faculty").distinct().count())
        self.assertTrue(all(item.data["totals"] for item in archived[:3]))
        self.assertTrue(Synthesis.objects.filter(live=False).exists())
        self.assertEqual(GalaEvaluation.objects.filter(live=True).count(), 1)
        self.assertEqual(GalaEvaluation.objects.filter(live=False).count(), 1)
        self.assertEqual(DatabaseSnapshot.objects.count(), 3)

    def test_rejects_an_impossible_faculty_count(self):
        with self.assertRaises(CommandError):
            call_command("load_demo_data", faculties=0, no_index=True, stdout=StringIO())


class DemoLoadersTests(SimpleTestCase):
    def test_each_app_loads_its_own_demo_data_in_layer_order(self):
        self.assertEqual(
            [label for label, _load in demo_loaders()],
            ["home", "alumni", "events", "newsletters", "surveys", "gala", "protocols", "office"],
        )
