"""Small builders for the newsletter tests: an archive with one newsletter, and people with or without consent."""

from alumni.factories import AlumnusFactory
from home.factories import FacultyFactory, site_home
from newsletters.factories import NewsletterIndexPageFactory, NewsletterPageFactory


def newsletter_setup(cls):
    """On a TestCase class: two faculties, an archive, a published newsletter, and six people of whom three may
    receive it (approved, with the newsletter consent)."""
    cls.fmi = FacultyFactory(name="Facultatea de Matematică și Informatică", short_name="FMI")
    cls.fd = FacultyFactory(name="Facultatea de Drept", short_name="FD")
    cls.archive = NewsletterIndexPageFactory(parent=site_home(), slug="newsletter")
    cls.newsletter = NewsletterPageFactory(parent=cls.archive, title="Newsletter de toamnă", slug="toamna")
    person = AlumnusFactory
    cls.ana = person(faculty=cls.fmi, email="ana@example.ro", consent_newsletter=True, graduation_year=2005)
    cls.bogdan = person(faculty=cls.fd, email="bogdan@example.ro", consent_newsletter=True, graduation_year=2015)
    cls.carmen = person(
        faculty=cls.fmi, email="carmen@example.ro", consent_newsletter=True, language="en", graduation_year=2020
    )
    cls.no_consent = person(faculty=cls.fmi, email="dan@example.ro", consent_newsletter=False)
    cls.pending = person(faculty=cls.fmi, email="elena@example.ro", consent_newsletter=True, status="pending")
    cls.rejected = person(faculty=cls.fd, email="florin@example.ro", consent_newsletter=True, status="rejected")
    cls.subscribers = {"ana@example.ro", "bogdan@example.ro", "carmen@example.ro"}
