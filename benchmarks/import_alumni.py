"""Benchmark the alumni import: a realistic faculty CSV of 100,000 rows, committed, timed and its peak memory measured.

    DATABASE_URL=sqlite:////tmp/import-bench.sqlite3 .venv/bin/python -m benchmarks.import_alumni [ROWS]

Runs against whatever database Django is configured for (DJANGO_SETTINGS_MODULE defaults to config.settings.dev)
and migrates nothing: point DATABASE_URL at a throwaway, migrated database. The rows are new people (the e-mail
addresses carry a per-run tag), so every run measures creation; when the database has no faculty, three are added.
Peak memory is the growth of the process's maximum resident set size during the import (generating the file is
excluded; it streams to disk).
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
HEADER = [
    "Prenume",
    "Nume",
    "E-mail",
    "Facultatea",
    "Ciclu de studii",
    "Program",
    "Anul absolvirii",
    "Angajator",
    "Funcția",
    "Domeniu",
    "Oraș",
    "Țara",
    "Telefon",
    "Acord director",
    "Acord newsletter",
]
FIRST_NAMES = [
    "Andrei",
    "Ioana",
    "Ștefan",
    "Maria",
    "Mihai",
    "Elena",
    "Alexandru",
    "Ana",
    "Răzvan",
    "Cristina",
    "Tudor",
    "Irina",
    "Bogdan",
    "Mădălina",
    "Radu",
    "Oana",
    "Vlad",
    "Andreea",
    "Cătălin",
    "Roxana",
]
LAST_NAMES = [
    "Popescu",
    "Ionescu",
    "Mureșan",
    "Pop",
    "Țăranu",
    "Rusu",
    "Stănescu",
    "Dumitrescu",
    "Moldovan",
    "Bălan",
    "Constantinescu",
    "Șerban",
    "Matei",
    "Lazăr",
    "Ciobanu",
    "Florea",
    "Nistor",
    "Îndrieș",
]
PROGRAMMES = [
    "Informatică",
    "Matematică",
    "Drept",
    "Psihologie",
    "Economie",
    "Limba și literatura română",
    "Biologie",
    "Fizică",
    "Istorie",
    "Sociologie",
]
CYCLES = ["licență", "licență", "licență", "master", "master", "doctorat"]
EMPLOYERS = [
    "",
    "",
    "Bitdefender",
    "UiPath",
    "Universitatea Babeș-Bolyai",
    "Primăria Cluj-Napoca",
    "Banca Transilvania",
    "Spitalul Județean",
    "Emag",
    "Liceul Teoretic Avram Iancu",
]
ROLES = ["", "Inginer software", "Profesor", "Consilier", "Analist", "Medic rezident", "Manager de proiect"]
SECTORS = ["", "it", "educație", "cercetare", "administrație publică", "sănătate", "finanțe", "altul"]
CITIES = ["Cluj-Napoca", "București", "Iași", "Timișoara", "Brașov", "Bistrița", "Târgu Mureș", "München", "Londra"]


def write_csv(path: Path, rows: int, faculties: list[str], tag: str) -> None:
    """A semicolon CSV with a BOM, as Romanian Excel saves "CSV UTF-8"; a fifth of the people consent to be listed."""
    rng = random.Random(SEED)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(";".join(HEADER) + "\r\n")
        for n in range(rows):
            city = rng.choice(CITIES)
            cells = [
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                f"absolvent.{tag}.{n}@example.ro",
                rng.choice(faculties),
                rng.choice(CYCLES),
                rng.choice(PROGRAMMES),
                str(rng.randint(1960, 2025)),
                rng.choice(EMPLOYERS),
                rng.choice(ROLES),
                rng.choice(SECTORS),
                city,
                "Germania" if city == "München" else "Regatul Unit" if city == "Londra" else "România",
                f"07{rng.randint(20, 89)} {rng.randint(100, 999)} {rng.randint(100, 999)}" if n % 3 else "",
                "da" if rng.random() < 0.2 else "nu",
                rng.choice(["da", "nu", ""]),
            ]
            handle.write(";".join(cells) + "\r\n")


def ensure_faculties() -> list[str]:
    from wagtail.models import Locale

    from home.models import Faculty

    short_names = list(Faculty.objects.filter(locale__language_code="ro").values_list("short_name", flat=True))
    if short_names:
        return short_names
    romanian = Locale.objects.get(language_code="ro")
    for short_name, name in [
        ("FMI", "Facultatea de Matematică și Informatică"),
        ("LIT", "Facultatea de Litere"),
        ("DREPT", "Facultatea de Drept"),
    ]:
        Faculty.objects.create(name=name, short_name=short_name, locale=romanian)
    return ["FMI", "LIT", "DREPT"]


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run(rows: int = 100_000) -> dict:
    """Write a CSV of `rows` new alumni, import it (committed), and return the time and peak memory it took."""
    from alumni.importing import import_alumni

    faculties = ensure_faculties()
    tag = secrets.token_hex(3)
    with tempfile.TemporaryDirectory(prefix="alumni-import-bench-") as folder:
        path = Path(folder) / "absolventi.csv"
        write_csv(path, rows, faculties, tag)
        size_mb = path.stat().st_size / 1024 / 1024
        rss_before = max_rss_mb()
        started = time.perf_counter()
        result = import_alumni(path, commit=True)
        seconds = time.perf_counter() - started
        rss_after = max_rss_mb()
    if result.errors:
        raise RuntimeError(f"the generated file has errors: {[str(error) for error in result.errors[:5]]}")
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "peak_memory_mb": round(rss_after - rss_before, 1),
        "peak_rss_mb": round(rss_after, 1),
        "file_mb": round(size_mb, 1),
        "created": result.created,
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
