"""Benchmark the alumni import: a realistic faculty CSV of 100,000 rows, committed, timed and its peak memory measured.

    DATABASE_URL=sqlite:////tmp/import-bench.sqlite3 .venv/bin/python -m benchmarks.import_alumni [ROWS]

Runs against whatever database Django is configured for (DJANGO_SETTINGS_MODULE defaults to config.settings.dev)
and migrates nothing: point DATABASE_URL at a throwaway, migrated database. The rows are new people (the e-mail
addresses carry a per-run tag), so every run measures creation; when the database has no faculty, three are added.
It measures the admin upload's own path: the file in default storage and an `ImportJob` (as the upload leaves
them), then the task's body, `alumni.importing.jobs.run_job` (rows checked and written in one transaction, then
the search index), timed in total and up to the commit. Peak memory is the growth of the process's maximum
resident set size during the job (generating and storing the file are excluded).
"""

import json
import os
import random
import resource
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 100_000
# The file's columns, by field; the header names them as the import's column table does (in Romanian).
FIELDS = ["first_name", "last_name", "email", "faculty", "study_cycle", "programme", "graduation_year", "employer"]
FIELDS += ["job_title", "sector", "city", "country", "phone", "consent_directory", "consent_newsletter"]
PHONE_SHARE = 2 / 3
BLANK_SHARE = 0.2  # employer, job title and sector are often left empty in a faculty's file


def write_csv(path: Path, rows: int, faculties: list, tag: str) -> None:
    """A semicolon CSV with a BOM, as Romanian Excel saves "CSV UTF-8": people drawn by the demo's factory, study
    cycles and sectors in Romanian words, some cells empty; a fifth of the people consent to be listed."""
    import factory.random
    from django.utils import translation

    from alumni.factories import AlumnusFactory, import_header
    from alumni.models import Sector, StudyCycle

    rng = random.Random(SEED)
    factory.random.reseed_random(SEED)
    with translation.override("ro"):
        words = {value: str(label).lower() for value, label in [*StudyCycle.choices, *Sector.choices]}
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(";".join(import_header(FIELDS, "ro")) + "\r\n")
        for n in range(rows):
            person = AlumnusFactory.build(
                believable=True, faculty=rng.choice(faculties), email=f"absolvent.{tag}.{n}@example.ro"
            )
            cells = [
                person.first_name,
                person.last_name,
                person.email,
                person.faculty.short_name,
                words[person.study_cycle],
                person.programme,
                str(person.graduation_year),
                person.employer if rng.random() > BLANK_SHARE else "",
                person.job_title if rng.random() > BLANK_SHARE else "",
                words[person.sector] if rng.random() > BLANK_SHARE else "",
                person.city,
                person.country,
                f"07{rng.randint(20, 89)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
                if rng.random() < PHONE_SHARE
                else "",
                "da" if rng.random() < 0.2 else "nu",
                rng.choice(["da", "nu", ""]),
            ]
            handle.write(";".join(cells) + "\r\n")


def ensure_faculties() -> list:
    """The faculties in the database, or three new ones."""
    from home.factories import FacultyFactory
    from home.models import Faculty

    faculties = list(Faculty.objects.filter(locale__language_code="ro"))
    if faculties:
        return faculties
    return [
        FacultyFactory(name=name, short_name=short_name)
        for short_name, name in [
            ("FMI", "Facultatea de Matematică și Informatică"),
            ("FL", "Facultatea de Litere"),
            ("FD", "Facultatea de Drept"),
        ]
    ]


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run(rows: int = 100_000) -> dict:
    """Write a CSV of `rows` new alumni, import it (committed) as the admin's background job does, and return the
    time and peak memory it took."""
    from django.core.files import File
    from django.core.files.storage import default_storage

    from alumni.importing import jobs
    from alumni.importing.run import INDEXING
    from alumni.models import ImportJob

    faculties = ensure_faculties()
    tag = secrets.token_hex(3)
    phases: dict[str, float] = {}
    report = jobs.write_progress

    def timed_report(job_id, phase, done, total=None):
        phases.setdefault(phase, time.perf_counter())
        report(job_id, phase, done, total)

    with tempfile.TemporaryDirectory(prefix="alumni-import-bench-") as folder:
        path = Path(folder) / "absolventi.csv"
        write_csv(path, rows, faculties, tag)
        size_mb = path.stat().st_size / 1024 / 1024
        with path.open("rb") as handle:
            stored_name = default_storage.save(f"{jobs.STORAGE_FOLDER}/bench-{tag}.csv", File(handle))
    job = ImportJob.objects.create(filename=path.name, stored_name=stored_name, commit=True)
    rss_before = max_rss_mb()
    jobs.write_progress = timed_report
    try:
        started = time.perf_counter()
        state = jobs.run_job(job.pk)
        seconds = time.perf_counter() - started
    finally:
        jobs.write_progress = report
    rss_after = max_rss_mb()
    job.refresh_from_db()
    if state != ImportJob.State.DONE:
        raise RuntimeError(f"the import job ended {state}: {job.errors[:5]}")
    committed = phases.get(INDEXING, started + seconds) - started
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "seconds_to_commit": round(committed, 2),
        "index_seconds": round(seconds - committed, 2),
        "peak_memory_mb": round(rss_after - rss_before, 1),
        "peak_rss_mb": round(rss_after, 1),
        "file_mb": round(size_mb, 1),
        "created": job.created,
        "rows_per_second": round(rows / seconds) if seconds else None,
    }


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    rows = int(argv[0]) if argv else 100_000
    print(json.dumps(run(rows)))  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1:])
