"""API v3 /api/v3/events/: upcoming occurrences of live, public events, filtered, paginated, anonymous."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import APIToken, PageViewRestriction

from events.models import EventPage
from home.factories import translate
from tests.api.openapi import response_errors
from tests.clock import frozen
from tests.events.test_calendar import BUCHAREST, CalendarTestCase, at, register

URL = "/api/v3/events/"


@frozen("2027-01-28T12:00:00+02:00")  # the events below fall on both sides of the end of January
class EventsApiTests(CalendarTestCase):
    def setUp(self):
        today = timezone.localdate()
        self.workshop_event = self.event(
            self.fmi_events,
            "Atelier FMI",
            at(today + datetime.timedelta(days=5), 17),
            faculty=self.fmi,
            event_type=self.workshop,
            capacity=3,
            venue="Sala 2/I",
        )
        self.gala_event = self.event(
            self.fd_events,
            "Gala FD",
            at(today + datetime.timedelta(days=10)),
            faculty=self.fd,
            event_type=self.gala_type,
            capacity=1,
        )
        register(self.gala_event, 1)
        self.central = self.event(self.calendar, "Gala Alumni", at(today + datetime.timedelta(days=20)))
        self.past = self.event(self.fmi_events, "Trecut", at(today - datetime.timedelta(days=3)), faculty=self.fmi)

    def get(self, status=200, **params):
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, status, response.content[:1000])
        return response.json()

    def titles(self, **params) -> list[str]:
        return [item["title"] for item in self.get(**params)["items"]]

    def test_answers_conform_to_the_published_document(self):
        # Faculty and central events, with and without a type: every shape an item takes.
        self.assertEqual(response_errors(self.client, URL), [])
        self.assertEqual(response_errors(self.client, URL, {"faculty": "FMI"}), [])

    def test_anonymous_list_of_upcoming_occurrences(self):
        data = self.get()
        self.assertEqual(data["count"], 3)
        first = data["items"][0]
        self.assertEqual(
            set(first),
            {"id", "event_id", "title", "url", "start", "end", "faculty", "type", "venue", "capacity", "places_left"},
        )
        self.assertEqual(first["title"], "Atelier FMI")
        self.assertEqual(first["event_id"], self.workshop_event.pk)
        self.assertEqual(first["url"], f"http://localhost{self.workshop_event.url}")
        self.assertEqual(first["faculty"], {"short_name": "FMI", "name": "Facultatea de Matematică"})
        self.assertEqual(first["type"], {"id": self.workshop.pk, "name": "Atelier"})
        self.assertEqual(first["venue"], "Sala 2/I")
        self.assertEqual((first["capacity"], first["places_left"]), (3, 3))
        start = datetime.datetime.fromisoformat(first["start"])
        self.assertEqual(start, self.workshop_event.start)
        self.assertEqual(start.utcoffset(), start.astimezone(BUCHAREST).utcoffset())  # local time with its offset
        gala, central = data["items"][1:]
        self.assertEqual((gala["capacity"], gala["places_left"]), (1, 0))
        self.assertEqual(
            (central["faculty"], central["type"], central["capacity"], central["places_left"]), (None, None, None, None)
        )

    def test_filters(self):
        self.assertEqual(self.titles(faculty="FMI"), ["Atelier FMI"])
        self.assertEqual(self.titles(faculty="fd"), ["Gala FD"])
        self.assertEqual(self.titles(faculty="NOPE"), [])
        self.assertEqual(self.titles(type=self.gala_type.pk), ["Gala FD"])
        self.assertEqual(self.titles(type=self.gala_type_en.pk), ["Gala FD"])  # any language's id
        self.assertEqual(self.titles(has_free_places="true"), ["Atelier FMI", "Gala Alumni"])
        self.assertEqual(self.titles(has_free_places="false"), ["Gala FD"])
        day = self.gala_event.start.astimezone(BUCHAREST).date()
        self.assertEqual(self.titles(**{"from": day.isoformat()}), ["Gala FD", "Gala Alumni"])
        self.assertEqual(self.titles(**{"to": day.isoformat()}), ["Atelier FMI", "Gala FD"])
        self.assertEqual(self.titles(**{"from": day.isoformat(), "to": day.isoformat()}), ["Gala FD"])

    def test_recurring_events_once_per_date(self):
        # The 15th of four months, across the spring clock change (28 March 2027): 18:00 local every time.
        start = at(datetime.date(2027, 2, 15), 18)
        self.event(
            self.calendar,
            "Clubul lunar",
            start,
            recurrence=EventPage.Recurrence.MONTHLY,
            recurrence_until=datetime.date(2027, 5, 31),
        )
        items = [item for item in self.get(limit=50)["items"] if item["title"] == "Clubul lunar"]
        self.assertEqual(
            [item["start"] for item in items],
            [
                "2027-02-15T18:00:00+02:00",
                "2027-03-15T18:00:00+02:00",
                "2027-04-15T18:00:00+03:00",
                "2027-05-15T18:00:00+03:00",
            ],
        )
        self.assertEqual(len({item["event_id"] for item in items}), 1)

    def test_only_live_public_events(self):
        self.central.unpublish()
        PageViewRestriction.objects.create(page=self.fd_events, restriction_type=PageViewRestriction.LOGIN)
        self.assertEqual(self.titles(), ["Atelier FMI"])

    def test_private_events_stay_out_even_with_a_token(self):
        PageViewRestriction.objects.create(page=self.fd_events, restriction_type=PageViewRestriction.LOGIN)
        user = get_user_model().objects.create_superuser("api", "api@example.ro", "x")
        _token, key = APIToken.create_token(user=user, name="test")
        response = self.client.get(URL, HTTP_AUTHORIZATION=f"Bearer {key}")
        self.assertEqual([item["title"] for item in response.json()["items"]], ["Atelier FMI", "Gala Alumni"])

    def test_an_invalid_token_is_a_401_not_an_anonymous_read(self):
        for header in ["Bearer not-a-token", "Basic YTpi", "Bearer"]:
            with self.subTest(header=header):
                response = self.client.get(URL, HTTP_AUTHORIZATION=header)
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response.headers["Content-Type"], "application/problem+json")
        self.assertEqual(self.client.get(URL).status_code, 200)

    def test_locale(self):
        calendar_en = translate(self.calendar, title="Calendar", slug="calendar")
        translate(self.workshop_event, title="FMI workshop")
        translate(self.gala_event, title="FD gala", faculty=self.fd_en, event_type=self.gala_type_en)
        data = self.get(locale="en")
        self.assertEqual([item["title"] for item in data["items"]], ["FMI workshop", "FD gala"])
        self.assertEqual(data["items"][0]["faculty"], {"short_name": "FMI", "name": "Faculty of Mathematics"})
        self.assertEqual(data["items"][0]["type"], {"id": self.workshop_en.pk, "name": "Workshop"})
        self.assertEqual(data["items"][1]["places_left"], 1)  # registrations belong to the Romanian page
        self.assertTrue(data["items"][0]["url"].startswith("http://localhost/en/"))
        self.assertEqual(self.titles(locale="en", faculty="FD"), ["FD gala"])
        self.assertEqual(self.titles(locale="en", type=self.workshop.pk), ["FMI workshop"])
        self.assertTrue(calendar_en.url.startswith("/en/"))
        self.assertEqual(self.titles(), ["Atelier FMI", "Gala FD", "Gala Alumni"])  # Romanian by default

    def test_pagination_is_capped_at_50(self):
        data = self.get(limit=2, offset=1)
        self.assertEqual((data["count"], [item["title"] for item in data["items"]]), (3, ["Gala FD", "Gala Alumni"]))
        self.get(limit=50)
        error = self.get(status=422, limit=51)
        self.assertEqual(error["status"], 422)

    def test_bad_input_answers_422_problem_json(self):
        for params in (
            {"from": "2026-13-45"},
            {"to": "tomorrow"},
            {"to": "0"},  # not a Unix time either: the document says YYYY-MM-DD
            {"from": "1700000000"},
            {"offset": "10001"},
            {"type": "abc"},
            {"type": "0"},
            {"locale": "fr"},
            {"has_free_places": "maybe"},
        ):
            with self.subTest(params=params):
                response = self.client.get(URL, params)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response["Content-Type"], "application/problem+json")
                self.assertTrue(response.json()["errors"])

    def test_to_before_from_is_an_empty_interval(self):
        self.assertEqual(self.get(**{"from": "2027-02-10", "to": "2027-02-01"}), {"items": [], "count": 0})

    def test_openapi_documents_the_endpoint(self):
        schema = self.client.get("/api/v3/openapi.json").json()
        operation = schema["paths"]["/api/v3/events/"]["get"]
        parameters = {parameter["name"] for parameter in operation["parameters"]}
        offset = next(parameter for parameter in operation["parameters"] if parameter["name"] == "offset")
        self.assertEqual(offset["schema"]["maximum"], 10_000)  # what the API guard enforces, documented
        self.assertTrue({"faculty", "type", "from", "to", "has_free_places", "locale", "limit", "offset"} <= parameters)
        limit = next(p for p in operation["parameters"] if p["name"] == "limit")
        self.assertEqual(limit["schema"]["maximum"], 50)
        self.assertIn("OccurrenceOut", schema["components"]["schemas"])

    def test_fixed_query_count(self):
        def count():
            self.client.get(URL, {"limit": 50})
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(URL, {"limit": 50})
            self.assertEqual(response.status_code, 200)
            return len(queries), response.json()["count"]

        few, total = count()
        for n in range(30):
            self.event(
                self.fd_events,
                f"Seminar {n}",
                at(timezone.localdate() + datetime.timedelta(days=40 + n)),
                faculty=self.fd,
                event_type=self.workshop,
            )
        many, more = count()
        self.assertEqual((many, more), (few, total + 30))
        self.assertLessEqual(few, 10)
