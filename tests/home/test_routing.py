"""Routing in two queries (home/routing.py) lands where Wagtail's own route lands, for every kind of path."""

from django.http import Http404
from django.test import RequestFactory, TestCase
from wagtail.models import Page

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import ArticleIndexPageFactory, ArticlePageFactory, FacultyPageFactory, site_home, translate
from home.routing import DirectRouteMixin


def wagtail_route(page, request, components):
    """Wagtail's `Page.route`, one level at a time, for every page along the way (as without the mixin)."""
    if components:
        try:
            child = page.get_children().get(slug=components[0])
        except Page.DoesNotExist as error:
            raise Http404 from error
        child = child.specific
        if isinstance(child, DirectRouteMixin) and type(child).route is DirectRouteMixin.route:
            return wagtail_route(child, request, components[1:])
        return child.route(request, components[1:])  # a page that routes by itself (the calendar)
    return Page.route(page, request, [])


class DirectRouteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_home()
        cls.faculty_page = FacultyPageFactory(parent=cls.home, slug="litere")
        cls.news = ArticleIndexPageFactory(parent=cls.faculty_page, slug="noutati")
        cls.article = ArticlePageFactory(parent=cls.news, slug="intalnirea")
        cls.draft = ArticlePageFactory(parent=cls.news, slug="ciorna", live=False)
        cls.calendar = EventIndexPageFactory(parent=cls.faculty_page, slug="evenimente")
        cls.event = EventPageFactory(parent=cls.calendar, slug="networking")
        # Same slugs in another section: the path decides, not the slug.
        other = FacultyPageFactory(parent=cls.home, slug="drept")
        ArticlePageFactory(parent=ArticleIndexPageFactory(parent=other, slug="noutati"), slug="intalnirea")
        cls.home_en = translate(cls.home, title="Alumni", slug="home-en")
        cls.faculty_en = translate(cls.faculty_page, title="Faculty of Letters", slug="letters")

    def routes(self, root, path: str):
        request = RequestFactory().get("/" + path)
        components = [component for component in path.split("/") if component]
        outcomes = []
        for route in (root.route, lambda request, components: wagtail_route(root, request, components)):
            try:
                result = route(request, components)
            except Http404:
                outcomes.append("404")
            else:
                view = result.args[0] if result.args else None
                outcomes.append((result.page.pk, type(result.page), getattr(view, "__name__", None), result.args[1:]))
        return outcomes

    def test_the_same_page_for_every_path(self):
        paths = [
            "",
            "litere/",
            "litere/noutati/",
            "litere/noutati/intalnirea/",
            "drept/noutati/intalnirea/",
            "litere/noutati/ciorna/",  # a draft: 404
            "litere/noutati/nu-exista/",
            "nu-exista/noutati/intalnirea/",
            "litere/noutati/intalnirea/mai-departe/",
            "litere/evenimente/",
            "litere/evenimente/month/",  # the calendar's own route
            "litere/evenimente/networking/",
            "litere/evenimente/nu-exista/",
        ]
        for path in paths:
            with self.subTest(path=path):
                direct, wagtail = self.routes(self.home, path)
                self.assertEqual(direct, wagtail)
        self.assertEqual(self.routes(self.home, "litere/noutati/intalnirea/")[0][0], self.article.pk)
        self.assertEqual(self.routes(self.home, "litere/noutati/ciorna/")[0], "404")
        self.assertEqual(self.routes(self.home, "litere/evenimente/month/")[0][2], "month_route")

    def test_the_same_page_in_the_other_language(self):
        for path in ("letters/", "letters/noutati/", "litere/"):
            with self.subTest(path=path):
                direct, wagtail = self.routes(self.home_en, path)
                self.assertEqual(direct, wagtail)

    def test_two_queries_whatever_the_depth(self):
        request = RequestFactory().get("/")
        with self.assertNumQueries(2):
            result = self.home.route(request, ["litere", "noutati", "intalnirea"])
        self.assertEqual(result.page, self.article)
        with self.assertNumQueries(0):  # set while routing
            self.assertEqual(result.page.get_parent().pk, self.news.pk)
        # Below a page that routes by itself, Wagtail's route takes over: two more for the event.
        with self.assertNumQueries(4):
            self.assertEqual(self.home.route(request, ["litere", "evenimente", "networking"]).page, self.event)

    def test_the_site_serves_the_routed_pages(self):
        self.assertEqual(self.client.get(self.article.url).status_code, 200)
        self.assertEqual(self.client.get(self.event.url).status_code, 200)
        self.assertEqual(self.client.get(self.calendar.url + "month/").status_code, 200)
        self.assertEqual(self.client.get(self.news.url + "ciorna/").status_code, 404)
