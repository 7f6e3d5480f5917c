"""Directory search with facets at scale: a generated alumni population and timed directory requests.

    DATABASE_URL=sqlite:////tmp/dir-bench.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/dir-bench.sqlite3 .venv/bin/python -m benchmarks.directory build --count 20000
    DATABASE_URL=sqlite:////tmp/dir-bench.sqlite3 .venv/bin/python -m benchmarks.directory run

`build` bulk-creates people with the demo's factory (`AlumnusFactory(believable=True)`: faculties, years, sectors,
countries, help offers, visibility choices and consents spread like a real university's; few imported, so about 70%
are listed), adds community memberships and bulk-indexes the listed ones; `run` serves the directory page
in-process (Django test client) for a mix of name searches (names drawn from the listed people) and filters and
reports p50/p95.
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

# Few imported people (the demo's factory never lets an imported person consent): about 70% end up listed.
IMPORTED_SHARE = 0.05
NAME_SAMPLE = 2000  # listed people whose names the searches use
FACULTIES = [
    ("Facultatea de Matematică și Informatică", "FMI"),
    ("Facultatea de Drept", "FD"),
    ("Facultatea de Științe Economice și Gestiunea Afacerilor", "FSEGA"),
    ("Facultatea de Litere", "FL"),
    ("Facultatea de Biologie și Geologie", "FBG"),
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


def ensure_directory():
    """The faculties, communities and a directory page under the home page: the demo's when present."""
    from wagtail.models import Locale

    from alumni.factories import CommunityFactory, DirectoryPageFactory
    from alumni.models import Community, DirectoryPage
    from home.factories import FacultyFactory, site_home
    from home.models import Faculty

    locale = Locale.get_default()
    faculties = list(Faculty.objects.filter(locale=locale))
    if not faculties:
        faculties = [FacultyFactory(name=name, short_name=short, locale=locale) for name, short in FACULTIES]
    if not Community.objects.filter(locale=locale).exists():
        for name, slug in COMMUNITIES:
            CommunityFactory(name=name, slug=slug, locale=locale)
    communities = list(Community.objects.filter(locale=locale))
    home = site_home()
    directory = DirectoryPage.objects.child_of(home).first()
    if directory is None:
        directory = DirectoryPageFactory(parent=home, title="Absolvenți", slug=DIRECTORY_SLUG)
        directory.save_revision().publish()
    return faculties, communities, directory


def build(count: int = 200_000, seed: int = SEED) -> dict:
    """Add `count` generated people (e-mails @bench.example.ro, replaced on a rebuild) and index the listed ones."""
    import factory.random
    from django.db import transaction
    from wagtail.search.backends import get_search_backend

    from alumni.factories import AlumnusFactory
    from alumni.models import Alumnus

    started = time.perf_counter()
    rng = random.Random(seed)
    factory.random.reseed_random(seed)
    faculties, communities, directory = ensure_directory()
    Alumnus.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    faculty_weights = [rng.randint(2, 10) for _ in faculties]
    membership = Alumnus.communities.through
    backend = get_search_backend()
    created = listed = 0
    for batch_start in range(0, count, BATCH):
        rows = [
            AlumnusFactory.build(
                believable=True,
                faculty=rng.choices(faculties, weights=faculty_weights)[0],
                email=f"p{n}@{EMAIL_DOMAIN}",
                imported_share=IMPORTED_SHARE,
            )
            for n in range(batch_start, min(count, batch_start + BATCH))
        ]
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
    from alumni import name_search
    from alumni.directory import counts

    counts.rebuild()  # bulk_create sends no signals
    name_search.rebuild()
    # Fresh statistics, as autovacuum (PostgreSQL) or a routine ANALYZE would leave them: without them the
    # planner joins the search index row by row. On PostgreSQL, autovacuum also vacuums a table after many
    # inserts, which marks its pages all-visible so that the covering indexes answer alone (index-only scans).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "created": created,
        "listed": listed,
        "directory": directory.url,
        "seconds": round(time.perf_counter() - started, 1),
    }


def requests_mix(rng: random.Random, count: int) -> list[tuple[str, dict]]:
    """A believable mix: name searches (full, partial, without diacritics), filters, both, and later pages; the
    names are those of listed people."""
    from alumni.filters import decade_choices
    from alumni.models import Alumnus, HelpOffer, Sector
    from home.models import Faculty
    from home.text import fold_diacritics

    names = list(Alumnus.objects.listed().order_by("pk").values_list("first_name", "last_name")[:NAME_SAMPLE])
    shorts = list(Faculty.objects.filter(locale__language_code="ro").values_list("short_name", flat=True))
    decades = [value for value, _label in decade_choices()][-5:]
    kinds = []
    for n in range(count):
        kind = ["name", "partial", "filters", "name+filters", "facets", "page"][n % 6]
        params: dict[str, str] = {}
        first_name, last_name = rng.choice(names) if names else ("Ana", "Pop")
        if kind in ("name", "name+filters"):
            query = last_name if rng.random() < 0.5 else f"{first_name} {last_name}"
            params["q"] = fold_diacritics(query) if rng.random() < 0.3 else query
        if kind == "partial":
            params["q"] = last_name[:3].lower()
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


def _timed_pass(client, url: str, mix, before_each=None) -> tuple[dict[str, list[float]], set[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings: dict[str, list[float]] = {}
    queries: set[int] = set()
    for kind, params in mix:
        if before_each is not None:
            before_each()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{url}?{params} answered {response.status_code}")
        timings.setdefault(kind, []).append(elapsed)
        queries.add(len(captured))
    return timings, queries


def _summary(timings: dict[str, list[float]]) -> dict:
    every = [value for values in timings.values() for value in values]
    return {
        "requests": len(every),
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(_percentile(every, 0.95), 1),
        "by_kind": {
            kind: {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(_percentile(values, 0.95), 1)}
            for kind, values in timings.items()
        },
    }


def run(requests: int = 50, seed: int = SEED, warmup: int = 3) -> dict:
    """Serve the directory `requests` times (after `warmup` unmeasured ones), warm, then the same mix again cold:
    before each request someone's row changes (as a profile edit would), so no cached count is any use and every
    facet is counted afresh. p50/p95 in milliseconds."""
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from alumni.models import Alumnus
    from config.process import freeze_startup_objects

    _faculties, _communities, directory = ensure_directory()
    freeze_startup_objects()  # as config/wsgi.py does in every app server before its first request
    client = Client(HTTP_HOST="localhost")
    url = directory.url
    mix = requests_mix(random.Random(seed), requests)
    for _kind, params in mix[:warmup]:
        client.get(url, params)
    warm, queries = _timed_pass(client, url, mix)
    someone = Alumnus.objects.order_by("pk").values_list("pk", flat=True).first()

    def someone_changes():
        Alumnus.objects.filter(pk=someone).update(updated_at=timezone.now())

    cold, cold_queries = _timed_pass(client, url, mix, before_each=someone_changes)
    return {
        "alumni": Alumnus.objects.count(),
        "listed": Alumnus.objects.listed().count(),
        **_summary(warm),
        "cold": _summary(cold),
        "queries_per_request": sorted(queries | cold_queries),
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
