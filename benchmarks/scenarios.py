"""What the benchmark measures: a list of scenarios, each with its targets and, optionally, its own data.

To benchmark a new feature, add a builder to datasets.py (and its name here as `dataset`) and a Scenario whose
`targets` function returns the URLs to load. `targets` runs in-process once Django is set up against the
generated database, so it can look URLs up (the first article, an event with 5,000 siblings...).
"""

from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.datasets import CALENDAR_SLUG, FACULTY_SLUG

BASELINE = "bare"
BARE_PATH = "/bench/bare/"  # served with no middleware at all (benchmarks/wsgi.py)


@dataclass(frozen=True)
class Target:
    name: str
    path: str


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    targets: Callable[[], list[Target]]
    dataset: str | None = None  # a key of datasets.BUILDERS, run once when the database is generated
    data_version: int = 1  # bump to force a rebuild when the builder's output should change


def baseline_targets():
    return [Target(BASELINE, BARE_PATH)]


def site_page_targets():
    from home.models import ArticlePage, FacultyPage

    faculty_page = FacultyPage.objects.get(slug=FACULTY_SLUG, locale__language_code="ro")
    article = ArticlePage.objects.live().public().descendant_of(faculty_page).order_by("path").first()
    if article is None:
        raise RuntimeError(f"No live article under /{FACULTY_SLUG}/ in the benchmark database.")
    return [
        Target("home", "/"),
        Target("faculty", f"/{FACULTY_SLUG}/"),
        Target("article", article.url),
        Target("home_en", "/en/"),
        Target("article_index", f"/{FACULTY_SLUG}/noutati/"),
    ]


def calendar_targets():
    from django.utils import timezone

    month = timezone.localdate().strftime("%Y-%m")
    return [
        Target("calendar_list", f"/{CALENDAR_SLUG}/"),
        Target("calendar_filtered", f"/{CALENDAR_SLUG}/?faculty=FMI&has_free_places=on"),
        Target("calendar_month", f"/{CALENDAR_SLUG}/month/?month={month}"),
    ]


SCENARIOS = [
    Scenario(
        BASELINE,
        "A bare Django view: no database, no template, no middleware (the ratio's denominator).",
        baseline_targets,
    ),
    Scenario(
        "pages",
        "Public Wagtail pages of the demo university, with 60 extra articles in the faculty's listing.",
        site_page_targets,
        dataset="faculty_article_archive",
    ),
    Scenario(
        "calendar",
        "The aggregated event calendar with 5,000 more events over a year: the upcoming list, the list filtered by "
        "faculty and free places, and this month's grid (about 400 occurrences).",
        calendar_targets,
        dataset="event_calendar",
    ),
]
