"""Factories for the alumni app (factory_boy, wagtail-factories), shared by the tests, the demo data and the
benchmarks.

`AlumnusFactory()` is a listed alumnus with plain, fixed details: what a test wants. `AlumnusFactory(believable=True)`
is one of a faculty's graduates as a real university has them (the demo and the benchmarks): more recent years
than old ones, the faculty's usual sectors and work that fits the sector, mostly in Romania, a few names typed
with the old cedilla letters; some imported (`imported_share`, approved, never consenting), the others registered
(most approved, consenting to some purposes); some offering help, some showing their work. For thousands, use
`.build()` and `bulk_create` (the derived name fields are filled on build too).
"""

from __future__ import annotations

from collections.abc import Iterable

import factory
import factory.random
import wagtail_factories
from django.utils import timezone, translation
from django.utils.text import slugify

from alumni import demo_content as content
from alumni.models import (
    HELP_OFFER_FIELDS,
    Alumnus,
    Community,
    Consent,
    ConsentPurpose,
    DirectoryPage,
    JoinPage,
    Sector,
    StudyCycle,
    Visibility,
    consent_text_version,
)
from home.factories import FacultyFactory, romanian_locale
from home.text import fold_diacritics

_CEDILLAS = str.maketrans({"ș": "ş", "ț": "ţ", "Ș": "Ş", "Ț": "Ţ"})
_STATUSES = [Alumnus.Status.APPROVED, Alumnus.Status.PENDING, Alumnus.Status.REJECTED, Alumnus.Status.UNCONFIRMED]


def ascii_slug(text: str) -> str:
    return slugify(fold_diacritics(text))


def _draw() -> float:
    """A draw from factory_boy's shared generator, which the demo and the benchmarks seed."""
    return factory.random.randgen.random()


def _choice(options):
    return factory.random.randgen.choice(options)


def _weighted(pairs: list[tuple[str, int]]) -> str:
    return factory.random.randgen.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def with_cedillas(text: str) -> str:
    """The text as older keyboards (and Windows-1250 files) write it: ş ţ for ș ț."""
    return text.translate(_CEDILLAS)


def import_header(fields: Iterable[str], language: str = "ro") -> list[str]:
    """The header row of an alumni import file with these columns (by field), named from the import's own column
    table: each column's label in `language` where the import takes it as a header, else its first alias (the
    table lists a column's Romanian names first and its English ones last), capitalised."""
    from alumni.importing.columns import COLUMNS_BY_FIELD, HEADER_KEYS, match_key

    names = []
    with translation.override(language):
        for field_name in fields:
            column = COLUMNS_BY_FIELD[field_name]
            name = str(column.label)
            if HEADER_KEYS.get(match_key(name)) != field_name:
                name = column.aliases[0 if language == "ro" else -1].capitalize()
            names.append(name)
    return names


def _sector(faculty_short_name: str) -> str:
    return _choice(content.FACULTY_SECTORS.get(faculty_short_name, []) + [_choice(Sector.values)])


def _graduation_year() -> int:
    # More recent graduates than old ones, as in every alumni database.
    return timezone.localdate().year - min(int(factory.random.randgen.expovariate(1 / 9)), 50)


def _visibility() -> dict[str, str]:
    visibility = {"employer": Visibility.PUBLIC, "job_title": Visibility.PUBLIC} if _draw() < 0.3 else {}
    if _draw() < 0.1:
        visibility["email"] = Visibility.ALUMNI
    return visibility


def _registered(o) -> bool:
    return o.source == Alumnus.Source.REGISTRATION


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Comunitatea {n}")
    slug = factory.Sequence(lambda n: f"comunitatea-{n}")
    description = "Absolvenți care lucrează în același domeniu."
    locale = factory.LazyFunction(romanian_locale)


class AlumnusFactory(factory.django.DjangoModelFactory):
    """A listed alumnus by default: approved, with the directory consent. Pass status/consent_* to change that,
    or `believable=True` (with `faculty`, and `number` to make the e-mail address unique) for a drawn one."""

    class Meta:
        model = Alumnus

    class Params:
        number = factory.Sequence(lambda n: n)
        imported_share = 0.4
        female = factory.LazyFunction(lambda: _draw() < 0.55)
        given_name = factory.Maybe(
            "female",
            factory.Faker("first_name_female", locale="ro_RO"),
            factory.Faker("first_name_male", locale="ro_RO"),
        )
        family_name = factory.Faker("last_name", locale="ro_RO")
        old_keyboard = factory.LazyFunction(lambda: _draw() < 0.04)
        helps = factory.LazyFunction(lambda: _draw() < 0.3)
        believable = factory.Trait(
            first_name=factory.LazyAttribute(lambda o: with_cedillas(o.given_name) if o.old_keyboard else o.given_name),
            last_name=factory.LazyAttribute(
                lambda o: with_cedillas(o.family_name) if o.old_keyboard else o.family_name
            ),
            email=factory.LazyAttribute(
                lambda o: f"{ascii_slug(o.first_name)}.{ascii_slug(o.last_name)}.{o.number}@example.ro".replace(
                    "-", "."
                )
            ),
            study_cycle=factory.LazyFunction(lambda: factory.random.randgen.choices(list(StudyCycle), [62, 32, 6])[0]),
            programme=factory.LazyAttribute(
                lambda o: f"{content.PROGRAMMES[o.study_cycle]} {o.faculty.name.replace('Facultatea de ', '')}"
            ),
            graduation_year=factory.LazyFunction(_graduation_year),
            sector=factory.LazyAttribute(lambda o: _sector(o.faculty.short_name)),
            employer=factory.LazyAttribute(
                lambda o: _choice(content.EMPLOYERS.get(o.sector, content.EMPLOYERS["other"]))
            ),
            job_title=factory.LazyAttribute(
                lambda o: _choice(content.JOB_TITLES.get(o.sector, content.JOB_TITLES["other"]))
            ),
            country=factory.LazyFunction(lambda: _weighted(content.COUNTRIES)),
            city=factory.LazyAttribute(lambda o: _choice(content.CITIES[o.country])),
            source=factory.LazyAttribute(
                lambda o: Alumnus.Source.IMPORT if _draw() < o.imported_share else Alumnus.Source.REGISTRATION
            ),
            status=factory.LazyAttribute(
                lambda o: (
                    _weighted(list(zip(_STATUSES, [88, 6, 2, 4], strict=True)))
                    if _registered(o)
                    else Alumnus.Status.APPROVED
                )
            ),
            consent_directory=factory.LazyAttribute(lambda o: _registered(o) and _draw() < 0.85),
            consent_newsletter=factory.LazyAttribute(lambda o: _registered(o) and _draw() < 0.6),
            consent_surveys=factory.LazyAttribute(lambda o: _registered(o) and _draw() < 0.45),
            email_confirmed_at=factory.LazyAttribute(
                lambda o: None if o.status == Alumnus.Status.UNCONFIRMED else timezone.now()
            ),
            visibility=factory.LazyFunction(_visibility),
            **{
                field_name: factory.LazyAttribute(lambda o: o.helps and _draw() < 0.5)
                for field_name in HELP_OFFER_FIELDS.values()
            },
        )

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

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        person = super()._build(model_class, *args, **kwargs)
        person.refresh_derived_fields()  # save() does it; bulk_create does not
        return person


class ConsentFactory(factory.django.DjangoModelFactory):
    """A consent given on registration, with the text the person saw."""

    class Meta:
        model = Consent

    alumnus = factory.SubFactory(AlumnusFactory)
    purpose = ConsentPurpose.DIRECTORY
    given = True
    at = factory.LazyFunction(timezone.now)
    text = factory.LazyAttribute(lambda o: content.CONSENTS_RO[o.purpose])
    text_version = factory.LazyAttribute(lambda o: consent_text_version(o.text))
    source = Consent.Source.REGISTRATION


class DirectoryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DirectoryPage

    title = "Absolvenți"


class JoinPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = JoinPage

    title = "Alătură-te comunității alumni"
    directory_consent_text = content.CONSENTS_RO[ConsentPurpose.DIRECTORY]
    newsletter_consent_text = content.CONSENTS_RO[ConsentPurpose.NEWSLETTER]
    surveys_consent_text = content.CONSENTS_RO[ConsentPurpose.SURVEYS]
