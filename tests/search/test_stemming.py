"""Romanian and English text in one place (home.text.search_text): folded (cedillas as commas, no diacritics, no
case) and then stemmed in the page's or the request's language, for what the pages index and for what a visitor
types. Run on SQLite and on PostgreSQL (DATABASE_URL), through Wagtail's database backend."""

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings
from wagtail.rich_text import RichText

from home.factories import ArticleIndexPageFactory, ArticlePageFactory, site_home, translate
from home.text import MAX_SEARCH_WORD_LENGTH, MAX_SEARCH_WORDS, query_word_forms, search_text, stem
from tests.routes import url

SEARCH = url("search")
EN_SEARCH = url("search", language="en")


class SearchTextTests(SimpleTestCase):
    def test_romanian_forms_of_a_word_share_one_stem(self):
        forms = ["absolvenții", "absolvenților", "absolvent", "absolventul", "Absolventilor", "ABSOLVENŢII"]
        stems = {word_forms[-1] for form in forms for word_forms in query_word_forms(form, "ro")}
        self.assertEqual(stems, {"absolvent"})

    def test_english_forms_of_a_word_share_one_stem(self):
        stems = {query_word_forms(form, "en")[0][-1] for form in ["graduates", "graduate", "Graduated", "GRADUATE"]}
        self.assertEqual(stems, {"graduat"})
        self.assertEqual(query_word_forms("graduates", "en-gb"), [("graduates", "graduat")])

    def test_folding_comes_before_stemming(self):
        # Unfolded, Romanian Snowball keeps the ț; folded, the stem is the one a query typed without diacritics has.
        self.assertEqual(stem("absolvenții", "ro"), "absolvenț")
        self.assertEqual(search_text("absolvenții", "ro"), "absolventii absolvent")
        self.assertEqual(query_word_forms("absolventi", "ro"), [("absolventi", "absolvent")])

    def test_cedilla_comma_and_plain_letters_index_the_same_text(self):
        self.assertEqual(search_text("Ştiinţe Timişoara", "ro"), search_text("Științe Timișoara", "ro"))
        self.assertEqual(search_text("ŞTIINŢE TIMIŞOARA", "ro"), search_text("stiinte timisoara", "ro"))
        self.assertEqual(query_word_forms("Ştiinţe", "ro"), query_word_forms("științe", "ro"))
        self.assertEqual(query_word_forms("Ăâî Șș Țț", "ro")[0][0], "aai")

    def test_the_indexed_text_keeps_every_folded_word_and_adds_the_stems_that_differ(self):
        self.assertEqual(
            search_text("Anuarul absolvenților: absolvenții și absolventul.", "ro"),
            "anuarul absolventilor absolventii si absolventul anuar absolvent",
        )
        self.assertEqual(search_text("Our graduates", "en"), "our graduates graduat")

    def test_a_language_without_a_stemmer_is_only_folded(self):
        self.assertEqual(search_text("Gyöngyvér Ödön", "hu"), "gyongyver odon")
        self.assertEqual(query_word_forms("Absolvenții", None), [("absolventii",)])

    def test_a_query_keeps_only_safe_words(self):
        self.assertEqual(query_word_forms('"((( AND OR NOT', "en"), [("and",), ("or",), ("not",)])
        self.assertEqual(query_word_forms("a\x00b\x07c 'd'", "ro"), [("a",), ("b",), ("c",), ("d",)])
        self.assertEqual(query_word_forms("", "ro"), [])
        long = query_word_forms(" ".join(["absolvenților" * 10] * 1000), "ro")
        self.assertEqual(len(long), MAX_SEARCH_WORDS)
        self.assertTrue(all(len(form) <= MAX_SEARCH_WORD_LENGTH for forms in long for form in forms))


def titles(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [result.title for group in response.context["groups"] or [] for result in group.results]


@override_settings(RATE_LIMITS_ENABLED=False)
class StemmedSiteSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = site_home()
        news = ArticleIndexPageFactory(parent=home, title="Noutăți", slug="noutati")
        cls.reunion = ArticlePageFactory(
            parent=news,
            title="Reuniunea de primăvară",
            slug="reuniune",
            introduction="Absolvenții promoției se întâlnesc în aulă.",
        )
        cls.grants = ArticlePageFactory(parent=news, title="Burse", slug="burse", introduction="Anunț.")
        cls.grants.body = [("paragraph", RichText("<p>Bursele se acordă absolvenţilor cu media peste 9.</p>"))]
        cls.grants.save()
        translate(news, title="News", slug="news")
        translate(cls.reunion, title="Spring reunion", slug="spring-reunion", introduction="Every graduate is invited.")
        call_command("update_index", verbosity=0)

    def search(self, query, base=SEARCH):
        return titles(self.client.get(base, {"q": query}))

    def test_a_romanian_word_finds_its_other_forms_whatever_the_diacritics(self):
        for query in ["absolvent", "Absolventilor", "absolvenții", "ABSOLVENŢII", "absolventul"]:
            with self.subTest(query=query):
                self.assertIn("Reuniunea de primăvară", self.search(query))

    def test_the_body_is_folded_and_stemmed_too(self):
        for query in ["absolvent", "absolvenților", "burse"]:
            with self.subTest(query=query):
                self.assertIn("Burse", self.search(query))

    def test_every_word_of_the_query_must_match_in_one_of_its_forms(self):
        self.assertEqual(self.search("absolventilor aula"), ["Reuniunea de primăvară"])
        self.assertEqual(self.search("absolvent zborul"), [])

    def test_an_english_word_finds_its_other_forms(self):
        for query in ["graduates", "graduate", "Graduated", "GRADUATES"]:
            with self.subTest(query=query):
                self.assertEqual(self.search(query, EN_SEARCH), ["Spring reunion"])

    def test_a_search_never_crosses_languages(self):
        for query in ["absolvent", "Absolventilor", "reuniunea", "burse"]:
            with self.subTest(query=query):
                self.assertEqual(self.search(query, EN_SEARCH), [])
        for query in ["graduates", "graduate", "spring"]:
            with self.subTest(query=query):
                self.assertEqual(self.search(query), [])

    def test_a_page_indexes_its_folded_words_and_their_stems_in_its_language(self):
        romanian = self.reunion.folded_search_text()
        self.assertIn("absolventii", romanian.split())
        self.assertIn("absolvent", romanian.split())
        english = translate(self.reunion).specific.folded_search_text().split()
        self.assertIn("graduate", english)
        self.assertIn("graduat", english)
        self.assertNotIn("absolvent", english)
