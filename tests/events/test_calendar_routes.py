"""The event index's two views as routes of one page: the list at its address, the month grid at `month/`; the
old `?view=month` addresses answer 301 with the grid's address, keeping their other parameters."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from wagtail.test.utils import WagtailPageTestCase

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import FacultyPageFactory, site_home, translate

BUCHAREST = ZoneInfo("Europe/Bucharest")


@time_machine.travel(datetime.datetime(2027, 5, 10, 12, tzinfo=BUCHAREST), tick=False)
class CalendarRouteTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        cls.calendar = EventIndexPageFactory(parent=home, title="Calendar", slug="calendar")
        faculty_page = FacultyPageFactory(parent=home, title="Drept", faculty__short_name="FD")
        cls.faculty_calendar = EventIndexPageFactory(parent=faculty_page, slug="evenimente")
        start = datetime.datetime(2027, 6, 3, 18, tzinfo=BUCHAREST)
        EventPageFactory(parent=cls.faculty_calendar, title="Seara juriștilor", start=start)

    def test_the_grid_is_a_route_of_the_index(self):
        self.assertEqual(self.calendar.month_url(), "/calendar/month/")
        self.assertEqual(self.faculty_calendar.month_url(), f"{self.faculty_calendar.url}month/")
        self.assertPageIsRoutable(self.calendar)
        self.assertPageIsRoutable(self.calendar, "month/")
        self.assertPageIsRenderable(self.calendar, "month/", query_data={"month": "2027-06"})
        response = self.client.get("/calendar/month/", {"month": "2027-06"})
        self.assertEqual(response.context["calendar_view"], "month")
        self.assertContains(response, "Seara juriștilor")
        self.assertEqual(self.client.get("/calendar/month/2027-06/").status_code, 404)

    def test_old_month_addresses_redirect_keeping_their_other_parameters(self):
        cases = {
            "/calendar/?view=month": "/calendar/month/",
            "/calendar/?view=month&month=2027-06&faculty=FD": "/calendar/month/?month=2027-06&faculty=FD",
            "/calendar/?faculty=FD&view=month&has_free_places=on": "/calendar/month/?faculty=FD&has_free_places=on",
            f"{self.faculty_calendar.url}?view=month&month=2027-06": f"{self.faculty_calendar.url}month/?month=2027-06",
        }
        english = translate(self.calendar, title="Calendar", slug="calendar")
        cases[f"{english.url}?view=month&month=2027-06"] = "/en/calendar/month/?month=2027-06"
        for old, new in cases.items():
            with self.subTest(old=old):
                response = self.client.get(old)
                self.assertRedirects(response, new, status_code=301, fetch_redirect_response=False)
        self.assertEqual(self.client.get("/calendar/?view=list").status_code, 200)

    def test_each_view_links_to_the_other_keeping_the_filters_it_shares(self):
        response = self.client.get("/calendar/", {"faculty": "FD", "when": "all", "from": "2027-01-01"})
        self.assertContains(response, '<a href="/calendar/month/?faculty=FD">Luna</a>', html=True)
        self.assertContains(response, 'aria-current="page">Listă</a>')
        response = self.client.get("/calendar/month/", {"faculty": "FD", "month": "2027-06"})
        self.assertContains(response, '<a href="/calendar/?faculty=FD">Listă</a>', html=True)
        self.assertContains(response, 'aria-current="page">Luna</a>')
        self.assertContains(response, 'href="?faculty=FD&amp;month=2027-07"')  # the next month, on the same route

    def test_invalid_filters_answer_400_on_both_routes(self):
        self.assertEqual(self.client.get("/calendar/", {"to": "ieri"}).status_code, 400)
        self.assertEqual(self.client.get("/calendar/month/", {"month": "2027-13"}).status_code, 400)
        self.assertEqual(self.client.get("/calendar/month/", {"faculty": "XYZ"}).status_code, 400)

    def test_dates_beyond_the_calendars_years_mean_its_start_and_end(self):
        extremes = {"from": "0001-01-01", "to": "9999-12-31", "when": "all"}
        response = self.client.get(self.faculty_calendar.url, extremes)
        self.assertEqual([o.event.title for o in response.context["events"]], ["Seara juriștilor"])
        response = self.client.get("/api/v3/events/", {"from": "0001-01-01", "to": "9999-12-31"})
        self.assertEqual([item["title"] for item in response.json()["items"]], ["Seara juriștilor"])
        self.assertEqual(self.client.get("/calendar/month/", {"month": "9999-12"}).status_code, 400)
