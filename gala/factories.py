"""Factories for the gala, shared by the tests, the demo data and the benchmarks. Page factories take `parent=`."""

from __future__ import annotations

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone

from gala.models import AwardCategory, GalaEditionPage, GalaIndexPage, Nomination
from home.factories import romanian_locale


class GalaIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GalaIndexPage

    title = "Gala Absolvenților"


class GalaEditionPageFactory(wagtail_factories.PageFactory):
    """An edition three months away, with nominations open now for a month."""

    class Meta:
        model = GalaEditionPage

    title = factory.Sequence(lambda n: f"Gala Absolvenților {2020 + n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=90))
    venue = "Aula Magna"
    programme = "<p>Primirea invitaților, decernarea premiilor, concert.</p>"
    nominations_open = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    nominations_close = factory.LazyAttribute(lambda o: o.nominations_open + timedelta(days=30))


class AwardCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardCategory

    name = factory.Iterator(["Excelență profesională", "Implicare în comunitate", "Tânărul absolvent al anului"])
    description = "Pentru absolvenții care au făcut ceva remarcabil."
    locale = factory.LazyFunction(romanian_locale)


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    nominee_name = factory.Faker("name", locale="ro_RO")
    graduation_year = 2010
    reason = "A fondat o companie care a angajat zeci de studenți și a predat voluntar la facultate ani la rând."
    nominator_name = factory.Faker("name", locale="ro_RO")
    nominator_email = factory.Sequence(lambda n: f"propunator{n}@example.ro")
