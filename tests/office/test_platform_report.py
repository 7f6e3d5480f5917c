"""The platform's report for a period: members, consents, newsletters and reach, invitations and turnout,
outside subscribers; the office reads it, exports it, and the cost does not grow with the data."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alumni.factories import AlumnusFactory
from alumni.models import Alumnus, Consent
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import Registration
from home.factories import FacultyFactory, site_home
from newsletters.factories import NewsletterIndexPageFactory, NewsletterPageFactory
from newsletters.models import Delivery, Mailing, Subscriber
from office.forms import default_period
from office.platform_report import platform_report
from tests.clock import BUCHAREST

INSIDE = datetime.datetime(2027, 3, 10, 12, 0, tzinfo=BUCHAREST)
BEFORE = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=BUCHAREST)
START, END = datetime.date(2027, 1, 1), datetime.date(2027, 3, 31)


def mailing(kind, page, recipients, *, sent=None, failed=0, at=INSIDE):
    created = Mailing.objects.create(
        kind=kind, page=page, translation_key=page.translation_key, subject=page.title, status="sent", started_at=at
    )
    sent = len(recipients) - failed if sent is None else sent
    Delivery.objects.bulk_create(
        Delivery(mailing=created, email=email, status="sent" if i < sent else "failed")
        for i, email in enumerate(recipients)
    )
    return created


class PlatformReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        fmi = FacultyFactory(short_name="FMI")
        fd = FacultyFactory(short_name="FD")
        people = [AlumnusFactory(faculty=fmi if i < 3 else fd, email=f"p{i}@example.ro") for i in range(4)]
        Alumnus.objects.filter(pk__in=[p.pk for p in people[:3]]).update(decided_at=INSIDE, created_at=INSIDE)
        Alumnus.objects.filter(pk=people[3].pk).update(decided_at=BEFORE, created_at=BEFORE)
        for person, purpose, given, at in [
            (people[0], "newsletter", True, INSIDE),
            (people[1], "newsletter", False, INSIDE),
            (people[2], "directory", True, BEFORE),
        ]:
            Consent.objects.create(alumnus=person, purpose=purpose, given=given, at=at, source="profile")
        Consent.objects.create(alumnus=people[3], purpose="newsletter", given=False, at=INSIDE, source="unsubscribe")

        archive = NewsletterIndexPageFactory(parent=site_home())
        cls.archive = archive
        mailing(
            "newsletter",
            NewsletterPageFactory(parent=archive, title="Martie"),
            ["a@x.ro", "b@x.ro", "c@x.ro"],
            failed=1,
        )
        mailing("newsletter", NewsletterPageFactory(parent=archive, title="Decembrie"), ["a@x.ro"], at=BEFORE)

        calendar = EventIndexPageFactory(parent=site_home())
        cls.calendar = calendar
        event = EventPageFactory(parent=calendar, title="Gala")
        mailing("invitation", event, ["a@x.ro", "b@x.ro", "c@x.ro", "d@x.ro"], failed=1)
        mailing("invitation", event, ["a@x.ro"])  # a reminder: still one person
        Registration.objects.create(event=event, name="A", email="a@x.ro", role="alumnus", checked_in_at=INSIDE)
        Registration.objects.create(event=event, name="B", email="b@x.ro", role="alumnus")
        Registration.objects.create(event=event, name="Z", email="z@x.ro", role="guest", checked_in_at=INSIDE)

        Subscriber.objects.create(email="s1@x.ro", consent_text="Da", confirmed_at=INSIDE)
        Subscriber.objects.create(email="s2@x.ro", consent_text="Da", confirmed_at=BEFORE, unsubscribed_at=INSIDE)

    def test_the_figures_of_the_period(self):
        report = platform_report(START, END)
        self.assertEqual(report.members["approved"], 3)
        self.assertEqual(report.approved_by_faculty, [("FMI", 3)])
        consents = {label: (given, withdrawn) for label, given, withdrawn in report.consents}
        self.assertEqual(consents["Newsletter"], (1, 2))
        self.assertEqual(consents["Apariția în directorul alumni"], (0, 0))
        self.assertEqual(report.unsubscribed_by_link, 1)
        self.assertEqual(
            [(r.subject, r.recipients, r.sent, r.failed) for r in report.newsletters], [("Martie", 3, 2, 1)]
        )
        [gala] = report.invitations
        self.assertEqual((gala.event, gala.invited, gala.delivered, gala.registered, gala.came), ("Gala", 4, 3, 2, 1))
        self.assertEqual(report.subscribers, {"confirmed": 1, "unsubscribed": 1, "receiving_now": 1})

    def test_the_cost_does_not_grow_with_the_data(self):
        with CaptureQueriesContext(connection) as few:
            platform_report(START, END)
        for number in range(10):
            mailing("newsletter", NewsletterPageFactory(parent=self.archive), [f"n{number}@x.ro"])
            mailing("invitation", EventPageFactory(parent=self.calendar), [f"i{number}@x.ro"])
        with CaptureQueriesContext(connection) as many:
            report = platform_report(START, END)
        self.assertEqual(len(report.invitations), 11)
        self.assertEqual(len(many), len(few))

    def test_the_last_twelve_months_by_default_even_on_a_leap_day(self):
        self.assertEqual(
            default_period(datetime.date(2027, 3, 31)), (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
        )
        self.assertEqual(
            default_period(datetime.date(2028, 2, 29)), (datetime.date(2027, 3, 1), datetime.date(2028, 2, 29))
        )


class PlatformReportPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.url = reverse("office_platform_report")
        cls.editor = get_user_model().objects.create_user("editor", "e@example.ro", "parola-lunga-2")
        group = Group.objects.create(name="Editori")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        cls.editor.groups.add(group)
        cls.office = get_user_model().objects.create_user("birou", "b@example.ro", "parola-lunga-1")
        office, _created = Group.objects.get_or_create(name="Biroul Alumni")
        office.permissions.add(
            Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_platform_report")
        )
        cls.office.groups.add(office)

    def test_the_office_reads_and_exports_it_others_do_not(self):
        self.client.force_login(self.editor)
        self.assertRedirects(self.client.get(self.url), reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.client.force_login(self.office)
        page = self.client.get(self.url, {"start": "2027-01-01", "end": "2027-03-31"})
        self.assertContains(page, "Raportul platformei")
        self.assertContains(page, "@media print")
        export = self.client.get(self.url, {"start": "2027-01-01", "end": "2027-03-31", "export": "csv"})
        self.assertEqual(export["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("Membri,Cereri de înscriere,", export.content.decode())
        menu = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(menu, self.url)

    def test_a_bad_period_is_explained(self):
        self.client.force_login(self.office)
        for params, message in [
            ({"start": "2027-03-31", "end": "2027-01-01"}, "Sfârșitul vine după început"),
            ({"start": "2020-01-01", "end": "2027-01-01"}, "cel mult trei ani"),
            ({"start": "ieri", "end": "2027-01-01"}, "dată validă"),
            ({"start": "9999-12-01", "end": "9999-12-31"}, "Alege o dată de la 1900"),
            ({"start": "0001-01-01", "end": "0001-01-05"}, "Alege o dată de la 1900"),
        ]:
            with self.subTest(params=params):
                self.assertContains(self.client.get(self.url, params), message, status_code=400)

    def test_the_form_shows_the_default_period_in_the_date_fields(self):
        self.client.force_login(self.office)
        start, end = default_period()
        page = self.client.get(self.url)
        self.assertContains(page, f'value="{start:%Y-%m-%d}"')
        self.assertContains(page, f'value="{end:%Y-%m-%d}"')
