"""Factories for the page tree and faculties (wagtail-factories / factory-boy), shared by every test module."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Locale, Site

from events.models import EventIndexPage, EventPage
from home.models import ArticleIndexPage, ArticlePage, Faculty, FacultyPage, HomePage, StandardPage


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faculty

    name = factory.Sequence(lambda n: f"Facultatea de Științe {n}")
    short_name = factory.Sequence(lambda n: f"F{n}")
    accent_colour = "#1f4e8c"
    coordinator_name = factory.Faker("name", locale="ro_RO")
    coordinator_role = "Responsabil alumni"
    coordinator_email = factory.Sequence(lambda n: f"alumni{n}@example.ro")
    coordinator_phone = "+40 264 405 300"
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="ro"))


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Alumni"
    introduction = "Comunitatea absolvenților."


class FacultyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = FacultyPage

    title = factory.Sequence(lambda n: f"Facultatea {n}")
    faculty = factory.SubFactory(FacultyFactory)
    introduction = "Comunitatea alumni a facultății."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Pagina {n}")
    introduction = "O pagină de conținut."


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticleIndexPage

    title = "Noutăți"


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Articol {n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300))
    introduction = "Un articol despre absolvenți."
    image = factory.SubFactory(wagtail_factories.ImageFactory, file__width=1600, file__height=900)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Evenimente"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Eveniment {n}")
    start = factory.Sequence(lambda n: timezone.now() + datetime.timedelta(days=1 + n))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    venue = "Aula Magna"


def site_home() -> HomePage:
    """The home page the migrations created as the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


def english_locale() -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


def translate(page, **fields):
    """Create and publish the English translation of a page (and of its untranslated ancestors)."""
    translation = page.copy_for_translation(english_locale(), copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def build_section(faculty_name: str = "Facultatea de Matematică și Informatică", articles: int = 2, events: int = 2):
    """A faculty section with an article index and an event index, published under the site's home page."""
    home = site_home()
    faculty_page = FacultyPageFactory(parent=home, title=faculty_name, faculty__name=faculty_name)
    news = ArticleIndexPageFactory(parent=faculty_page, slug="noutati")
    calendar = EventIndexPageFactory(parent=faculty_page, slug="evenimente")
    for _ in range(articles):
        ArticlePageFactory(parent=news)
    for _ in range(events):
        EventPageFactory(parent=calendar)
    return faculty_page, news, calendar


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "alumni.Community"

    name = factory.Sequence(lambda n: f"Comunitatea {n}")
    slug = factory.Sequence(lambda n: f"comunitatea-{n}")
    description = "Absolvenți care lucrează în același domeniu."
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="ro"))


class AlumnusFactory(factory.django.DjangoModelFactory):
    """A listed alumnus by default: approved, with the directory consent. Pass status/consent_* to change that."""

    class Meta:
        model = "alumni.Alumnus"

    faculty = factory.SubFactory(FacultyFactory)
    first_name = factory.Faker("first_name", locale="ro_RO")
    last_name = factory.Faker("last_name", locale="ro_RO")
    email = factory.Sequence(lambda n: f"absolvent{n}@example.ro")
    study_cycle = "licenta"
    programme = "Informatică"
    graduation_year = factory.Sequence(lambda n: 1990 + n % 35)
    employer = "Compania Exemplu SRL"
    job_title = "Inginer software"
    sector = "it"
    city = "Cluj-Napoca"
    country = "România"
    status = "approved"
    source = "registration"
    consent_directory = True
    email_confirmed_at = factory.LazyFunction(timezone.now)
