"""The alumni directory page and its community pages: who appears, what each viewer sees, name search, filters
with facet counts, pagination, languages, query counts, and absence of unlisted people from every public surface."""

import itertools
import re

import wagtail_factories
from django.db import connection
from django.db.models import Q
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from alumni.accounts import SESSION_ACCOUNT_KEY, SESSION_HASH_KEY, _session_hash
from alumni.directory import counts
from alumni.directory.facets import facet_counts
from alumni.erasure import erase
from alumni.factories import AlumnusFactory, CommunityFactory
from alumni.filters import DirectoryFilterSet
from alumni.models import VISIBILITY_DEFAULTS, Alumnus, AlumnusAccount, DirectoryPage, Visibility
from alumni.models.people import DIRECTORY_AUDIENCES, DIRECTORY_FIELDS, HELP_OFFER_BITS, directory_column
from alumni.privacy import PUBLIC, Viewer, field_visible_q, may_see_field, office_viewer, visible_alumni
from home.factories import FacultyFactory, FacultyPageFactory, english_locale, site_home, translate
from tests.routes import url


def add_directory(parent, title="Absolvenți", slug="absolventi") -> DirectoryPage:
    page = DirectoryPage(title=title, slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def sign_in_client(client, alumnus: Alumnus) -> AlumnusAccount:
    """Sign an alumnus in on the test client's session, as alumni.accounts.sign_in would."""
    account = AlumnusAccount.objects.get_or_create(alumnus=alumnus)[0]
    session = client.session
    session[SESSION_ACCOUNT_KEY] = account.pk
    session[SESSION_HASH_KEY] = _session_hash(account)
    session.save()
    return account


def person_ids(response) -> list[int]:
    return [card.profile.id for card in response.context["people"].object_list]


def unlisted_people(faculty, **fields) -> dict[str, Alumnus]:
    """One person in each state that must never appear publicly, all with the same distinctive name parts."""
    people = {
        "unconfirmed": AlumnusFactory(faculty=faculty, status=Alumnus.Status.UNCONFIRMED, **fields),
        "pending": AlumnusFactory(faculty=faculty, status=Alumnus.Status.PENDING, **fields),
        "rejected": AlumnusFactory(faculty=faculty, status=Alumnus.Status.REJECTED, **fields),
        "not consenting": AlumnusFactory(faculty=faculty, consent_directory=False, **fields),
    }
    people["erased"] = erase(AlumnusFactory(faculty=faculty, **fields))
    return people


class DirectoryTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_home()
        cls.fmi = FacultyFactory(name="Facultatea de Matematică și Informatică", short_name="FMI")
        cls.fd = FacultyFactory(name="Facultatea de Drept", short_name="FD")
        cls.directory = add_directory(cls.home)
        cls.url = cls.directory.url

    def get(self, url=None, status=200, **params):
        response = self.client.get(url or self.url, params)
        self.assertEqual(response.status_code, status, response.content[:2000])
        return response


class ListingTests(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.zamfir = AlumnusFactory(faculty=cls.fmi, first_name="Ana", last_name="Zamfir")
        cls.sandu = AlumnusFactory(faculty=cls.fmi, first_name="Ion", last_name="Șandu")
        cls.serban = AlumnusFactory(faculty=cls.fd, first_name="Maria", last_name="Sârbu")
        cls.stan = AlumnusFactory(faculty=cls.fd, first_name="Ioana", last_name="Stan")
        cls.unlisted = unlisted_people(cls.fmi, first_name="Ascuns", last_name="Nevăzut")

    def test_only_listed_people_appear_in_romanian_order(self):
        response = self.get()
        # s < ș in Romanian, and "Sârbu" < "Stan" (â sorts after a, before b).
        self.assertEqual(person_ids(response), [self.serban.pk, self.stan.pk, self.sandu.pk, self.zamfir.pk])
        self.assertEqual(response.context["result_count"], 4)
        self.assertNotContains(response, "Nevăzut")
        self.assertContains(response, f'id="person-{self.zamfir.pk}"')

    def test_name_search_ignores_diacritics_and_spelling_of_s_and_t(self):
        stefan = AlumnusFactory(faculty=self.fmi, first_name="Ștefan", last_name="Țurcanu")
        cedilla = AlumnusFactory(faculty=self.fd, first_name="Ştefan", last_name="Moţoc")  # old cedilla letters
        AlumnusFactory(faculty=self.fd, first_name="Ștefan", last_name="Ascuns", status=Alumnus.Status.PENDING)
        for query in ["stefan", "Ștefan", "Ştefan", "STEFAN", "ștef"]:
            with self.subTest(query=query):
                self.assertEqual(set(person_ids(self.get(q=query))), {stefan.pk, cedilla.pk})
        self.assertEqual(person_ids(self.get(q="stefan turcanu")), [stefan.pk])
        self.assertEqual(person_ids(self.get(q="motoc")), [cedilla.pk])
        self.assertEqual(person_ids(self.get(q="Moţoc")), [cedilla.pk])
        self.assertEqual(person_ids(self.get(q="nimeni")), [])
        self.assertEqual(person_ids(self.get(q='"*')), person_ids(self.get()))  # punctuation only: no filter

    def test_the_name_words_find_what_the_search_backend_finds(self):
        from alumni import name_search

        AlumnusFactory(faculty=self.fmi, first_name="Ștefan", last_name="Țurcanu")
        AlumnusFactory(faculty=self.fd, first_name="Ştefania", last_name="Ionescu")
        backend = get_search_backend()
        for terms in (["stef"], ["stefan", "turc"], ["io"], ["nimeni"], ["ana", "ana"], ["z"]):
            with self.subTest(terms=terms):
                fast = Alumnus.objects.filter(pk__in=name_search.matching_ids(terms))
                generic = backend.autocomplete(" ".join(terms), Alumnus.objects.listed(), operator="and")
                self.assertEqual({p.pk for p in fast}, {p.pk for p in generic})

    def test_search_combines_with_filters(self):
        ioana_fmi = AlumnusFactory(faculty=self.fmi, first_name="Ioana", last_name="Pop")
        self.assertEqual(person_ids(self.get(q="ioana", faculty="FMI")), [ioana_fmi.pk])
        self.assertEqual(person_ids(self.get(q="ioana", faculty="FD")), [self.stan.pk])

    def test_pagination_keeps_twenty_per_page(self):
        for n in range(41):
            AlumnusFactory(faculty=self.fmi, first_name=f"Persoana{n:02d}", last_name="Zz")
        page_three = self.get(page=3, faculty="FMI")
        self.assertEqual(len(person_ids(page_three)), 3)
        self.assertEqual(page_three.context["result_count"], 43)
        self.assertContains(page_three, "faculty=FMI&amp;page=2")
        self.assertEqual(self.get(page=99, faculty="FMI").context["people"].number, 3)


class FilterTests(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.a = AlumnusFactory(
            faculty=cls.fmi, study_cycle="licenta", graduation_year=1995, sector="it", country="România"
        )
        cls.b = AlumnusFactory(
            faculty=cls.fmi,
            study_cycle="master",
            graduation_year=2005,
            sector="research",
            country="Germania",
            help_mentoring=True,
        )
        cls.c = AlumnusFactory(
            faculty=cls.fd,
            study_cycle="doctorat",
            graduation_year=2009,
            sector="law",
            country="germania",
            help_internships=True,
            help_mentoring=True,
        )
        cls.d = AlumnusFactory(
            faculty=cls.fd, study_cycle="licenta", graduation_year=2021, sector="it", country="România"
        )
        unlisted_people(cls.fd, sector="it", graduation_year=2021, help_mentoring=True)

    def ids(self, **params) -> set[int]:
        return set(person_ids(self.get(**params)))

    def test_each_filter(self):
        self.assertEqual(self.ids(faculty="FMI"), {self.a.pk, self.b.pk})
        self.assertEqual(self.ids(cycle="licenta"), {self.a.pk, self.d.pk})
        self.assertEqual(self.ids(decade="2000"), {self.b.pk, self.c.pk})
        self.assertEqual(self.ids(year="2009"), {self.c.pk})
        self.assertEqual(self.ids(sector="it"), {self.a.pk, self.d.pk})
        self.assertEqual(self.ids(country="românia"), {self.a.pk, self.d.pk})
        self.assertEqual(self.ids(help="any"), {self.b.pk, self.c.pk})
        self.assertEqual(self.ids(help="internships"), {self.c.pk})
        self.assertEqual(self.ids(help="mentoring", faculty="FD"), {self.c.pk})

    def test_invalid_values_answer_400_with_the_form_errors(self):
        for params in [
            {"year": "nouăzeci"},
            {"year": "1800"},
            {"cycle": "liceu"},
            {"decade": "1234"},
            {"faculty": "NOPE"},
            {"sector": "<script>"},
            {"help": "money"},
            {"q": "x" * 101},
        ]:
            with self.subTest(params=params):
                response = self.get(status=400, **params)
                self.assertTrue(response.context["filterset"].errors)
                self.assertEqual(person_ids(response), [])
                self.assertContains(response, 'class="field-error"', status_code=400)

    def test_facet_counts_add_up_to_the_result_count(self):
        response = self.get()
        counts, total = response.context["facet_counts"], response.context["result_count"]
        self.assertEqual(total, 4)
        for facet in ("faculty", "cycle", "decade", "sector"):
            with self.subTest(facet=facet):
                self.assertEqual(sum(counts[facet].values()), total)
        self.assertEqual(counts["faculty"], {"FMI": 2, "FD": 2})
        self.assertEqual(counts["decade"], {"1990": 1, "2000": 2, "2020": 1})
        self.assertEqual(counts["country"], {"România": 2, "Germania": 2})  # spellings differing by case merge
        self.assertEqual(self.ids(country="GERMANIA"), {self.b.pk, self.c.pk})
        self.assertEqual(
            counts["help"], {"any": 2, "mentoring": 2, "internships": 1, "guest_lectures": 0, "practice": 0}
        )
        self.assertContains(response, "Facultatea de Drept (2)")

    def test_facet_counts_with_filters_are_what_choosing_the_value_would_show(self):
        response = self.get(faculty="FMI", sector="it")
        counts, total = response.context["facet_counts"], response.context["result_count"]
        self.assertEqual(total, 1)
        # The chosen value counts the results; the others, what choosing them instead would show.
        self.assertEqual(counts["faculty"], {"FMI": 1, "FD": 1})
        self.assertEqual(counts["sector"], {"it": 1, "research": 1})
        for facet in ("cycle", "decade"):
            self.assertEqual(sum(counts[facet].values()), total)
        for faculty, count in counts["faculty"].items():
            self.assertEqual(self.get(faculty=faculty, sector="it").context["result_count"], count)
        for sector, count in counts["sector"].items():
            self.assertEqual(self.get(faculty="FMI", sector=sector).context["result_count"], count)

    def test_filters_and_facets_never_reveal_a_field_the_viewer_may_not_see(self):
        hidden = AlumnusFactory(
            faculty=self.fmi,
            sector="it",
            country="Japonia",
            graduation_year=1999,
            help_practice=True,
            visibility={"sector": "alumni", "country": "office", "graduation_year": "alumni", "help_offers": "alumni"},
        )
        anonymous = self.get(sector="it")
        self.assertNotIn(hidden.pk, person_ids(anonymous))
        counts = self.get().context["facet_counts"]
        self.assertEqual(counts["sector"]["it"], 2)
        self.assertNotIn("Japonia", counts["country"])
        self.assertEqual(counts["decade"]["1990"], 1)
        self.assertEqual(counts["help"]["practice"], 0)
        self.assertEqual(person_ids(self.get(help="practice")), [])
        self.assertEqual(person_ids(self.get(country="Japonia")), [])
        self.assertIn(hidden.pk, person_ids(self.get(faculty="FMI")))  # they are listed, just not by sector

        sign_in_client(self.client, self.d)
        signed_in = self.get(sector="it")
        self.assertIn(hidden.pk, person_ids(signed_in))
        counts = signed_in.context["facet_counts"]
        self.assertEqual(counts["sector"]["it"], 3)
        self.assertEqual(counts["help"]["practice"], 1)
        self.assertNotIn("Japonia", counts["country"])  # the office only

    def test_a_signed_in_alumnus_finds_themselves_by_what_they_hide_from_other_alumni(self):
        hidden = {"sector": "office", "country": "office", "help_offers": "office", "graduation_year": "office"}
        me = AlumnusFactory(faculty=self.fmi, sector="law", country="Japonia", graduation_year=1977, help_practice=True)
        other = AlumnusFactory(
            faculty=self.fmi, sector="law", country="Japonia", graduation_year=1977, help_practice=True
        )
        Alumnus.objects.filter(pk__in=[me.pk, other.pk]).update(visibility=hidden)
        sign_in_client(self.client, me)
        for params in ({"sector": "law"}, {"country": "japonia"}, {"help": "practice"}, {"decade": "1970"}):
            with self.subTest(params=params):
                found = person_ids(self.get(**params))
                self.assertIn(me.pk, found)
                self.assertNotIn(other.pk, found)
        # Their country in another case, beyond ASCII, as the facets count it (SQLite's LIKE folds ASCII only).
        Alumnus.objects.filter(pk=me.pk).update(country="ROMÂNIA")
        self.assertIn(me.pk, person_ids(self.get(country="România")))
        self.assertNotIn(me.pk, person_ids(self.get(country="Germania")))

    def test_only_a_field_someone_hides_from_other_alumni_is_tested_on_their_own_row(self):
        """Who shows the field to other alumni is found through the stored column alone; only a hidden field's
        filter adds their row by id (an OR keeps PostgreSQL off the column's index)."""
        sign_in_client(self.client, self.d)

        def own_row_added() -> bool:
            with CaptureQueriesContext(connection) as captured:
                self.assertIn(self.d.pk, person_ids(self.get(sector="it")))
            own = f' OR "alumni_alumnus"."id" = {self.d.pk}'
            return any(own in query["sql"] and "alumni_sector" in query["sql"] for query in captured)

        self.assertFalse(own_row_added())
        Alumnus.objects.filter(pk=self.d.pk).update(visibility={"sector": "office"})
        self.assertTrue(own_row_added())

    def test_field_visible_q_agrees_with_the_privacy_function(self):
        choices = [None, *Visibility.values]
        people = []
        for field_name in VISIBILITY_DEFAULTS:
            for level in choices:
                # "public" on an e-mail is refused by the model, but stored data may hold it: the rule holds anyway.
                visibility = {} if level is None else {field_name: level}
                people.append(AlumnusFactory(faculty=self.fmi, visibility=visibility))
        viewers = [PUBLIC, Viewer(audience=Visibility.ALUMNI, alumnus_id=people[0].pk), office_viewer()]
        for viewer, field_name in itertools.product(viewers, VISIBILITY_DEFAULTS):
            with self.subTest(viewer=viewer, field=field_name):
                visible = visible_alumni(viewer, Alumnus.objects.filter(pk__in=[p.pk for p in people]))
                in_sql = set(visible.filter(field_visible_q(viewer, field_name)).values_list("pk", flat=True))
                in_python = {p.pk for p in people if may_see_field(p, field_name, viewer)}
                self.assertEqual(in_sql, in_python)

    def test_stored_directory_columns_agree_with_the_privacy_function(self):
        """Each stored column holds the value exactly where `may_see_field` lets its audience see it (and the
        field is filled in): for every field, level, listing state and empty value, on this database."""
        people = []
        states = [
            {"status": Alumnus.Status.APPROVED, "consent_directory": True},
            {"status": Alumnus.Status.APPROVED, "consent_directory": False},
            {"status": Alumnus.Status.PENDING, "consent_directory": True},
        ]
        empty = {"study_cycle": "", "graduation_year": None, "sector": "", "country": ""}
        for field_name, level, state, blank in itertools.product(
            DIRECTORY_FIELDS, [None, *Visibility.values], states, [False, True]
        ):
            visibility = {} if level is None else {field_name: level}
            values = {"help_mentoring": not blank, "help_practice": not blank}
            if field_name in empty and blank:
                values = {field_name: empty[field_name]}
            people.append(AlumnusFactory(faculty=self.fmi, visibility=visibility, **state, **values))
        stored = {
            row["pk"]: row
            for row in Alumnus.objects.filter(pk__in=[p.pk for p in people]).values(
                "pk", *(directory_column(a, f) for a in DIRECTORY_AUDIENCES for f in DIRECTORY_FIELDS)
            )
        }
        for person, audience, field_name in itertools.product(people, DIRECTORY_AUDIENCES, DIRECTORY_FIELDS):
            viewer = Viewer(audience=audience)
            if field_name == "help_offers":
                real = sum(bit for offer, bit in HELP_OFFER_BITS.items() if getattr(person, f"help_{offer}")) or None
            else:
                real = getattr(person, field_name) if getattr(person, field_name) not in ("", None) else None
            expected = real if may_see_field(person, field_name, viewer) else None
            with self.subTest(audience=audience, field=field_name, visibility=person.visibility, pk=person.pk):
                self.assertEqual(stored[person.pk][directory_column(audience, field_name)], expected)

    def test_facets_cost_a_fixed_number_of_queries(self):
        filterset = DirectoryFilterSet(
            {"faculty": "FMI", "q": "a"}, queryset=Alumnus.objects.listed(), viewer=PUBLIC, locale_id=self.fmi.locale_id
        )
        self.assertTrue(filterset.is_valid())
        with self.assertNumQueries(6):
            facet_counts(filterset)


class WhatEachViewerSeesTests(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.person = AlumnusFactory(
            faculty=cls.fmi,
            first_name="Elena",
            last_name="Vlad",
            email="elena.vlad@example.ro",
            employer="Angajator Discret SRL",
            bio="Despre mine.",
            visibility={"email": "alumni"},
        )
        cls.office_only = AlumnusFactory(faculty=cls.fmi, email="doar.biroul@example.ro", employer="Altă Firmă")
        cls.public_email = AlumnusFactory(faculty=cls.fd, email="public@example.ro")
        Alumnus.objects.filter(pk=cls.public_email.pk).update(visibility={"email": "public", "phone": "public"})
        cls.reader = AlumnusFactory(faculty=cls.fd, first_name="Cititor", last_name="Autentificat")

    def test_anonymous_visitors_see_public_fields_and_never_an_email(self):
        response = self.get()
        content = response.content.decode()
        self.assertNotIn("@example.ro", content)
        self.assertNotIn("mailto:", content)
        self.assertNotIn("Angajator Discret", content)  # employer: signed-in alumni by default
        self.assertIn("Elena Vlad", content)
        self.assertIn("Informatică", content)  # programme: public by default

    def test_signed_in_alumni_see_alumni_level_fields(self):
        sign_in_client(self.client, self.reader)
        content = self.get().content.decode()
        self.assertIn("Angajator Discret SRL", content)
        self.assertIn("mailto:elena.vlad@example.ro", content)
        self.assertIn("mailto:public@example.ro", content)  # "everyone" on an e-mail means signed-in alumni
        self.assertNotIn("doar.biroul@example.ro", content)  # the office only

    def test_a_photo_shows_only_to_those_who_may_see_it(self):
        photo = wagtail_factories.ImageFactory(file__width=400, file__height=400)
        Alumnus.objects.filter(pk=self.person.pk).update(photo=photo)
        self.assertNotIn("person-card__photo", self.get().content.decode())  # photos: signed-in alumni by default
        sign_in_client(self.client, self.reader)
        self.assertContains(self.get(), "person-card__photo", count=1)

    def test_a_stale_session_is_the_public(self):
        sign_in_client(self.client, self.reader)
        account = self.reader.account
        account.set_password("schimbată")
        account.save()
        self.assertNotIn("Angajator Discret", self.get().content.decode())


class LanguageAndScopeTests(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.fmi_en = cls.fmi.copy_for_translation(english_locale())
        cls.fmi_en.name = "Faculty of Mathematics and Computer Science"
        cls.fmi_en.save()
        cls.person = AlumnusFactory(faculty=cls.fmi, first_name="Radu", last_name="Matei")
        cls.other = AlumnusFactory(faculty=cls.fd, first_name="Dan", last_name="Dreptu")
        cls.community = CommunityFactory(name="Ingineri software", slug="ingineri-software")
        cls.community_en = cls.community.copy_for_translation(english_locale())
        cls.community_en.name = "Software engineers"
        cls.community_en.save()
        cls.person.communities.add(cls.community)
        translate(cls.home, title="Alumni", slug="home-en")
        cls.directory_en = translate(cls.directory, title="Alumni directory", slug="directory")

    def test_faculty_and_community_names_are_in_the_pages_language(self):
        english = self.get(self.directory_en.url)
        self.assertEqual(self.directory_en.url, "/en/directory/")
        self.assertContains(english, "Faculty of Mathematics and Computer Science")
        self.assertContains(english, "Software engineers")
        self.assertContains(english, 'href="/en/directory/comunitati/ingineri-software/"')
        self.assertEqual(set(person_ids(self.get(self.directory_en.url, faculty="FMI"))), {self.person.pk})
        romanian = self.get()
        self.assertContains(romanian, "Facultatea de Matematică și Informatică")
        self.assertContains(romanian, 'href="/absolventi/comunitati/ingineri-software/"')

    def test_a_faculty_sections_directory_lists_only_its_faculty(self):
        section = FacultyPageFactory(parent=self.home, faculty=self.fd, title="Drept", slug="drept")
        directory = add_directory(section, slug="absolventi-drept")
        response = self.get(directory.url)
        self.assertEqual(person_ids(response), [self.other.pk])
        self.assertNotIn("faculty", response.context["filterset"].form.fields)
        self.assertNotIn("faculty", response.context["facet_counts"])
        community = self.get(f"{directory.url}comunitati/ingineri-software/")
        self.assertEqual(person_ids(community), [])

    def test_the_page_costs_the_same_number_of_queries_for_20_and_2000_matches(self):
        def bulk(count: int, start: int):
            rows = []
            for n in range(start, start + count):
                person = Alumnus(
                    faculty=self.fmi,
                    first_name=f"Prenume{n}",
                    last_name=f"Nume{n}",
                    email=f"bulk{n}@example.ro",
                    status=Alumnus.Status.APPROVED,
                    consent_directory=True,
                    graduation_year=1970 + n % 50,
                    sector=["it", "law", "health"][n % 3],
                    country=["România", "Franța"][n % 2],
                    help_mentoring=n % 4 == 0,
                )
                person.refresh_derived_fields()
                rows.append(person)
            Alumnus.objects.bulk_create(rows)
            added = Alumnus.objects.filter(email__startswith="bulk").order_by("pk")[start : start + count]
            membership = Alumnus.communities.through
            membership.objects.bulk_create(membership(alumnus=p, community=self.community) for p in added)
            counts.rebuild()  # bulk_create sends no signals: a bulk write counts again, as imports do

        def queries(**params) -> int:
            for _warm_up in range(2):  # the layout fragments and site caches warm, as on a running site
                self.get(**params)
            with CaptureQueriesContext(connection) as captured:
                self.get(**params)
            return len(captured)

        bulk(19, 0)
        few = [queries(), queries(faculty="FMI", sector="it"), queries(page=2)]
        bulk(1981, 19)
        many = [queries(), queries(faculty="FMI", sector="it"), queries(page=2)]
        self.assertEqual(few, many)
        self.assertEqual(self.get().context["result_count"], 2002)


class CommunityPageTests(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.community = CommunityFactory(name="Profesori", slug="profesori", description="Dascăli.")
        cls.member = AlumnusFactory(faculty=cls.fmi, first_name="Mihai", last_name="Membru")
        cls.quiet_member = AlumnusFactory(
            faculty=cls.fmi, first_name="Tudor", last_name="Discret", visibility={"communities": "alumni"}
        )
        cls.non_member = AlumnusFactory(faculty=cls.fmi, first_name="Vasile", last_name="Străin")
        cls.unlisted = unlisted_people(cls.fmi, first_name="Ascuns", last_name="Nevăzut")
        for person in [cls.member, cls.quiet_member, *cls.unlisted.values()]:
            person.communities.add(cls.community)
        cls.community_url = f"{cls.url}comunitati/profesori/"

    def test_lists_consenting_listed_members_who_show_their_communities(self):
        response = self.get(self.community_url)
        self.assertEqual(person_ids(response), [self.member.pk])
        self.assertContains(response, "Profesori")
        self.assertContains(response, f'href="{self.url}"')
        self.assertNotContains(response, "Nevăzut")
        sign_in_client(self.client, self.non_member)
        self.assertEqual(person_ids(self.get(self.community_url)), [self.quiet_member.pk, self.member.pk])

    def test_cards_and_the_directory_link_to_the_community(self):
        response = self.get()
        self.assertContains(response, f'href="{self.community_url}"', count=2)  # the member's card and the list

    def test_unknown_slugs_are_404(self):
        self.get(f"{self.url}comunitati/nu-exista/", status=404)
        self.get(f"{self.url}comunitati/profesori/altceva/", status=404)


class AbsentFromEveryPublicSurfaceTests(DirectoryTestCase):
    """Pending, rejected, unconfirmed, erased and non-consenting people never appear publicly."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.community = CommunityFactory(slug="comunitate")
        cls.listed = AlumnusFactory(faculty=cls.fmi, first_name="Vizibil", last_name="Listatescu")
        cls.listed.communities.add(cls.community)
        cls.hidden = unlisted_people(cls.fmi, first_name="Zgârcitu", last_name="Ascunsescu", sector="it")
        for person in cls.hidden.values():
            if person.status != Alumnus.Status.ERASED:
                person.communities.add(cls.community)

    def test_absent_from_directory_community_sitemap_api_and_index(self):
        hidden_ids = {person.pk for person in self.hidden.values()}
        directory = self.get()
        self.assertEqual(person_ids(directory), [self.listed.pk])
        self.assertNotContains(directory, "Ascunsescu")
        for params in ({"q": "ascunsescu"}, {"q": "zgarcitu"}, {"sector": "it"}, {"faculty": "FMI"}):
            self.assertNotContains(self.get(**params), "Ascunsescu")
        community = self.get(f"{self.url}comunitati/comunitate/")
        self.assertEqual(person_ids(community), [self.listed.pk])

        sitemap = self.client.get("/sitemap.xml").content.decode()
        self.assertIn(self.directory.full_url, sitemap)
        self.assertNotIn("Ascunsescu", sitemap)
        self.assertNotIn("Listatescu", sitemap)  # no page per person, listed or not
        self.assertNotIn("/comunitati/", sitemap)

        api = self.client.get("/api/v3/alumni/", {"limit": 100}).json()
        self.assertEqual([item["id"] for item in api["items"]], [self.listed.pk])
        self.assertEqual(self.client.get("/api/v3/alumni/", {"q": "ascunsescu"}).json()["count"], 0)
        for person_id in hidden_ids:
            self.assertEqual(self.client.get(f"/api/v3/alumni/{person_id}/").status_code, 404)

        indexed = set(Alumnus.get_indexed_objects().values_list("pk", flat=True))
        self.assertEqual(indexed & hidden_ids, set())
        backend = get_search_backend()
        for query in ["Ascunsescu", "ascunsescu", "Zgârcitu"]:
            self.assertEqual([p.pk for p in backend.search(query, Alumnus.objects.all())], [])
            self.assertEqual([p.pk for p in backend.autocomplete(query.lower(), Alumnus.objects.all())], [])

        site_search = self.client.get(url("search"), {"q": "Ascunsescu"})
        self.assertEqual(site_search.status_code, 200)
        self.assertNotContains(site_search, "Ascunsescu Zgârcitu")

    def test_after_erasure_nothing_in_the_database_or_the_index_finds_them(self):
        person = AlumnusFactory(faculty=self.fmi, first_name="Dorina", last_name="Ștergătoru", email="dorina@ex.ro")
        person.communities.add(self.community)
        self.assertEqual(person_ids(self.get(q="stergatoru")), [person.pk])
        erase(person)
        for needle in ["Ștergătoru", "stergatoru", "Dorina", "dorina@ex.ro"]:
            with self.subTest(needle=needle):
                by_field = Q()
                for field_name in ("first_name", "last_name", "email", "folded_name", "sort_key"):
                    by_field |= Q(**{f"{field_name}__icontains": needle})
                self.assertFalse(Alumnus.objects.filter(by_field).exists())
                in_index = Q(title__icontains=needle) | Q(body__icontains=needle) | Q(autocomplete__icontains=needle)
                self.assertFalse(IndexEntry.objects.filter(in_index).exists())
                self.assertEqual(list(get_search_backend().search(needle, Alumnus.objects.all())), [])
        self.assertEqual(person_ids(self.get(q="stergatoru")), [])
        self.assertEqual(self.client.get("/api/v3/alumni/", {"q": "dorina"}).json()["count"], 0)


class TemplateTests(DirectoryTestCase):
    def test_the_page_is_accessible_without_javascript(self):
        AlumnusFactory(faculty=self.fmi)
        content = self.get().content.decode()
        self.assertIn('<form class="filter-form" method="get">', content)
        for field_id in (
            "id_q",
            "id_faculty",
            "id_cycle",
            "id_decade",
            "id_year",
            "id_sector",
            "id_country",
            "id_help",
        ):
            self.assertIn(f'<label for="{field_id}">', content)
        # The only script is the header's search suggestions: deferred, from a file, and not needed by the page.
        scripts = re.findall(r"<script[^>]*>", content)
        self.assertTrue(all("search/suggest" in tag and "defer" in tag for tag in scripts), scripts)
        self.assertEqual(Locale.get_default().language_code, "ro")
