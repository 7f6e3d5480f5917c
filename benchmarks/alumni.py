"""Alumni at scale, on SQLite and on PostgreSQL: directory search with facets over 200,000 people, and an import
of 100,000 rows. Writes its section of benchmarks/RESULTS.md (between the alumni markers; run.py keeps it).

    .venv/bin/python benchmarks/alumni.py [--alumni 200000] [--rows 100000] [--requests 60] [--database sqlite]

Each database is fresh: a SQLite file under benchmarks/.work/ and, when PostgreSQL answers on BENCH_PG_URL
(default postgres://postgres@127.0.0.1:5432/alumni_bench, created and dropped here), that database. Every step
runs in its own process with `benchmarks.settings` (production settings, DEBUG off, locmem cache), so a run
never touches your own database. The directory requests run in-process (Django test client) for a mix of name
searches, filters and later pages; the first request of each kind is cold, the rest may hit the facet cache.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.results import RESULTS_PATH, write_section  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
PYTHON = sys.executable


def log(message: str) -> None:
    print(f"[alumni bench] {message}", flush=True)  # noqa: T201


def step(database_url: str, *args: str) -> str:
    env = {**os.environ, "BENCH_DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    env.pop("ELASTICSEARCH_URL", None)
    env.pop("REDIS_URL", None)
    # These benchmarks time the views themselves: the page cache would answer repeated requests (run.py times it).
    env["PAGE_CACHE_ENABLED"] = "0"
    # 120 in-process requests from one address within a minute (warm, then cold): the directory's per-visitor
    # limit would answer 429; the limit is tested on its own, the bench times the page.
    env["RATE_LIMITS_ENABLED"] = "0"
    completed = subprocess.run(  # noqa: S603 - our own interpreter and modules
        [PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{completed.stdout[-2000:]}\n{completed.stderr[-4000:]}")
    return completed.stdout


def last_json(output: str) -> dict:
    """The JSON document a benchmark module printed last (it may print several, pretty or not)."""
    decoder = json.JSONDecoder()
    found = None
    for match in re.finditer(r"^\{", output, flags=re.MULTILINE):
        try:
            found, _end = decoder.raw_decode(output[match.start() :])
        except json.JSONDecodeError:
            continue
    if found is None:
        raise RuntimeError(f"no JSON in the output:\n{output[-2000:]}")
    return found


def all_json(output: str) -> dict:
    merged: dict = {}
    decoder = json.JSONDecoder()
    for match in re.finditer(r"^\{", output, flags=re.MULTILINE):
        try:
            document, _end = decoder.raw_decode(output[match.start() :])
        except json.JSONDecodeError:
            continue
        merged.update(document)
    return merged


def postgres_url() -> str | None:
    url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/alumni_bench")
    try:
        import psycopg
    except ImportError:
        return None
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        log(f"PostgreSQL not available ({error.__class__.__name__}); SQLite only")
        return None
    return url


def drop_postgres(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}"')


def on_each_database(wanted: set[str], name: str, measure_one) -> list[dict]:
    """`measure_one(label, database_url)` on a fresh SQLite file named `name` under benchmarks/.work/ and on a fresh
    PostgreSQL database (when it answers), as `wanted` ("sqlite", "postgresql") asks; each dropped afterwards."""
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    if "sqlite" in wanted:
        path = WORK / f"{name}.sqlite3"
        for leftover in WORK.glob(f"{name}.sqlite3*"):
            leftover.unlink()
        results.append(measure_one("SQLite", f"sqlite:///{path}"))
        path.unlink()
    if "postgresql" in wanted:
        url = postgres_url()
        if url:
            try:
                results.append(measure_one("PostgreSQL", url))
            finally:
                drop_postgres(url)
    return results


def measure(label: str, database_url: str, alumni: int, rows: int, requests: int) -> dict:
    started = time.monotonic()
    log(f"{label}: migrate")
    step(database_url, "manage.py", "migrate", "--no-input", "-v", "0")
    log(f"{label}: build {alumni:,} alumni")
    directory = all_json(
        step(database_url, "-m", "benchmarks.directory", "both", "--count", str(alumni), "--requests", str(requests))
    )
    log(f"{label}: directory p50 {directory['run']['p50_ms']} ms, p95 {directory['run']['p95_ms']} ms")
    log(f"{label}: import {rows:,} rows")
    imported = last_json(step(database_url, "-m", "benchmarks.import_alumni", str(rows)))
    log(f"{label}: import {imported['seconds']} s, +{imported['peak_memory_mb']} MB")
    return {
        "database": label,
        "build": directory["build"],
        "run": directory["run"],
        "import": imported,
        "minutes": round((time.monotonic() - started) / 60, 1),
    }


def section(results: list[dict], args) -> str:
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    load = os.getloadavg()
    lines = [
        "## Alumni directory and import at scale",
        "",
        f"Generated by `.venv/bin/python benchmarks/alumni.py` (part of `make bench`) on {now}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; load average after the run "
        f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}. Directory: {args.requests} requests of the directory page "
        "through the Django test client (in-process, no HTTP), mixing name searches (full, partial, without "
        "diacritics), filters, both, unfiltered pages with every facet, and later pages; every request renders "
        "the six facets with counts. Warm: the mix once, the public's counts cached per filter combination. "
        "Cold: the same mix again with someone's row changed before each request, so every count is made afresh "
        "(from the stored counters with no filter but the faculty, else by queries on the stored columns, or in "
        "memory for a name search). Import: a semicolon CSV in Romanian Excel style, committed in full.",
        "",
        "| database | alumni (listed) | build s | warm p50 ms | warm p95 ms | cold p50 ms | cold p95 ms "
        "| queries/request | import rows | import s | rows/s | peak memory MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        run, build, imported = result["run"], result["build"], result["import"]
        queries = "–".join(str(q) for q in (min(run["queries_per_request"]), max(run["queries_per_request"])))
        lines.append(
            f"| {result['database']} | {run['alumni']:,} ({run['listed']:,}) | {build['seconds']} | {run['p50_ms']} "
            f"| {run['p95_ms']} | {run['cold']['p50_ms']} | {run['cold']['p95_ms']} | {queries} "
            f"| {imported['rows']:,} | {imported['seconds']} "
            f"| {imported['rows_per_second']:,} | +{imported['peak_memory_mb']} |"
        )
    lines += ["", "By kind of request (p50 / p95 ms):", ""]
    kinds = sorted({kind for result in results for kind in result["run"]["by_kind"]})
    lines.append("| database | pass | " + " | ".join(kinds) + " |")
    lines.append("| --- | --- |" + " ---: |" * len(kinds))
    for result in results:
        for label, summary in (("warm", result["run"]), ("cold", result["run"]["cold"])):
            by_kind = summary["by_kind"]
            cells = [f"{by_kind[k]['p50_ms']} / {by_kind[k]['p95_ms']}" if k in by_kind else "–" for k in kinds]
            lines.append(f"| {result['database']} | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alumni", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    wanted = set(args.database or ["sqlite", "postgresql"])
    results = on_each_database(
        wanted, "alumni", lambda label, url: measure(label, url, args.alumni, args.rows, args.requests)
    )
    text = section(results, args)
    print(text)  # noqa: T201
    if not args.no_write:
        write_section("alumni", text)
        log(f"Wrote {RESULTS_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
