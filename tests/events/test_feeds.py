"""Calendar (iCalendar) and news (RSS, Atom) feeds: content read back with icalendar and feedparser, languages,
faculties, caching headers, query counts and the <link rel="alternate"> tags that advertise them."""

import datetime
import re
from zoneinfo import ZoneInfo

import feedparser
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from events.factories import EventIndexPageFactory, EventPageFactory
from events.ical import ics_for_event, ics_for_events
from events.models import EventPage, EventRecurrenceException
from home.factories import ArticleIndexPageFactory, ArticlePageFactory, FacultyPageFactory, site_home, translate
from home.feeds import FEED_CACHE_SECONDS
from tests.clock import END_OF_FEBRUARY, LEAP_DAY, NEW_YEARS_EVE, frozen
from tests.routes import url

BUCHAREST = ZoneInfo("Europe/Bucharest")


def parse_calendar(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def vevents(content: bytes) -> dict[str, object]:
    """The calendar's events by summary."""
    return {str(event["SUMMARY"]): event for event in parse_calendar(content).walk("VEVENT")}


def local_date(parsed) -> datetime.date:
    """A date as feedparser gives it (a UTC struct_time), on the calendar of Bucharest."""
    return datetime.datetime(*parsed[:6], tzinfo=datetime.UTC).astimezone(BUCHAREST).date()


def soon(days: int, hour: int = 18) -> datetime.datetime:
    """A local time `days` from today, so the feed's one-year window never drops a test event."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BUCHAREST)


@frozen(NEW_YEARS_EVE)
class ICalendarTests(TestCase):
    """events.ical on its own: what registration e-mails attach."""

    @classmethod
    def setUpTestData(cls):
        cls.calendar = EventIndexPageFactory(parent=site_home(), slug="evenimente")

    def test_single_event_in_local_time_with_its_timezone(self):
        start = datetime.datetime(2026, 6, 12, 18, 30, tzinfo=BUCHAREST)
        event = EventPageFactory(
            parent=self.calendar,
            title="Seară de networking",
            introduction="Absolvenții se întâlnesc.",
            start=start,
            end=start + datetime.timedelta(hours=2),
            venue="Aula Magna",
        )
        content = ics_for_event(event)
        calendar = parse_calendar(content)
        self.assertEqual(str(calendar["VERSION"]), "2.0")
        self.assertEqual(str(calendar["METHOD"]), "PUBLISH")
        self.assertEqual(str(calendar["CALSCALE"]), "GREGORIAN")
        self.assertIn("PRODID", calendar)
        self.assertEqual(str(calendar["X-WR-CALNAME"]), "Seară de networking")
        self.assertEqual([str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")], ["Europe/Bucharest"])
        [vevent] = calendar.walk("VEVENT")
        self.assertIn(b"DTSTART;TZID=Europe/Bucharest:20260612T183000", content)
        self.assertIn(b"DTEND;TZID=Europe/Bucharest:20260612T203000", content)
        self.assertEqual(vevent.start, start)
        self.assertEqual(vevent.end, start + datetime.timedelta(hours=2))
        self.assertEqual(str(vevent.start.tzinfo), "Europe/Bucharest")
        self.assertEqual(str(vevent["SUMMARY"]), "Seară de networking")
        self.assertTrue(str(vevent["DESCRIPTION"]).startswith("Absolvenții se întâlnesc."))
        self.assertEqual(str(vevent["LOCATION"]), "Aula Magna")
        self.assertEqual(str(vevent["URL"]), event.get_full_url())
        self.assertEqual(str(vevent["UID"]), f"{event.translation_key}-ro@testserver")
        self.assertIn("DTSTAMP", vevent)
        self.assertIn("LAST-MODIFIED", vevent)
        self.assertNotIn("RRULE", vevent)

    def test_event_without_an_end_lasts_an_hour_and_an_online_event_is_located_at_its_link(self):
        start = datetime.datetime(2026, 12, 3, 10, tzinfo=BUCHAREST)
        event = EventPageFactory(
            parent=self.calendar, start=start, end=None, venue="", online_url="https://meet.example.org/alumni"
        )
        [vevent] = parse_calendar(ics_for_event(event)).walk("VEVENT")
        self.assertEqual(vevent.end - vevent.start, datetime.timedelta(hours=1))
        self.assertEqual(str(vevent["LOCATION"]), "https://meet.example.org/alumni")

    def test_weekly_event_is_one_vevent_with_an_rrule_in_local_time_across_the_spring_dst_change(self):
        start = datetime.datetime(2026, 3, 19, 18, 0, tzinfo=BUCHAREST)
        event = EventPageFactory(
            parent=self.calendar,
            title="Club de carte",
            start=start,
            end=start + datetime.timedelta(hours=2),
            recurrence=EventPage.Recurrence.WEEKLY,
            recurrence_until=datetime.date(2026, 4, 9),
        )
        content = ics_for_event(event)
        calendar = parse_calendar(content)
        [vevent] = calendar.walk("VEVENT")
        rule = vevent["RRULE"]
        self.assertEqual(rule["FREQ"], ["WEEKLY"])
        # UNTIL: the end of 9 April in Bucharest (EEST, UTC+3), written in UTC.
        self.assertEqual(rule["UNTIL"], [datetime.datetime(2026, 4, 9, 20, 59, 59, tzinfo=datetime.UTC)])
        self.assertNotIn("EXDATE", vevent)
        self.assertEqual(str(vevent.start.tzinfo), "Europe/Bucharest")
        self.assertEqual((vevent.start.hour, vevent.start.minute), (18, 0))
        # The same local 18:00 before and after 29 March is a different UTC time: the client must use the TZID.
        zone = vevent.start.tzinfo
        before = datetime.datetime(2026, 3, 26, 18, 0, tzinfo=zone)
        after = datetime.datetime(2026, 4, 2, 18, 0, tzinfo=zone)
        self.assertEqual(before.utcoffset(), datetime.timedelta(hours=2))  # EET
        self.assertEqual(after.utcoffset(), datetime.timedelta(hours=3))  # EEST
        # The VTIMEZONE carries that change.
        [vtimezone] = calendar.walk("VTIMEZONE")
        offsets = {(sub.name, sub["TZOFFSETTO"].td) for sub in vtimezone.subcomponents}
        self.assertIn(("DAYLIGHT", datetime.timedelta(hours=3)), offsets)
        self.assertIn(("STANDARD", datetime.timedelta(hours=2)), offsets)
        # The occurrences the site stores are the ones the rule describes.
        stored = [o.start.astimezone(BUCHAREST) for o in event.occurrences.all()]
        self.assertEqual([(s.month, s.day, s.hour) for s in stored], [(3, 19, 18), (3, 26, 18), (4, 2, 18), (4, 9, 18)])

    def test_monthly_event_over_the_autumn_dst_change_skips_its_exception_dates(self):
        start = datetime.datetime(2026, 9, 25, 17, 0, tzinfo=BUCHAREST)
        event = EventPageFactory(
            parent=self.calendar,
            title="Cafeneaua absolvenților",
            start=start,
            end=start + datetime.timedelta(hours=1),
            recurrence=EventPage.Recurrence.MONTHLY,
            recurrence_until=datetime.date(2026, 12, 31),
        )
        event.recurrence_exceptions.add(EventRecurrenceException(date=datetime.date(2026, 10, 25)))
        event.save()
        content = ics_for_event(event)
        [vevent] = parse_calendar(content).walk("VEVENT")
        self.assertEqual(vevent["RRULE"]["FREQ"], ["MONTHLY"])
        # End of 31 December in EET (UTC+2).
        self.assertEqual(vevent["RRULE"]["UNTIL"], [datetime.datetime(2026, 12, 31, 21, 59, 59, tzinfo=datetime.UTC)])
        self.assertIn(b"EXDATE;TZID=Europe/Bucharest:20261025T170000", content)
        [skipped] = vevent.exdates
        self.assertEqual(skipped, datetime.datetime(2026, 10, 25, 17, 0, tzinfo=BUCHAREST))
        self.assertEqual(skipped.utcoffset(), datetime.timedelta(hours=2))  # 25 October 2026 is already EET
        self.assertEqual(vevent.start.utcoffset(), datetime.timedelta(hours=3))  # 25 September is EEST

    def test_many_events_make_one_calendar(self):
        events = [EventPageFactory(parent=self.calendar) for _ in range(3)]
        content = ics_for_events(events, name="Evenimente")
        calendar = parse_calendar(content)
        self.assertEqual(str(calendar["X-WR-CALNAME"]), "Evenimente")
        self.assertEqual(len(calendar.walk("VEVENT")), 3)
        self.assertEqual(len(calendar.walk("VTIMEZONE")), 1)
        self.assertEqual(len({str(vevent["UID"]) for vevent in calendar.walk("VEVENT")}), 3)


@frozen(LEAP_DAY)  # a year back is 1 March 2027: "Anul trecut" (300 days) is in, "Demult" (400 days) out
class CalendarFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        cls.fmi_page = FacultyPageFactory(
            parent=home, title="Facultatea de Matematică și Informatică", slug="fmi", faculty__short_name="FMI"
        )
        cls.fmi = cls.fmi_page.faculty
        cls.fmi_calendar = EventIndexPageFactory(parent=cls.fmi_page, slug="evenimente")
        cls.physics_page = FacultyPageFactory(
            parent=home, title="Facultatea de Fizică", slug="fizica", faculty__short_name="FF"
        )
        cls.physics_calendar = EventIndexPageFactory(parent=cls.physics_page, slug="evenimente")
        cls.central_calendar = EventIndexPageFactory(parent=home, slug="evenimente-ubb")

        cls.below_fmi = EventPageFactory(parent=cls.fmi_calendar, title="Seara FMI", start=soon(10))
        cls.organised_by_fmi = EventPageFactory(
            parent=cls.central_calendar, title="Gala FMI", start=soon(20), faculty=cls.fmi
        )
        cls.physics = EventPageFactory(parent=cls.physics_calendar, title="Seara de fizică", start=soon(12))
        cls.physics_below_fmi = EventPageFactory(
            parent=cls.fmi_calendar, title="Fizică la FMI", start=soon(14), faculty=cls.physics_page.faculty
        )
        cls.central = EventPageFactory(parent=cls.central_calendar, title="Balul absolvenților", start=soon(30))
        cls.last_spring = EventPageFactory(parent=cls.central_calendar, title="Anul trecut", start=soon(-300))
        cls.too_old = EventPageFactory(parent=cls.central_calendar, title="Demult", start=soon(-400))
        cls.old_series_still_running = EventPageFactory(
            parent=cls.central_calendar,
            title="Serie lungă",
            start=soon(-500),
            recurrence=EventPage.Recurrence.MONTHLY,
            recurrence_until=timezone.localdate() + datetime.timedelta(days=60),
        )
        cls.draft = EventPageFactory(parent=cls.central_calendar, title="Ciornă", start=soon(5), live=False)

    def test_calendar_of_every_event_in_romanian(self):
        response = self.client.get("/calendar.ics")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertTrue(response["Content-Disposition"].startswith("inline; filename="))
        self.assertIn(".ics", response["Content-Disposition"])
        self.assertIn("public", response["Cache-Control"])
        self.assertIn(f"max-age={FEED_CACHE_SECONDS}", response["Cache-Control"])
        calendar = parse_calendar(response.content)
        self.assertEqual(len(calendar.walk("VTIMEZONE")), 1)
        self.assertIn(b"REFRESH-INTERVAL;VALUE=DURATION:PT1H", response.content)
        self.assertIn(b"X-PUBLISHED-TTL:PT1H", response.content)
        self.assertEqual(
            set(vevents(response.content)),
            {
                "Seara FMI",
                "Gala FMI",
                "Seara de fizică",
                "Fizică la FMI",
                "Balul absolvenților",
                "Anul trecut",
                "Serie lungă",
            },
        )

    def test_urls_in_the_calendar_are_absolute(self):
        event = vevents(self.client.get("/calendar.ics").content)["Seara FMI"]
        self.assertEqual(str(event["URL"]), self.below_fmi.full_url)

    def test_uids_are_stable_across_requests(self):
        first = {str(e["SUMMARY"]): str(e["UID"]) for e in vevents(self.client.get("/calendar.ics").content).values()}
        cache.clear()
        second = {str(e["SUMMARY"]): str(e["UID"]) for e in vevents(self.client.get("/calendar.ics").content).values()}
        self.assertEqual(first, second)
        self.assertEqual(len(set(first.values())), len(first))
        self.assertEqual(first["Seara FMI"], f"{self.below_fmi.translation_key}-ro@testserver")

    def test_faculty_calendar_has_its_events_and_no_other_faculty_events(self):
        response = self.client.get("/calendar/fmi.ics")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(vevents(response.content)), {"Seara FMI", "Gala FMI"})
        self.assertIn("Facultatea de Matematică și Informatică", str(parse_calendar(response.content)["X-WR-CALNAME"]))
        physics = self.client.get("/calendar/ff.ics")
        self.assertEqual(set(vevents(physics.content)), {"Seara de fizică", "Fizică la FMI"})

    def test_faculty_short_name_is_case_insensitive_and_unknown_faculty_is_404(self):
        self.assertEqual(self.client.get("/calendar/FMI.ics").status_code, 200)
        self.assertEqual(self.client.get("/calendar/nu-exista.ics").status_code, 404)
        self.assertEqual(self.client.get("/en/calendar/nu-exista.ics").status_code, 404)

    def test_english_calendar_lists_the_english_pages(self):
        english = translate(self.below_fmi, title="FMI evening", slug="fmi-evening")
        response = self.client.get("/en/calendar.ics")
        self.assertEqual(response.status_code, 200)
        events = vevents(response.content)
        self.assertEqual(set(events), {"FMI evening"})
        self.assertEqual(str(parse_calendar(response.content)["X-WR-CALNAME"]), "Alumni events")
        self.assertEqual(str(events["FMI evening"]["URL"]), english.full_url)
        self.assertTrue(english.url.startswith("/en/"))
        self.assertEqual(str(events["FMI evening"]["UID"]), f"{self.below_fmi.translation_key}-en@testserver")
        # The faculty's English calendar finds it below the English faculty section.
        self.assertEqual(set(vevents(self.client.get("/en/calendar/fmi.ics").content)), {"FMI evening"})
        self.assertNotIn("FMI evening", vevents(self.client.get("/calendar.ics").content))


@frozen(END_OF_FEBRUARY)
class FeedQueryCountTests(TestCase):
    def setUp(self):
        self.section = FacultyPageFactory(parent=site_home(), slug="fmi", faculty__short_name="FMI")
        self.calendar = EventIndexPageFactory(parent=self.section, slug="evenimente")
        self.news = ArticleIndexPageFactory(parent=self.section, slug="noutati")
        self.counter = 0
        self.add_events(3)

    def add_events(self, number: int) -> None:
        for _ in range(number):
            self.counter += 1
            recurring = self.counter % 2 == 0
            event = EventPageFactory(
                parent=self.calendar,
                start=soon(self.counter),
                recurrence=EventPage.Recurrence.WEEKLY if recurring else EventPage.Recurrence.NONE,
                recurrence_until=soon(self.counter + 60).date() if recurring else None,
            )
            if recurring:
                event.recurrence_exceptions.add(EventRecurrenceException(date=soon(self.counter + 7).date()))
                event.save()
            ArticlePageFactory(parent=self.news)

    def get(self, path: str):
        cache.clear()  # page URLs (site root paths) come from the cache: count the cold case
        return self.client.get(path)

    def test_feeds_make_the_same_number_of_queries_for_3_and_30_items(self):
        paths = ["/calendar.ics", "/calendar/fmi.ics", url("articles_rss"), url("faculty_articles_atom", faculty="fmi")]
        counts = {}
        for path in paths:
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(path)
            self.assertEqual(response.status_code, 200)
            counts[path] = len(queries)
        self.assertEqual(len(vevents(self.get("/calendar.ics").content)), 3)
        self.add_events(27)
        for path in paths:
            with self.subTest(path=path):
                cache.clear()
                with self.assertNumQueries(counts[path]):
                    response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
        self.assertEqual(len(vevents(self.get("/calendar.ics").content)), 30)
        self.assertEqual(
            len(feedparser.parse(self.get(url("faculty_articles_rss", faculty="fmi")).content).entries), 30
        )


class ArticleFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        cls.fmi_page = FacultyPageFactory(
            parent=home, title="Facultatea de Matematică și Informatică", slug="fmi", faculty__short_name="FMI"
        )
        cls.fmi_news = ArticleIndexPageFactory(parent=cls.fmi_page, slug="noutati")
        cls.physics_page = FacultyPageFactory(
            parent=home, title="Facultatea de Fizică", slug="fizica", faculty__short_name="FF"
        )
        cls.physics_news = ArticleIndexPageFactory(parent=cls.physics_page, slug="noutati")
        cls.central_news = ArticleIndexPageFactory(parent=home, slug="noutati-ubb")
        cls.older = ArticlePageFactory(
            parent=cls.fmi_news,
            title="Întâlnirea promoției 2006",
            slug="promotia-2006",
            date=datetime.date(2026, 5, 4),
            introduction="Promoția 2006 s-a reîntâlnit.",
            author_name="Ana Pop",
        )
        cls.newer = ArticlePageFactory(
            parent=cls.fmi_news, title="Burse & premii <alumni>", slug="burse", date=datetime.date(2026, 6, 1)
        )
        cls.physics = ArticlePageFactory(parent=cls.physics_news, title="Noutăți de la fizică", slug="fizica-noutati")
        cls.central = ArticlePageFactory(parent=cls.central_news, title="Gala UBB", slug="gala")
        cls.draft = ArticlePageFactory(parent=cls.central_news, title="Ciornă", slug="ciorna", live=False)

    def published(self):
        return [self.older, self.newer, self.physics, self.central]

    def parse(self, path: str):
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200, path)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, getattr(feed, "bozo_exception", None))
        return response, feed

    def test_rss_of_every_article(self):
        response, feed = self.parse(url("articles_rss"))
        self.assertEqual(response["Content-Type"], "application/rss+xml; charset=utf-8")
        self.assertIn(f"max-age={FEED_CACHE_SECONDS}", response["Cache-Control"])
        self.assertEqual(feed.version, "rss20")
        self.assertEqual(feed.feed.language, "ro")
        self.assertEqual(
            {entry.title for entry in feed.entries},
            {"Întâlnirea promoției 2006", "Burse & premii <alumni>", "Noutăți de la fizică", "Gala UBB"},
        )
        self.assertEqual({entry.link for entry in feed.entries}, {page.full_url for page in self.published()})
        self.assertTrue(all(entry.link.startswith("http://") for entry in feed.entries))
        self.assertEqual(feed.feed.link, "http://testserver/")

    def test_rss_items(self):
        _response, feed = self.parse(url("faculty_articles_rss", faculty="fmi"))
        self.assertEqual(
            [entry.title for entry in feed.entries], ["Burse & premii <alumni>", "Întâlnirea promoției 2006"]
        )
        entry = feed.entries[1]
        self.assertEqual(entry.link, self.older.full_url)
        self.assertEqual(entry.summary, "<p>Promoția 2006 s-a reîntâlnit.</p>")
        self.assertEqual(local_date(entry.published_parsed), datetime.date(2026, 5, 4))
        self.assertIn("04 May 2026", entry.published)  # RFC 822, in local time
        stable = self.parse(url("faculty_articles_rss", faculty="fmi"))[1].entries[1].id
        self.assertEqual(entry.id, stable)  # a stable guid
        self.assertTrue(entry.id.startswith("urn:uuid:"))
        self.assertIn("Ana Pop", entry.author)
        self.assertIn("Facultatea de Matematică și Informatică", feed.feed.title)
        self.assertEqual(feed.feed.link, self.fmi_page.full_url)

    def test_atom(self):
        response, feed = self.parse(url("faculty_articles_atom", faculty="fmi"))
        self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
        self.assertEqual(feed.version, "atom10")
        self.assertEqual(feed.feed.language, "ro")
        self.assertEqual(
            [entry.title for entry in feed.entries], ["Burse & premii <alumni>", "Întâlnirea promoției 2006"]
        )
        self.assertEqual(feed.entries[1].link, self.older.full_url)
        self.assertTrue(feed.entries[1].id.startswith("urn:uuid:"))
        self.assertEqual(local_date(feed.entries[1].published_parsed), datetime.date(2026, 5, 4))
        self.assertTrue(feed.entries[1].published.startswith("2026-05-04"))  # RFC 3339, in local time
        _response, all_feed = self.parse(url("articles_atom"))
        self.assertEqual(len(all_feed.entries), 4)

    def test_faculty_feed_excludes_other_faculties_and_unknown_faculty_is_404(self):
        _response, feed = self.parse(url("faculty_articles_rss", faculty="ff"))
        self.assertEqual([entry.title for entry in feed.entries], ["Noutăți de la fizică"])
        self.assertEqual(self.client.get(url("faculty_articles_rss", faculty="nu-exista")).status_code, 404)
        self.assertEqual(self.client.get(url("faculty_articles_atom", faculty="nu-exista")).status_code, 404)

    def test_english_feeds_list_english_articles(self):
        english = translate(self.older, title="The 2006 class reunion", slug="class-2006")
        for path in (
            url("articles_rss", language="en"),
            url("articles_atom", language="en"),
            url("faculty_articles_rss", faculty="fmi", language="en"),
        ):
            with self.subTest(path=path):
                _response, feed = self.parse(path)
                self.assertEqual(feed.feed.language, "en")
                self.assertEqual([entry.title for entry in feed.entries], ["The 2006 class reunion"])
                self.assertEqual(feed.entries[0].link, english.full_url)
        _response, feed = self.parse(url("articles_rss", language="en"))
        self.assertEqual(feed.feed.title, "Alumni news")
        self.assertEqual(feed.feed.link, "http://testserver/en/")
        _response, romanian = self.parse(url("articles_rss"))
        self.assertNotEqual(
            feed.entries[0].id, next(e.id for e in romanian.entries if e.link.endswith("/promotia-2006/"))
        )


class FeedLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_home()
        cls.fmi_page = FacultyPageFactory(
            parent=cls.home, title="Facultatea de Matematică și Informatică", slug="fmi", faculty__short_name="FMI"
        )
        cls.news = ArticleIndexPageFactory(parent=cls.fmi_page, slug="noutati")
        cls.article = ArticlePageFactory(parent=cls.news, slug="articol")

    def assert_feed_links(self, response, calendar: str, rss: str, atom: str):
        self.assertContains(response, '<link rel="alternate" type="text/calendar" title="', count=1)
        html = response.content.decode()
        for mime, href in (("text/calendar", calendar), ("application/rss+xml", rss), ("application/atom+xml", atom)):
            self.assertRegex(
                html, rf'<link rel="alternate" type="{re.escape(mime)}" title="[^"]+" href="{re.escape(href)}">'
            )

    def test_home_page_advertises_the_portal_feeds(self):
        response = self.client.get(self.home.url)
        self.assert_feed_links(
            response,
            "http://testserver/calendar.ics",
            "http://testserver" + url("articles_rss"),
            "http://testserver" + url("articles_atom"),
        )

    def test_faculty_section_pages_advertise_the_faculty_feeds(self):
        for page in (self.fmi_page, self.article):
            with self.subTest(page=page.title):
                response = self.client.get(page.url)
                self.assert_feed_links(
                    response,
                    "http://testserver/calendar/fmi.ics",
                    "http://testserver" + url("faculty_articles_rss", faculty="fmi"),
                    "http://testserver" + url("faculty_articles_atom", faculty="fmi"),
                )
                self.assertContains(response, 'title="Facultatea de Matematică și Informatică')

    def test_english_pages_advertise_the_english_feeds(self):
        english_home = translate(self.home, title="Alumni", slug="home-en")
        english_faculty = translate(self.fmi_page, title="Faculty of Mathematics", slug="mathematics")
        self.assert_feed_links(
            self.client.get(english_home.url),
            "http://testserver/en/calendar.ics",
            "http://testserver" + url("articles_rss", language="en"),
            "http://testserver" + url("articles_atom", language="en"),
        )
        response = self.client.get(english_faculty.url)
        self.assert_feed_links(
            response,
            "http://testserver/en/calendar/fmi.ics",
            "http://testserver" + url("faculty_articles_rss", faculty="fmi", language="en"),
            "http://testserver" + url("faculty_articles_atom", faculty="fmi", language="en"),
        )
        self.assertContains(response, 'title="Faculty of Mathematics – events calendar"')
