"""The central office's dashboard and a faculty's synthesis at the size of a university: 15 faculties, 200,000
alumni and 5 years of events, registrations, protocols, nominations, survey invitations and action plans. The time
to compute each, to render the admin's pages and their spreadsheet and PDF, and the queries each takes, which must
be the same as on a small data set (2 faculties, a few hundred records). Writes its section of
benchmarks/RESULTS.md (part of `make bench`).

    .venv/bin/python benchmarks/office_reports.py [--alumni 200000] [--repeat 3] [--no-write]

Runs in this process on a fresh SQLite file under benchmarks/.work/ (or BENCH_DATABASE_URL), with
`benchmarks.settings` (production settings). Events are pages (built through Wagtail's tree, the slow part of
the set-up); everything else is inserted in bulk.
"""

import argparse
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.results import RESULTS_PATH, write_section  # noqa: E402
from benchmarks.timing import timed  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
DATABASE = WORK / "office.sqlite3"
YEARS = 5
PERIOD_YEARS = 3  # the longest period the admin's forms take


def setup_django() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    for leftover in WORK.glob("office.sqlite3*"):
        leftover.unlink()
    os.environ.setdefault("BENCH_DATABASE_URL", f"sqlite:///{DATABASE}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("ELASTICSEARCH_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(tag: str, faculties: int, alumni: int, events_per_year: int, seed: int) -> list:
    """`faculties` faculties with `alumni` alumni between them and YEARS years of records each."""
    import datetime

    from django.utils import timezone

    from alumni.models import Alumnus
    from events.factories import EventIndexPageFactory, EventPageFactory
    from events.models import Registration
    from gala.factories import AwardCategoryFactory, GalaEditionPageFactory, GalaIndexPageFactory
    from gala.models import Nomination
    from home.factories import FacultyFactory, site_home
    from office.models import ActionPlan, Measure, MeasureDeadline, PlanAction
    from protocols.models import Protocol, ProtocolChange
    from surveys.factories import SurveyPageFactory
    from surveys.models import Invitee, SurveyRound

    rng = random.Random(seed)  # noqa: S311 - benchmark data
    now = timezone.now()
    today = timezone.localdate()
    units = [FacultyFactory(short_name=f"{tag}{number}") for number in range(faculties)]

    people = []
    for number in range(alumni):
        person = Alumnus(
            faculty=units[number % faculties],
            first_name="Absolvent",
            last_name=f"{tag} {number}",
            email=f"{tag.lower()}{number}@example.ro",
            status=Alumnus.Status.APPROVED if rng.random() < 0.9 else Alumnus.Status.PENDING,
            source=Alumnus.Source.IMPORT if rng.random() < 0.7 else Alumnus.Source.REGISTRATION,
            consent_directory=rng.random() < 0.5,
            consent_newsletter=rng.random() < 0.6,
            consent_surveys=rng.random() < 0.4,
            study_cycle=rng.choice(["licenta", "master", "doctorat"]),
        )
        person.refresh_derived_fields()
        people.append(person)
        if len(people) == 5000:
            Alumnus.objects.bulk_create(people)
            people = []
    Alumnus.objects.bulk_create(people)

    calendar = EventIndexPageFactory(parent=site_home(), slug=f"calendar-{tag.lower()}")
    registrations = []
    for unit in units:
        for year in range(YEARS):
            for number in range(events_per_year):
                start = now - datetime.timedelta(days=365 * year + 7 * number + 1)
                event = EventPageFactory(
                    parent=calendar, faculty=unit, start=start, slug=f"e-{unit.pk}-{year}-{number}"
                )
                for seat in range(rng.randrange(10, 40)):
                    registrations.append(
                        Registration(
                            event=event,
                            name=f"Participant {seat}",
                            email=f"p{event.pk}-{seat}@example.ro",
                            status=Registration.Status.CONFIRMED,
                            checked_in_at=start if rng.random() < 0.7 else None,
                            consent_text="Da",
                        )
                    )
    Registration.objects.bulk_create(registrations, batch_size=2000)

    stages = [choice for choice, _label in Protocol.Stage.choices]
    protocols = Protocol.objects.bulk_create(
        [
            Protocol(faculty=unit, title=f"Protocol {unit.short_name} {number}", stage=rng.choice(stages), live=True)
            for unit in units
            for number in range(4 * YEARS)
        ]
    )
    ProtocolChange.objects.bulk_create(
        [
            ProtocolChange(
                protocol=protocol, to_stage=protocol.stage, at=now - datetime.timedelta(days=rng.randrange(365 * YEARS))
            )
            for protocol in Protocol.objects.filter(faculty__in=units)
        ]
    )
    del protocols

    archive = GalaIndexPageFactory(parent=site_home(), slug=f"gala-{tag.lower()}")
    category = AwardCategoryFactory(name=f"Excelență {tag}")
    nominations = []
    for year in range(YEARS):
        edition = GalaEditionPageFactory(parent=archive, slug=f"gala-{year}")
        for unit in units:
            for number in range(8):
                nominations.append(
                    Nomination(
                        edition=edition,
                        category=category,
                        faculty=unit,
                        nominee_name=f"Nominalizat {number}",
                        reason="Pentru tot ce a făcut pentru studenți.",
                        created_at=now - datetime.timedelta(days=365 * year + number),
                    )
                )
    Nomination.objects.bulk_create(nominations)

    survey = SurveyPageFactory(parent=site_home(), slug=f"chestionar-{tag.lower()}")
    invitees = []
    for year in range(YEARS):
        survey_round = SurveyRound.objects.create(
            survey=survey,
            title=f"Runda {year}",
            opens_at=now - datetime.timedelta(days=365 * year + 30),
            closes_at=now - datetime.timedelta(days=365 * year),
        )
        for number in range(alumni // 10):
            invitees.append(Invitee(round=survey_round, faculty=units[number % faculties], answered=rng.random() < 0.3))
    Invitee.objects.bulk_create(invitees, batch_size=5000)

    measures = [Measure.objects.create(title=f"Măsura {tag} {number}") for number in range(13)]
    MeasureDeadline.objects.bulk_create(
        [
            MeasureDeadline(
                measure=measure, faculty=unit, deadline=today - datetime.timedelta(days=rng.randrange(-200, 400))
            )
            for measure in measures
            for unit in units
        ]
    )
    actions = []
    for unit in units:
        for year in range(YEARS):
            plan = ActionPlan.objects.create(faculty=unit, academic_year=f"{today.year - year - 1}-{today.year - year}")
            for number in range(30):
                deadline = today - datetime.timedelta(days=365 * year + rng.randrange(-100, 300))
                done = rng.random() < 0.6
                actions.append(
                    PlanAction(
                        plan=plan,
                        title=f"Acțiunea {number}",
                        responsible="Responsabil alumni",
                        deadline=deadline,
                        status=PlanAction.Status.DONE if done else PlanAction.Status.PLANNED,
                        done_on=deadline if done else None,
                        sort_order=number,
                    )
                )
    PlanAction.objects.bulk_create(actions, batch_size=2000)
    return units


def measure(alumni: int, repeat: int) -> dict:
    import datetime
    import tempfile

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from office.dashboard import dashboard
    from office.synthesis import compile_synthesis

    office = get_user_model().objects.create_superuser("birou", "birou@example.ro", "o-parola-buna-123")
    client = Client(HTTP_HOST="localhost")
    client.force_login(office)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365 * PERIOD_YEARS)
    results, sizes = {}, {}
    output = Path(tempfile.mkdtemp(prefix="office-bench-")) / "sinteza.xlsx"
    for label, faculties, people, events in (("small", 2, 400, 2), ("large", 15, alumni, 20)):
        started = time.perf_counter()
        units = build(label[0].upper() + label[1:3], faculties, people, events, seed=faculties)
        sizes[label] = (faculties, people, events * YEARS * faculties, time.perf_counter() - started)
        unit = units[0]
        from home.models import Faculty

        scoped = Faculty.objects.filter(pk__in=[item.pk for item in units])
        url = reverse("office_dashboard") + f"?start={start}&end={today}"

        def get(url):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code}")

        results[label] = {
            "dashboard": timed(lambda scoped=scoped: dashboard(start, today, faculties=scoped), repeat),
            "synthesis": timed(lambda unit=unit: compile_synthesis(unit, start, today, "done"), repeat),
            "synthesis_planned": timed(lambda unit=unit: compile_synthesis(unit, start, today, "planned"), repeat),
            "command": timed(
                lambda unit=unit: call_command(
                    "faculty_synthesis",
                    "--faculty",
                    unit.short_name,
                    "--from",
                    str(start),
                    "--to",
                    str(today),
                    "--kind",
                    "done",
                    "--output",
                    str(output),
                    stdout=open(os.devnull, "w"),  # noqa: SIM115
                ),
                repeat,
            ),
            "page": timed(lambda url=url: get(url), repeat),
            "xlsx": timed(lambda url=url: get(url + "&format=xlsx"), repeat),
            "pdf": timed(lambda url=url: get(url + "&format=pdf"), max(1, repeat // 2)),
        }
    return {"results": results, "sizes": sizes}


def section(measured: dict, alumni: int) -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    results, sizes = measured["results"], measured["sizes"]
    small, large = results["small"], results["large"]
    faculties, people, events, seconds = sizes["large"]
    lines = [
        f"## Office dashboard and faculty synthesis: {faculties} faculties, {people:,} alumni, {YEARS} years",
        "",
        f"Generated by `.venv/bin/python benchmarks/office_reports.py` (part of `make bench`) on {engine}: "
        f"{faculties} faculties, {people:,} alumni, {events:,} events over {YEARS} years with their registrations, "
        f"protocols, gala nominations, survey invitations and action plans (built in {seconds:.0f} s); the period is "
        f"the last {PERIOD_YEARS} years. Small: {sizes['small'][0]} faculties, {sizes['small'][1]} alumni. "
        f"Median of repeated runs in this process; {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
        "| step | small | queries | large | queries |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    labels = {
        "dashboard": "dashboard figures (office.dashboard), every faculty",
        "page": "dashboard admin page, with charts",
        "xlsx": "dashboard spreadsheet",
        "pdf": "dashboard PDF",
        "synthesis": f"synthesis of actions carried out (one faculty, {PERIOD_YEARS} years)",
        "synthesis_planned": "synthesis of planned actions",
        "command": "`manage.py faculty_synthesis` writing the .xlsx",
    }
    for key, label in labels.items():
        lines.append(
            f"| {label} | {small[key][0]:.0f} ms | {small[key][1]} | {large[key][0]:.0f} ms | {large[key][1]} |"
        )
    same = all(small[key][1] == large[key][1] for key in labels)
    lines += [
        "",
        "The queries do not grow with the faculties or the records."
        if same
        else "The queries GROW with the faculties or the records.",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alumni", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    setup_django()
    text = section(measure(args.alumni, args.repeat), args.alumni)
    print(text)  # noqa: T201
    if not args.no_write:
        write_section("office-reports", text)
        print(f"Wrote {RESULTS_PATH.relative_to(ROOT)}")  # noqa: T201
    for leftover in WORK.glob("office.sqlite3*"):
        leftover.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
