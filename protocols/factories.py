"""Factories for the protocols, shared by the tests and the demo data. Page factories take `parent=`; a protocol
needs `faculty=` and is built as a draft (not live) unless `live=True` is given."""

from __future__ import annotations

from datetime import date, timedelta

import factory
import wagtail_factories

from protocols.models import Protocol, ProtocolActivity, ProtocolIndexPage, ProtocolTemplate, WeakPoint

STANDARD_CLAUSES = (
    "<h2>Obiectul protocolului</h2><p>Părțile colaborează la formarea practică a studenților.</p>"
    "<h2>Obligațiile partenerului</h2><p>Partenerul susține activitățile convenite, cu specialiști proprii.</p>"
    "<h2>Obligațiile facultății</h2><p>Facultatea selectează studenții și asigură spațiile.</p>"
    "<h2>Durata</h2><p>Protocolul se încheie pe un an universitar și poate fi prelungit prin act adițional.</p>"
)


class ProtocolIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProtocolIndexPage

    title = "Protocoale de colaborare"
    introduction = "Absolvenți care aduc meseria lor în formarea studenților."


class ProtocolTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProtocolTemplate

    title = "Protocol-cadru de colaborare pentru formarea studenților"
    body = STANDARD_CLAUSES


class WeakPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeakPoint

    programme = factory.Iterator(["Informatică", "Drept", "Contabilitate și informatică de gestiune"])
    description = factory.Iterator(
        [
            "Studenții lucrează rar pe proiecte reale, în echipă, cu termene.",
            "Puțină practică în redactarea actelor și în pledoarie.",
            "Instrumentele de audit folosite în firme lipsesc din laboratoare.",
        ]
    )


class ProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Protocol

    title = factory.Sequence(lambda n: f"Protocol de colaborare {n}")
    partner_name = factory.Iterator(["Endava", "Banca Transilvania", "Casa de avocatură Pop & Asociații"])
    terms = STANDARD_CLAUSES
    starts_on = date(2026, 10, 1)
    ends_on = date(2027, 6, 30)
    target_programme = "Informatică"
    target_year = 2
    group_size = 25
    live = False


class ProtocolActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProtocolActivity

    kind = ProtocolActivity.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Atelier practic {n}")
    date = factory.Sequence(lambda n: date(2026, 10, 15) + timedelta(days=14 * n))
