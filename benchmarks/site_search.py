"""The site search at scale, on SQLite and on PostgreSQL: /cautare/ over 10,000 pages and 200,000 alumni (p50 and
p95 of a mix of queries), the suggestions' p95, and the time to rebuild the search index. Writes its section of
benchmarks/RESULTS.md (part of `make bench`).

    .venv/bin/python benchmarks/site_search.py [--pages 10000] [--alumni 200000] [--requests 60] [--database sqlite]

Each database is fresh (a SQLite file under benchmarks/.work/, and BENCH_PG_URL's database, made and dropped
here, when PostgreSQL answers), each step in its own process with `benchmarks.settings`, as benchmarks/alumni.py
does. Pages are built through Wagtail's tree (the slow part); alumni in bulk. Requests run in-process through
Django's test client, so the numbers are the view's own time (no network, no server).
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.alumni import last_json, on_each_database, step  # noqa: E402
from benchmarks.results import RESULTS_PATH, write_section  # noqa: E402

WORDS = ["absolvenți", "Timișoara", "carieră", "întâlnire", "mentorat", "cercetare", "bursă", "practică", "gală"]
NAMES = ["Ștefan", "Ioana", "Andrei", "Maria", "Mihai", "Elena", "Radu", "Ana"]
SURNAMES = ["Popescu", "Ionescu", "Munteanu", "Stoica", "Dumitrescu", "Marinescu", "Timișoreanu"]


def log(message: str) -> None:
    print(f"[search bench] {message}", flush=True)  # noqa: T201


def build(pages: int, alumni: int, seed: int = 11) -> dict:
    """A home page with an article index of `pages` articles, and `alumni` listed alumni over 15 faculties."""
    import django

    django.setup()
    from alumni.models import Alumnus
    from home.factories import ArticleIndexPageFactory, FacultyFactory, site_home
    from home.models import ArticlePage

    rng = random.Random(seed)  # noqa: S311 - benchmark data
    started = time.perf_counter()
    faculties = [FacultyFactory(short_name=f"F{number}") for number in range(15)]
    news = ArticleIndexPageFactory(parent=site_home(), slug="stiri-bench")
    for number in range(pages):
        words = " ".join(rng.sample(WORDS, 3))
        news.add_child(
            instance=ArticlePage(
                title=f"Articolul {number}: {words}",
                slug=f"articol-{number}",
                introduction=f"Despre {words} și comunitatea alumni.",
                live=True,
            )
        )
    built_pages = time.perf_counter() - started
    people = []
    for number in range(alumni):
        person = Alumnus(
            faculty=faculties[number % len(faculties)],
            first_name=rng.choice(NAMES),
            last_name=f"{rng.choice(SURNAMES)} {number}",
            email=f"absolvent{number}@example.ro",
            status=Alumnus.Status.APPROVED,
            consent_directory=rng.random() < 0.7,
        )
        person.refresh_derived_fields()
        people.append(person)
        if len(people) == 5000:
            Alumnus.objects.bulk_create(people)
            people = []
    Alumnus.objects.bulk_create(people)
    from alumni import name_search
    from alumni.directory import counts

    # bulk_create sends no signals: the directory's counters and the name words the search reads people from.
    counts.rebuild()
    name_search.rebuild()
    return {"pages_seconds": round(built_pages, 1), "seconds": round(time.perf_counter() - started, 1)}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(requests: int, seed: int = 12) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    rng = random.Random(seed)  # noqa: S311 - benchmark data
    client = Client(HTTP_HOST="localhost")
    queries = [rng.choice(WORDS) for _ in range(requests // 3)]
    queries += [rng.choice(NAMES) + " " + rng.choice(SURNAMES) for _ in range(requests // 3)]
    queries += ["nimic-de-gasit", "absolvent", "stefan timisoara", "gala 2026"] * (requests // 12 + 1)
    queries = queries[:requests]
    timings: dict[str, list[float]] = {"search": [], "suggest": []}
    # The people were inserted in bulk: index everything first (its time is the rebuild's), as saving does on a
    # running site, so the name searches find them.
    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    rebuild = time.perf_counter() - started
    # Fresh statistics, as autovacuum (PostgreSQL) or a routine ANALYZE would leave them after so many inserts
    # (benchmarks/directory.py does the same): without them the planner joins the index entries row by row.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    with override_settings(RATE_LIMITS_ENABLED=False):
        for base, key in (("/cautare/", "search"), ("/cautare/sugestii/", "suggest")):
            for query in queries:
                started = time.perf_counter()
                response = client.get(base, {"q": query[: 8 if key == "suggest" else None]})
                timings[key].append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{base}?q={query}: {response.status_code}")
    return {
        "search_p50": round(statistics.median(timings["search"]), 1),
        "search_p95": round(percentile(timings["search"], 0.95), 1),
        "suggest_p50": round(statistics.median(timings["suggest"]), 1),
        "suggest_p95": round(percentile(timings["suggest"], 0.95), 1),
        "rebuild_seconds": round(rebuild, 1),
    }


def measure(label: str, database_url: str, pages: int, alumni: int, requests: int) -> dict:
    log(f"{label}: migrate")
    step(database_url, "manage.py", "migrate", "--no-input", "-v", "0")
    log(f"{label}: build {pages:,} pages and {alumni:,} alumni")
    built = last_json(step(database_url, "benchmarks/site_search.py", "--step", "build", *_sizes(pages, alumni)))
    log(f"{label}: built in {built['seconds']} s; measuring")
    measured = last_json(step(database_url, "benchmarks/site_search.py", "--step", "run", "--requests", str(requests)))
    log(f"{label}: search p95 {measured['search_p95']} ms, suggest p95 {measured['suggest_p95']} ms")
    return {"database": label, "build": built, **measured}


def _sizes(pages: int, alumni: int) -> list[str]:
    return ["--pages", str(pages), "--alumni", str(alumni)]


def section(results: list[dict], args) -> str:
    lines = [
        f"## Site search over {args.pages:,} pages and {args.alumni:,} alumni",
        "",
        f"Generated by `.venv/bin/python benchmarks/site_search.py` (part of `make bench`): {args.requests} searches "
        "of `/cautare/` (words of the pages, people's names, no result, folded spellings) and as many suggestions, "
        "in-process through Django's test client with `benchmarks.settings`, after `manage.py update_index` over "
        f"everything (timed: the rebuild); {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
        "| database | search p50 | search p95 | suggestions p50 | suggestions p95 | index rebuild | build |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for item in results:
        lines.append(
            f"| {item['database']} | {item['search_p50']} ms | {item['search_p95']} ms | {item['suggest_p50']} ms | "
            f"{item['suggest_p95']} ms | {item['rebuild_seconds']} s | {item['build']['seconds']} s |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--alumni", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--step", choices=["build", "run"], help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.step == "build":
        print(json.dumps(build(args.pages, args.alumni)))  # noqa: T201
        return 0
    if args.step == "run":
        print(json.dumps(run(args.requests)))  # noqa: T201
        return 0
    wanted = set(args.database or ["sqlite", "postgresql"])
    results = on_each_database(
        wanted, "search", lambda label, url: measure(label, url, args.pages, args.alumni, args.requests)
    )
    text = section(results, args)
    print(text)  # noqa: T201
    if not args.no_write:
        write_section("site-search", text)
        log(f"Wrote {RESULTS_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
