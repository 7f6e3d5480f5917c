"""The site search's queries at scale: people read from the name words agree with the people query they replace,
in order and count, for every audience; on PostgreSQL, page matches and name matches are answered from indexes."""

from unittest import skipUnless

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from alumni.factories import AlumnusFactory
from alumni.filters import matching_ids
from alumni.models import Alumnus, Visibility
from alumni.privacy import PUBLIC, Viewer, office_viewer, visible_alumni
from home.factories import ArticleIndexPageFactory, ArticlePageFactory, FacultyFactory, site_home
from search.kinds import KINDS, SearchContext


def people_query(viewer, query) -> list[int]:
    """What the alumni kind answered before it read the name words: listed people through visible_alumni."""
    context = SearchContext(None, Locale.get_default(), viewer, query)
    people = visible_alumni(viewer, Alumnus.objects.all()).filter(pk__in=matching_ids(context.terms))
    return list(people.order_by("sort_key", "pk").values_list("pk", flat=True))


class AlumniKindAgreementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        faculty = FacultyFactory()
        names = [
            ("Ștefan", "Popescu"),
            ("Stefania", "Popa"),
            ("Ştefan Ștefănescu", "Pop"),  # two words matching "stef": once in the results
            ("Ana", "Stan"),
            ("Maria", "Popescu-Ştefănescu"),
        ]
        for number, (first, last) in enumerate(names * 3):
            AlumnusFactory(first_name=first, last_name=f"{last}", faculty=faculty, email=f"p{number}@example.ro")
        AlumnusFactory(first_name="Ștefan", last_name="Ascuns", consent_directory=False, faculty=faculty)
        AlumnusFactory(first_name="Ștefan", last_name="Nou", status="pending", faculty=faculty)
        cls.signed_in = AlumnusFactory(first_name="Ștefan", last_name="Eu", faculty=faculty)

    def test_the_same_people_in_the_same_order_for_every_viewer(self):
        kind = KINDS["alumni"]
        viewers = [PUBLIC, Viewer(audience=Visibility.ALUMNI, alumnus_id=self.signed_in.pk), office_viewer()]
        for viewer in viewers:
            for query in ("stef", "Ștefan Pop", "pop stef", "ana", "popescu stefanescu", "nimeni", "st"):
                with self.subTest(viewer=viewer, query=query):
                    context = SearchContext(None, Locale.get_default(), viewer, query)
                    matches = kind.matching(context)
                    expected = people_query(viewer, query)
                    self.assertEqual(matches.count(), len(expected))
                    first = list(matches[:5])
                    self.assertEqual([row if isinstance(row, int) else row.pk for row in first], expected[:5])
                    rendered = kind.render(first, context)
                    self.assertEqual(len(rendered), len(expected[:5]))


@skipUnless(connection.vendor == "postgresql", "PostgreSQL's plans")
class PostgresPlanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        index = ArticleIndexPageFactory(parent=site_home())
        for number in range(30):
            ArticlePageFactory(parent=index, title=f"Articolul {number} despre cercetare")
        faculty = FacultyFactory()
        for number in range(30):
            AlumnusFactory(first_name="Maria", last_name=f"Popescu{number}", faculty=faculty)

    def plans(self, kind_key: str, query: str) -> str:
        context = SearchContext(None, Locale.get_default(), PUBLIC, query)
        matches = KINDS[kind_key].matching(context)
        with CaptureQueriesContext(connection) as captured:
            self.assertGreater(matches.count(), 0)
            list(matches[:5])
        plans = []
        with connection.cursor() as cursor:
            # Small tables: with statistics (as autovacuum keeps them), and indexes all the planner may use, to
            # see which ones can answer.
            cursor.execute("ANALYZE wagtailsearch_indexentry, wagtailcore_page, alumni_nameword")
            cursor.execute("SET LOCAL enable_seqscan = off")
            for query_sql in captured.captured_queries:
                cursor.execute("EXPLAIN " + query_sql["sql"])
                plans += [row[0] for row in cursor.fetchall()]
        return "\n".join(plans)

    def test_page_matches_come_from_the_index_of_title_and_body(self):
        # The backend matches this expression (if upstream changes it, the index must follow)...
        context = SearchContext(None, Locale.get_default(), PUBLIC, "cercetare")
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(KINDS["articles"].matching(context).count(), 30)
        expression = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
        self.assertIn(expression, captured.captured_queries[-1]["sql"])
        # ... and the index answers it.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE (title || body) @@ to_tsquery('simple', 'x')"
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn("search_indexentry_document_gin", plan)

    def test_name_matches_are_an_index_only_range_of_the_name_words(self):
        plans = self.plans("alumni", "maria pop")
        # Which of the words' indexes the planner takes depends on the table's statistics (on a few test rows, a
        # bitmap scan of the prefix index; at scale, the covering index alone): never the people's table.
        self.assertRegex(plans, r"Scan (using|on) (search_nameword_listing|name_word_prefix)")
        self.assertNotIn("alumni_alumnus", plans)
