"""Factories for the events app (factory_boy, wagtail-factories), shared by the tests, the demo data and the
benchmarks. Page factories take `parent=`; `RegistrationFactory` takes `event=`."""

from __future__ import annotations

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify

from events.demo_content import REGISTRATION_CONSENT
from events.models import EventIndexPage, EventPage, EventType, Registration
from home.factories import ArticleIndexPageFactory, ArticlePageFactory, FacultyPageFactory, romanian_locale, site_home

# Who registers for an alumni event: mostly alumni, then students, staff and guests.
ROLE_MIX = [Registration.Role.ALUMNUS] * 6 + [Registration.Role.STUDENT] * 2
ROLE_MIX += [Registration.Role.STAFF, Registration.Role.GUEST]


class EventTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventType

    name = factory.Sequence(lambda n: f"Tip de eveniment {n}")
    locale = factory.LazyFunction(romanian_locale)


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


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration for `event` (required), in the event's faculty: an alumnus (with a graduation
    year) more often than a student, staff member or guest. `number` makes the e-mail address unique."""

    class Meta:
        model = Registration

    class Params:
        first_name = factory.Faker("first_name", locale="ro_RO")
        last_name = factory.Faker("last_name", locale="ro_RO")
        number = factory.Sequence(lambda n: n + 1)

    name = factory.LazyAttribute(lambda o: f"{o.first_name} {o.last_name}")
    email = factory.LazyAttribute(lambda o: f"{slugify(o.first_name)}.{slugify(o.last_name)}.{o.number}@example.ro")
    role = factory.Faker("random_element", elements=ROLE_MIX)
    faculty = factory.LazyAttribute(lambda o: o.event.faculty)
    graduation_year = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Registration.Role.ALUMNUS),
        factory.Faker("random_int", min=1985, max=2025),
        None,
    )
    language = "ro"
    consent_text = REGISTRATION_CONSENT
    status = Registration.Status.CONFIRMED


def build_section(faculty_name: str = "Facultatea de Matematică și Informatică", articles: int = 2, events: int = 2):
    """A faculty section with an article index and an event index, published under the site's home page."""
    faculty_page = FacultyPageFactory(parent=site_home(), title=faculty_name, faculty__name=faculty_name)
    news = ArticleIndexPageFactory(parent=faculty_page, slug="noutati")
    calendar = EventIndexPageFactory(parent=faculty_page, slug="evenimente")
    for _ in range(articles):
        ArticlePageFactory(parent=news)
    for _ in range(events):
        EventPageFactory(parent=calendar)
    return faculty_page, news, calendar
