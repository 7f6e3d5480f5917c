"""Every admin listing of ours speaks the editor's language: in the Romanian admin no column header or cell is
left in English ("Full name", "True", "False", "Locale"...), and yes/no columns are ticks and crosses."""

import re
from html.parser import HTMLParser

from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from alumni.factories import AlumnusFactory, CommunityFactory
from alumni.models import Alumnus
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventType, Registration
from home.factories import FacultyPageFactory, site_home

# What an untranslated label or value of our listings would show.
ENGLISH = [
    "Full name",
    "True",
    "False",
    "None",
    "Locale",
    "Language",
    "Updated",
    "Name",
    "Short name",
    "Alumni coordinator",
    "Coordinator's e-mail",
    "Faculty",
    "Graduation year",
    "Status",
    "Listed in the directory",
    "Event",
    "Role",
    "Registered",
    "Checked in",
    "Confirmed",
    "Approved",
    "Alumnus",
    "Person",
    "Studies",
    "Work",
    "Decision",
    "Approve",
    "Reject",
    "Invite to confirm",
    "Erase",
    "Edit",
    "More options",
]
ENGLISH_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")


class TableText(HTMLParser):
    """The text of a page's tables, headers and cells, with the labels read to screen readers (title, aria-label)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.headers, self.cells = [], []
        self.current = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.depth += 1
        if self.depth and tag in ("th", "td"):
            self.current = (self.headers if tag == "th" else self.cells, [])
        if self.depth and self.current is not None:
            attributes = dict(attrs)
            self.current[1].extend(value for name in ("title", "aria-label") if (value := attributes.get(name)))

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.current is not None:
            target, parts = self.current
            target.append(" ".join(" ".join(parts).split()))
            self.current = None
        if tag == "table":
            self.depth -= 1

    def handle_data(self, data):
        if self.current is not None:
            self.current[1].append(data)


def table_text(html: str) -> TableText:
    parser = TableText()
    parser.feed(html)
    return parser


class RomanianAdminListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        faculty_page = FacultyPageFactory(parent=home, faculty__name="Facultatea de Litere", faculty__short_name="FL")
        cls.faculty = faculty_page.faculty
        cls.faculty.coordinator_name = "Irina Stan"
        cls.faculty.coordinator_email = "alumni@litere.example.ro"
        cls.faculty.save()
        AlumnusFactory(faculty=cls.faculty, first_name="Ștefan", last_name="Pop", consent_directory=True)
        AlumnusFactory(faculty=cls.faculty, first_name="Ioana", last_name="Marin", consent_directory=False)
        AlumnusFactory(
            faculty=cls.faculty,
            first_name="Radu",
            last_name="Ene",
            status=Alumnus.Status.PENDING,
            email_confirmed_at=timezone.now(),
        )
        CommunityFactory(name="Profesori")
        EventType.objects.create(name="Conferință")
        cls.event = EventPageFactory(parent=EventIndexPageFactory(parent=home), title="Seara absolvenților")
        for name, checked_in in (("Ana Pop", True), ("Dan Radu", False)):
            Registration.objects.create(
                event=cls.event,
                name=name,
                email=f"{name.split()[0].lower()}@example.ro",
                role=Registration.Role.ALUMNUS,
                faculty=cls.faculty,
                consent_text="Da.",
                checked_in_at=timezone.now() if checked_in else None,
            )
        cls.admin = User.objects.create_superuser("birou", "birou@example.ro", "parola-lunga-123")
        profile = UserProfile.get_for_user(cls.admin)
        profile.preferred_language = "ro"
        profile.save()

    def setUp(self):
        self.client.force_login(self.admin)

    def listing(self, url: str) -> TableText:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertContains(response, '<html lang="ro"')
        tables = table_text(response.content.decode())
        self.assertTrue(tables.headers or tables.cells, f"{url} shows no table")
        return tables

    def listings(self):
        return {
            "alumni": reverse("wagtailsnippets_alumni_alumnus:list"),
            "communities": reverse("wagtailsnippets_alumni_community:list"),
            "faculties": reverse("wagtailsnippets_home_faculty:list"),
            "event types": reverse("wagtailsnippets_events_eventtype:list"),
            "registrations": reverse("registrations:index"),
            "approval queue": reverse("alumni_approval:queue"),
            "check-in list": reverse("registrations:checkin", args=[self.event.pk]),
        }

    def test_no_header_or_cell_is_left_in_english(self):
        for name, url in self.listings().items():
            with self.subTest(listing=name):
                tables = self.listing(url)
                english = [
                    f"{text!r}: {', '.join(ENGLISH_PATTERN.findall(text))}"
                    for text in tables.headers + tables.cells
                    if ENGLISH_PATTERN.search(text)
                ]
                self.assertEqual(english, [])

    def test_the_romanian_headers(self):
        expected = {
            "alumni": ["Nume complet", "E-mail", "Facultate", "Anul absolvirii", "Stare", "Apare în director"],
            "faculties": ["Denumire", "Denumire scurtă", "Responsabil alumni", "Limbă"],
            "registrations": ["Nume", "Eveniment", "Calitate", "Stare", "Înscris", "Prezent"],
        }
        for name, headers in expected.items():
            with self.subTest(listing=name):
                shown = self.listing(self.listings()[name]).headers  # "Sortează după 'Stare' (...). Stare"
                for header in headers:
                    self.assertTrue(any(text.endswith(header) for text in shown), f"{header!r} not in {shown}")

    def test_yes_and_no_are_a_tick_and_a_cross(self):
        for name, url in (("alumni", self.listings()["alumni"]), ("registrations", self.listings()["registrations"])):
            with self.subTest(listing=name):
                html = re.search(r'<table class="listing.*?</table>', self.client.get(url).content.decode(), re.S)[0]
                self.assertIn("icon-check", html)
                self.assertIn("icon-cross", html)
                self.assertNotIn("icon-help", html)  # nobody's "checked in" is unknown: it is a no
                cells = table_text(html).cells
                self.assertIn("Da", cells)
                self.assertIn("Nu", cells)

    def test_the_name_column_sorts_by_the_romanian_order_of_names(self):
        response = self.client.get(self.listings()["alumni"], {"ordering": "-sort_key"})
        names = re.findall(r'id="snippet_\d+_title">([^<]+)<', response.content.decode())
        self.assertEqual(names, ["Ștefan Pop", "Ioana Marin", "Radu Ene"])

    def test_an_active_yes_no_filter_reads_da_or_nu(self):
        response = self.client.get(self.listings()["alumni"], {"consent_directory": "no"})
        chips = re.search(r'<ul class="w-active-filters">.*?</ul>', response.content.decode(), re.S)[0]
        self.assertRegex(chips, r"Apare în director:\s*</span>\s*<b[^>]*>Nu</b>")
        self.assertNotContains(response, "Ștefan Pop")
        self.assertContains(response, "Ioana Marin")
