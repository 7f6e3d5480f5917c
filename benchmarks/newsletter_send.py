"""Sending a newsletter to 100,000 subscribers into a local SMTP sink: messages a second and peak memory.
Writes its section of benchmarks/RESULTS.md (part of `make bench`).

    .venv/bin/python benchmarks/newsletter_send.py [--recipients 100000] [--batch-size 100] [--no-write]

Runs in this process on a fresh SQLite file under benchmarks/.work/ (or BENCH_DATABASE_URL), with
`benchmarks.settings` (production settings). The sink is aiosmtpd's Sink handler in its own process on
loopback, so the numbers are the application's: render once per language, sign each person's unsubscribe link,
one SMTP transaction per message over one connection per batch, deliveries claimed per batch, marked attempted
and recorded sent twenty at a time (newsletters.sending.WINDOW).
"""

import argparse
import os
import platform
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.results import RESULTS_PATH, write_section  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
DATABASE = WORK / "newsletter.sqlite3"
TARGET_PER_SECOND = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_sink(port: int) -> subprocess.Popen:
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return sink
        except OSError:
            time.sleep(0.1)
    sink.kill()
    raise RuntimeError("The SMTP sink did not start.")


def setup_django(port: int) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    for leftover in WORK.glob("newsletter.sqlite3*"):
        leftover.unlink()
    os.environ.setdefault("BENCH_DATABASE_URL", f"sqlite:///{DATABASE}")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("ELASTICSEARCH_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def subscribers(count: int) -> None:
    """`count` approved alumni with the newsletter consent, a tenth of them reading in English."""
    from django.utils import timezone

    from alumni.models import Alumnus
    from home.factories import FacultyFactory

    faculty = FacultyFactory()
    now = timezone.now()
    batch = []
    for number in range(count):
        person = Alumnus(
            faculty=faculty,
            first_name="Abonat",
            last_name=f"Numărul {number}",
            email=f"abonat{number}@example.ro",
            status=Alumnus.Status.APPROVED,
            consent_newsletter=True,
            language="en" if number % 10 == 0 else "ro",
            email_confirmed_at=now,
        )
        person.refresh_derived_fields()
        batch.append(person)
        if len(batch) == 5000:
            Alumnus.objects.bulk_create(batch)
            batch = []
    Alumnus.objects.bulk_create(batch)


def newsletter():
    from home.factories import ArticleIndexPageFactory, ArticlePageFactory, site_home, translate
    from newsletters.factories import NewsletterIndexPageFactory, NewsletterPageFactory, simple_body

    news = ArticleIndexPageFactory(parent=site_home(), slug="stiri")
    articles = [ArticlePageFactory(parent=news, image=None) for _ in range(3)]
    archive = NewsletterIndexPageFactory(parent=site_home(), slug="newsletter")
    body = simple_body("Vești de la comunitatea alumni, pentru fiecare abonat.")
    body.append(("articles", {"title": "De citit", "pages": articles}))
    page = NewsletterPageFactory(parent=archive, slug="numarul-1", body=body)
    translate(archive, slug="newsletter")
    translate(page, title="Issue 1", slug="issue-1")
    return page


def measure(recipients: int, batch_size: int) -> dict:
    from newsletters.models import Delivery
    from newsletters.sending import send_mailing, start_mailing

    subscribers(recipients)
    page = newsletter()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    mailing = start_mailing(page)
    frozen = time.perf_counter() - started
    started = time.perf_counter()
    report = send_mailing(mailing, batch_size=batch_size)
    sending = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sent = Delivery.objects.filter(mailing=mailing, status=Delivery.Status.SENT).count()
    if sent != recipients or report.sent != recipients:
        raise RuntimeError(f"{sent} of {recipients} sent")
    return {
        "recipients": recipients,
        "batch_size": batch_size,
        "freeze_s": frozen,
        "send_s": sending,
        "per_second": recipients / sending,
        "peak_mb": rss_after / 1024,
        "growth_mb": (rss_after - rss_before) / 1024,
    }


def section(result: dict) -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    verdict = "meets" if result["per_second"] >= TARGET_PER_SECOND else "misses"
    return "\n".join(
        [
            f"## Newsletter: sending to {result['recipients']:,} subscribers",
            "",
            f"Generated by `.venv/bin/python benchmarks/newsletter_send.py` (part of `make bench`): "
            f"{result['recipients']:,} subscribers (a tenth in English), {engine}, batches of "
            f"{result['batch_size']}, into aiosmtpd's Sink on loopback in its own process; {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, load average after the run {os.getloadavg()[0]:.2f}.",
            "",
            "| audience frozen into deliveries | sending | messages a second | peak memory (process) "
            "| growth while sending |",
            "| ---: | ---: | ---: | ---: | ---: |",
            f"| {result['freeze_s']:.1f} s | {result['send_s']:.0f} s | {result['per_second']:.0f} "
            f"| {result['peak_mb']:.0f} MB | +{result['growth_mb']:.0f} MB |",
            "",
            f"The target is {TARGET_PER_SECOND} messages a second: this run {verdict} it.",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    port = free_port()
    sink = start_sink(port)
    try:
        setup_django(port)
        text = section(measure(args.recipients, args.batch_size))
    finally:
        sink.terminate()
        sink.wait(timeout=10)
    print(text)  # noqa: T201
    if not args.no_write:
        write_section("newsletter-send", text)
        print(f"Wrote {RESULTS_PATH.relative_to(ROOT)}")  # noqa: T201
    for leftover in WORK.glob("newsletter.sqlite3*"):
        leftover.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
