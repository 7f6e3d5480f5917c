"""The survey report over 20,000 answers: the time to compute the figures, to render the admin's report page
(with its SVG charts) and the PDF, and the number of queries each takes, which must not grow with the answers.
Writes its section of benchmarks/RESULTS.md (part of `make bench`).

    .venv/bin/python benchmarks/survey_report.py [--answers 20000] [--repeat 5] [--no-write]

Runs in this process on a fresh SQLite file under benchmarks/.work/ (or BENCH_DATABASE_URL), with
`benchmarks.settings` (production settings). The questionnaire is the standard one (surveys.factories.QUESTIONS:
two 1–5 scales, the 0–10 recommendation, several choices, one choice and free text) over 14 faculties and 40
graduation years; the same figures are measured at 200 answers to show that the queries stay the same.
"""

import argparse
import os
import platform
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.results import RESULTS_PATH, write_section  # noqa: E402
from benchmarks.timing import timed  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
DATABASE = WORK / "survey.sqlite3"
FACULTIES = 14


def setup_django() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    for leftover in WORK.glob("survey.sqlite3*"):
        leftover.unlink()
    os.environ.setdefault("BENCH_DATABASE_URL", f"sqlite:///{DATABASE}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("ELASTICSEARCH_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(answers: int, seed: int):
    """A published survey and a closed round with `answers` responses (and a third more invited)."""
    from datetime import timedelta

    from django.utils import timezone

    from home.factories import FacultyFactory, site_home
    from surveys.factories import SurveyPageFactory, add_questions
    from surveys.models import Invitee, Response, SurveyRound
    from surveys.models.rounds import cohort_of

    rng = random.Random(seed)  # noqa: S311 - benchmark data
    faculties = [FacultyFactory() for _ in range(FACULTIES)]
    survey = SurveyPageFactory(parent=site_home(), slug=f"chestionar-{seed}")
    add_questions(survey)
    survey.save_revision().publish()
    now = timezone.now()
    survey_round = SurveyRound.objects.create(
        survey=survey, title=f"Runda {seed}", opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30)
    )
    choices = ["Întâlniri de promoție", "Mentorat pentru studenți", "Conferințe și cursuri", "Oferte de angajare"]
    rows, people = [], []
    for number in range(answers):
        faculty = faculties[number % FACULTIES]
        year = 1985 + rng.randrange(40)
        rows.append(
            Response(
                round=survey_round,
                faculty=faculty,
                cohort=cohort_of(year),
                language="ro",
                answers={
                    "legatura": rng.randint(1, 5),
                    "informare": rng.randint(1, 5),
                    "recomandare": rng.randint(0, 10),
                    "activitati": [choice for choice in choices if rng.random() < 0.4],
                    "frecventa": rng.choice(["Lunar", "O dată pe trimestru", "De două ori pe an"]),
                    "sugestii": f"Sugestia numărul {number}" if rng.random() < 0.2 else "",
                },
            )
        )
    Response.objects.bulk_create(rows, batch_size=2000)
    for number in range(answers * 4 // 3):
        people.append(Invitee(round=survey_round, faculty=faculties[number % FACULTIES], answered=number < answers))
    Invitee.objects.bulk_create(people, batch_size=2000)
    return survey_round


def measure(answers: int, repeat: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from surveys.statistics import round_report

    office = get_user_model().objects.create_superuser("birou", "birou@example.ro", "o-parola-buna-123")
    client = Client(HTTP_HOST="localhost")
    client.force_login(office)
    results = {}
    for size in (200, answers):
        survey_round = build(size, seed=size)
        url = reverse("survey_rounds:report", args=[survey_round.pk])

        def page(url=url):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code}")

        def pdf(url=url):
            response = client.get(url + "?format=pdf")
            if not response.content.startswith(b"%PDF"):
                raise RuntimeError("no PDF")

        results[size] = {
            "figures": timed(lambda survey_round=survey_round: round_report(survey_round), repeat),
            "page": timed(page, repeat),
            "pdf": timed(pdf, max(1, repeat // 2)),
        }
    return results


def section(results: dict, answers: int) -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    small, large = results[200], results[answers]
    lines = [
        f"## Survey report over {answers:,} answers",
        "",
        f"Generated by `.venv/bin/python benchmarks/survey_report.py` (part of `make bench`): the standard "
        f"questionnaire (six questions), {FACULTIES} faculties, 40 graduation years, {engine}; median of repeated "
        f"runs, in this process; {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
        f"| step | 200 answers | queries | {answers:,} answers | queries |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    labels = {"figures": "figures (surveys.statistics)", "page": "admin report page, with charts", "pdf": "PDF"}
    for key, label in labels.items():
        lines.append(
            f"| {label} | {small[key][0]:.0f} ms | {small[key][1]} | {large[key][0]:.0f} ms | {large[key][1]} |"
        )
    same = all(small[key][1] == large[key][1] for key in labels)
    lines += ["", "The queries do not grow with the answers." if same else "The queries GROW with the answers."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    setup_django()
    text = section(measure(args.answers, args.repeat), args.answers)
    print(text)  # noqa: T201
    if not args.no_write:
        write_section("survey-report", text)
        print(f"Wrote {RESULTS_PATH.relative_to(ROOT)}")  # noqa: T201
    for leftover in WORK.glob("survey.sqlite3*"):
        leftover.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
