"""Factories for the newsletters app, shared by the tests, the demo data and the benchmarks. Page factories take
`parent=`; `NewsletterPageFactory` makes a short issue with a heading and a paragraph."""

from __future__ import annotations

import datetime

import factory
import wagtail_factories
from wagtail.rich_text import RichText

from home.factories import romanian_locale
from newsletters.models import InvitationTemplate, NewsletterIndexPage, NewsletterPage


def simple_body(text: str = "Vești de la comunitatea alumni.") -> list:
    return [("heading", {"text": "Noutăți", "level": "h2"}), ("paragraph", RichText(f"<p>{text}</p>"))]


class NewsletterIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsletterIndexPage

    title = "Newsletter"


class NewsletterPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsletterPage

    title = factory.Sequence(lambda n: f"Newsletter nr. {n + 1}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 15) + datetime.timedelta(days=30 * (n % 12)))
    introduction = "Ce s-a întâmplat luna aceasta în comunitatea alumni."
    body = factory.LazyFunction(simple_body)


class InvitationTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvitationTemplate

    name = factory.Sequence(lambda n: f"Invitație {n + 1}")
    subject = "Te invităm: {event}"
    body = (
        "Bună, {name}!\n\nTe invităm la {event}, pe {date}, la {place}.\n"
        "Înscrie-te aici (formularul e deja completat pentru tine): {link}\n\nBiroul Alumni"
    )
    locale = factory.LazyFunction(romanian_locale)
