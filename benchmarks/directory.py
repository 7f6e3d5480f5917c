"""Directory search with facets at scale: a generated alumni population and timed directory requests.

    DATABASE_URL=sqlite:////tmp/dir-bench.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/dir-bench.sqlite3 .venv/bin/python -m benchmarks.directory build --count 20000
    DATABASE_URL=sqlite:////tmp/dir-bench.sqlite3 .venv/bin/python -m benchmarks.directory run

`build` bulk-creates people (faculties, years, sectors, countries, help offers, communities, visibility choices
and consents spread like a real university's, about 70% listed) and bulk-indexes the listed ones; `run` serves
the directory page in-process (Django test client) for a mix of name searches and filters and reports p50/p95.
Both take the database from the environment (`config.settings.dev` unless DJANGO_SETTINGS_MODULE says otherwise).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 4242
BATCH = 5000
DIRECTORY_SLUG = "absolventi"
EMAIL_DOMAIN = "bench.example.ro"

FIRST_NAMES = [
    "Andrei",
    "Alexandru",
    "Ștefan",
    "Ion",
    "Mihai",
    "Radu",
    "Bogdan",
    "Cristian",
    "Florin",
    "Tudor",
    "Vlad",
    "Ovidiu",
    "Gheorghe",
    "Dumitru",
    "Răzvan",
    "Sorin",
    "Ana",
    "Maria",
    "Elena",
    "Ioana",
    "Andreea",
    "Alexandra",
    "Cristina",
    "Mihaela",
    "Raluca",
    "Irina",
    "Oana",
    "Ștefania",
    "Bianca",
    "Roxana",
    "Alina",
    "Tereza",
    "Ştefan",
    "Ţuţu",
    "Iulia",
    "Adriana",
    "Diana",
    "Larisa",
    "Gabriela",
    "Daniela",
    "Liviu",
    "Cătălin",
    "Nicoleta",
    "Simona",
    "Horia",
    "Petru",
    "Aurel",
    "Doina",
]
LAST_NAMES = [
    "Popescu",
    "Ionescu",
    "Popa",
    "Pop",
    "Rusu",
    "Munteanu",
    "Stan",
    "Stoica",
    "Moldovan",
    "Mureșan",
    "Dumitrescu",
    "Constantin",
    "Gheorghiu",
    "Matei",
    "Lungu",
    "Ciobanu",
    "Șerban",
    "Țurcanu",
    "Bălan",
    "Cozma",
    "Dragomir",
    "Lazăr",
    "Sârbu",
    "Mocanu",
    "Vlad",
    "Nistor",
    "Oprea",
    "Pavel",
    "Toma",
    "Neagu",
    "Avram",
    "Bucur",
    "Cristea",
    "Dobre",
    "Enache",
    "Florea",
    "Ghiță",
    "Ilie",
    "Jitaru",
    "Kovács",
    "Szabó",
    "Nagy",
    "Luca",
    "Manole",
    "Nedelcu",
    "Roman",
    "Ursu",
    "Vasilescu",
    "Zamfir",
    "Ardeleanu",
    "Bârsan",
    "Căpraru",
    "Dinu",
    "Ene",
    "Filip",
    "Grigore",
    "Hoban",
    "Iancu",
    "Jurca",
    "Lupu",
    "Marin",
    "Năstase",
    "Onu",
]
SECTOR_WEIGHTS = {
    "it": 18,
    "education": 16,
    "research": 8,
    "public": 10,
    "health": 9,
    "finance": 8,
    "industry": 9,
    "law": 6,
    "culture": 5,
    "business": 7,
    "nonprofit": 2,
    "other": 2,
    "": 6,
}
COUNTRIES = {"România": 82, "Germania": 4, "Franța": 2, "Regatul Unit": 3, "Italia": 2, "Spania": 1, "SUA": 2}
COUNTRIES |= {"Olanda": 1, "Belgia": 1, "Republica Moldova": 1, "": 1}
CITIES = ["Cluj-Napoca", "București", "Timișoara", "Iași", "Brașov", "Oradea", "Sibiu", "Târgu Mureș", "Munich"]
FACULTIES = [
    ("Facultatea de Matematică și Informatică", "FMI"),
    ("Facultatea de Drept", "FD"),
    ("Facultatea de Științe Economice și Gestiunea Afacerilor", "FSEGA"),
    ("Facultatea de Litere", "LIT"),
    ("Facultatea de Biologie și Geologie", "BIOGEO"),
    ("Facultatea de Psihologie și Științe ale Educației", "FPSE"),
]
COMMUNITIES = [
    ("Ingineri software", "ingineri-software"),
    ("Profesori și educatori", "profesori"),
    ("Cercetători", "cercetatori"),
    ("Juriști", "juristi"),
    ("Finanțe și bănci", "finante"),
    ("Antreprenori", "antreprenori"),
]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _graduation_year(rng: random.Random, this_year: int) -> int | None:
    if rng.random() < 0.03:
        return None
    # More recent graduates: the university grew, and recent ones register more often.
    return max(1950, this_year - int(rng.expovariate(1 / 12)))


def _visibility(rng: random.Random) -> dict[str, str]:
    draw = rng.random()
    if draw < 0.65:
        return {}
    if draw < 0.8:
        return {"email": "alumni", "employer": "public", "city": "public"}
    if draw < 0.92:
        return {"sector": "alumni", "country": "alumni", "graduation_year": "alumni"}
    return {"help_offers": "office", "communities": "alumni", "photo": "office"}


def ensure_directory():
    """The faculties, communities and a directory page under the home page: the demo's when present."""
    from wagtail.models import Locale, Site

    from alumni.models import Community, DirectoryPage
    from home.models import Faculty

    locale = Locale.get_default()
    faculties = list(Faculty.objects.filter(locale=locale))
    if not faculties:
        faculties = [Faculty.objects.create(name=name, short_name=short, locale=locale) for name, short in FACULTIES]
    if not Community.objects.filter(locale=locale).exists():
        for name, slug in COMMUNITIES:
            Community.objects.create(name=name, slug=slug, locale=locale)
    communities = list(Community.objects.filter(locale=locale))
    home = Site.objects.get(is_default_site=True).root_page.specific
    directory = DirectoryPage.objects.child_of(home).first()
    if directory is None:
        directory = DirectoryPage(title="Absolvenți", slug=DIRECTORY_SLUG)
        home.add_child(instance=directory)
        directory.save_revision().publish()
    return faculties, communities, directory


def build(count: int = 200_000, seed: int = SEED) -> dict:
    """Add `count` generated people (e-mails @bench.example.ro, replaced on a rebuild) and index the listed ones."""
    import datetime

    from django.db import transaction
    from wagtail.search.backends import get_search_backend

    from alumni.models import HELP_OFFER_FIELDS, Alumnus

    started = time.perf_counter()
    rng = random.Random(seed)
    faculties, communities, directory = ensure_directory()
    Alumnus.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    this_year = datetime.date.today().year
    faculty_weights = [rng.randint(2, 10) for _ in faculties]
    membership = Alumnus.communities.through
    backend = get_search_backend()
    created = listed = 0
    for batch_start in range(0, count, BATCH):
        rows = []
        for n in range(batch_start, min(count, batch_start + BATCH)):
            approved = rng.random() < 0.86
            status = Alumnus.Status.APPROVED if approved else rng.choice(["pending", "unconfirmed", "rejected"])
            country = _weighted(rng, COUNTRIES)
            person = Alumnus(
                faculty=rng.choices(faculties, weights=faculty_weights)[0],
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES) + (f"-{rng.choice(LAST_NAMES)}" if rng.random() < 0.05 else ""),
                email=f"p{n}@{EMAIL_DOMAIN}",
                study_cycle=rng.choices(["licenta", "master", "doctorat", ""], weights=[60, 30, 6, 4])[0],
                programme="Program de studiu",
                graduation_year=_graduation_year(rng, this_year),
                employer=f"Angajator {rng.randint(1, 3000)}",
                job_title="Specialist",
                sector=_weighted(rng, SECTOR_WEIGHTS),
                city=rng.choice(CITIES) if country == "România" else "",
                country=country,
                status=status,
                source=rng.choice(["registration", "import"]),
                consent_directory=approved and rng.random() < 0.82,
                consent_newsletter=rng.random() < 0.5,
                visibility=_visibility(rng),
            )
            for field_name in HELP_OFFER_FIELDS.values():
                setattr(person, field_name, rng.random() < 0.12)
            person.refresh_derived_fields()
            rows.append(person)
        with transaction.atomic():
            saved = Alumnus.objects.bulk_create(rows, batch_size=1000)
            if saved and saved[0].pk is None:  # backends without RETURNING: read the ids back
                saved = list(Alumnus.objects.filter(email__in=[p.email for p in rows]).order_by("pk"))
            membership.objects.bulk_create(
                (
                    membership(alumnus_id=person.pk, community_id=community.pk)
                    for person in saved
                    if rng.random() < 0.3
                    for community in rng.sample(communities, k=rng.randint(1, 2))
                ),
                ignore_conflicts=True,
            )
            to_index = [person for person in saved if person.is_listed]
            backend.add_bulk(Alumnus, to_index)
        created += len(saved)
        listed += len(to_index)
    # Fresh statistics, as autovacuum (PostgreSQL) or a routine ANALYZE would leave them: without them the
    # planner joins the search index row by row.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "created": created,
        "listed": listed,
        "directory": directory.url,
        "seconds": round(time.perf_counter() - started, 1),
    }


def requests_mix(rng: random.Random, count: int) -> list[tuple[str, dict]]:
    """A believable mix: name searches (full, partial, without diacritics), filters, both, and later pages."""
    from alumni.filters import decade_choices
    from alumni.models import HelpOffer, Sector
    from home.models import Faculty

    shorts = list(Faculty.objects.filter(locale__language_code="ro").values_list("short_name", flat=True))
    decades = [value for value, _label in decade_choices()][-5:]
    kinds = []
    for n in range(count):
        kind = ["name", "partial", "filters", "name+filters", "facets", "page"][n % 6]
        params: dict[str, str] = {}
        if kind in ("name", "name+filters"):
            full_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            params["q"] = rng.choice(LAST_NAMES) if rng.random() < 0.5 else full_name
        if kind == "partial":
            params["q"] = rng.choice(LAST_NAMES)[:3].lower()
        if kind in ("filters", "name+filters"):
            params["faculty"] = rng.choice(shorts)
            extra = rng.choice(["sector", "decade", "help", "country"])
            params[extra] = rng.choice(
                {
                    "sector": Sector.values,
                    "decade": decades,
                    "help": ["any", *HelpOffer.values],
                    "country": ["România", "Germania", "Franța"],
                }[extra]
            )
        if kind == "page":
            params["page"] = str(rng.randint(2, 50))
        kinds.append((kind, params))
    return kinds


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(requests: int = 50, seed: int = SEED, warmup: int = 3) -> dict:
    """Serve the directory `requests` times (after `warmup` unmeasured ones); p50/p95 in milliseconds."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from alumni.models import Alumnus

    _faculties, _communities, directory = ensure_directory()
    client = Client(HTTP_HOST="localhost")
    url = directory.url
    mix = requests_mix(random.Random(seed), requests)
    for _kind, params in mix[:warmup]:
        client.get(url, params)
    timings: dict[str, list[float]] = {}
    queries: set[int] = set()
    for kind, params in mix:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{url}?{params} answered {response.status_code}")
        timings.setdefault(kind, []).append(elapsed)
        queries.add(len(captured))
    every = [value for values in timings.values() for value in values]
    return {
        "alumni": Alumnus.objects.count(),
        "listed": Alumnus.objects.listed().count(),
        "requests": len(every),
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(_percentile(every, 0.95), 1),
        "queries_per_request": sorted(queries),
        "by_kind": {
            kind: {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(_percentile(values, 0.95), 1)}
            for kind, values in timings.items()
        },
        "database": connection.vendor,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["build", "run", "both"])
    parser.add_argument("--count", type=int, default=200_000, help="people to generate (build)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests (run)")
    options = parser.parse_args(argv)
    setup_django()
    import json

    if options.action in ("build", "both"):
        print(json.dumps({"build": build(options.count)}, ensure_ascii=False), flush=True)  # noqa: T201
    if options.action in ("run", "both"):
        print(json.dumps({"run": run(options.requests)}, ensure_ascii=False, indent=2), flush=True)  # noqa: T201


if __name__ == "__main__":
    main()
