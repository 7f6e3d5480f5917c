"""The gala's demo data: the archive ("gala") with three editions in Romanian and English — two past ones with
their nominations, winners, costs (and, for the last, the evaluation), and the coming one, tied to the central
calendar's gala event, with nominations open — and three award categories in both languages."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from events.models import EventPage
from gala.factories import GalaEditionPageFactory, GalaIndexPageFactory
from gala.models import AwardCategory, GalaCost, GalaEvaluation, Nomination, NominationChange
from home.factories import translate_snippet
from home.models import Faculty

if TYPE_CHECKING:
    from home.extensions import DemoContext

GALA_ORDER = 47  # in the main navigation: after the newsletter, before the strategy
CATEGORIES = [
    (
        "Excelență profesională",
        "Professional excellence",
        "Pentru o carieră care face cinste universității.",
        "For a career that does the university credit.",
    ),
    (
        "Implicare în comunitate",
        "Community involvement",
        "Pentru timpul dăruit studenților și comunității.",
        "For time given to students and the community.",
    ),
    (
        "Tânărul absolvent al anului",
        "Young graduate of the year",
        "Pentru absolvenții din ultimii zece ani.",
        "For graduates of the last ten years.",
    ),
]
NOMINEES = [
    "Ioana Marinescu",
    "Andrei Popa",
    "Elena Dumitrescu",
    "Mihai Stan",
    "Cristina Ilie",
    "Radu Georgescu",
    "Ana Vasilescu",
    "Vlad Constantin",
    "Irina Munteanu",
    "Paul Ene",
    "Diana Toma",
    "Sorin Neagu",
]
REASONS = [
    "A condus echipe de cercetare premiate și a adus zeci de studenți în proiecte reale.",
    "Organizează de ani buni stagii de practică pentru studenți și predă voluntar la facultate.",
    "A fondat o companie care a angajat peste o sută de absolvenți ai universității.",
    "Mentor pentru studenții din anul întâi și inițiatorul clubului alumni al facultății.",
]
COSTS = [
    ("Închirierea sălii", "own_revenue", Decimal("12000")),
    ("Trofee și diplome", "state_budget", Decimal("4500")),
    ("Catering", "own_revenue", Decimal("18000")),
    ("Sonorizare și lumini", "state_budget", Decimal("6000")),
]


def load(context: DemoContext) -> None:
    categories = build_categories(context)
    archive = context.child(
        context.home,
        GalaIndexPageFactory,
        "gala",
        title="Gala Absolvenților",
        show_in_menus=True,
        introduction="Gala anuală în care universitatea își premiază absolvenții remarcabili.",
    )
    context.translate(
        archive,
        title="Alumni Gala",
        slug="gala",
        introduction="The yearly gala where the university honours its outstanding graduates.",
    )
    context.add_navigation(archive, order=GALA_ORDER)
    if archive.get_children().exists():
        return
    rng = context.rng("gala")
    faculties = list(Faculty.objects.filter(locale=context.romanian).order_by("pk"))
    tz = timezone.get_current_timezone()
    gala_event = EventPage.objects.filter(locale=context.romanian, title="Gala Alumni").first()
    for years_ago in (2, 1, 0):
        if years_ago:
            starts_at = datetime.combine(
                context.today.replace(month=11, day=20) - timedelta(days=365 * years_ago), time(19), tzinfo=tz
            )
        else:
            starts_at = (
                gala_event.start
                if gala_event
                else datetime.combine(context.today + timedelta(days=120), time(19), tzinfo=tz)
            )
        edition = context.child(
            archive,
            GalaEditionPageFactory,
            f"gala-{starts_at.year}",
            title=f"Gala Absolvenților {starts_at.year}",
            starts_at=starts_at,
            venue="Casa Universitarilor",
            introduction="Seara în care comunitatea alumni își sărbătorește absolvenții remarcabili.",
            nominations_open=starts_at - timedelta(days=150),
            nominations_close=starts_at - timedelta(days=30),
            event=gala_event if not years_ago else None,
        )
        edition.categories.set(categories)
        edition.save_revision().publish()
        context.translate(
            edition,
            title=f"Alumni Gala {starts_at.year}",
            slug=f"gala-{starts_at.year}",
            introduction="The evening when the alumni community celebrates its outstanding graduates.",
        )
        build_nominations(edition, categories, faculties, rng, decided=bool(years_ago))
        if years_ago:
            for item, source, planned in COSTS:
                actual = (planned * Decimal(rng.uniform(0.9, 1.12))).quantize(Decimal("1"))
                GalaCost.objects.create(edition=edition, item=item, source=source, planned=planned, actual=actual)
        if years_ago in EVALUATIONS:
            # A draft: the office's demo takes the reports through the approval (office/demo_reports.py).
            GalaEvaluation.objects.create(edition=edition, text=EVALUATIONS[years_ago], live=False)


EVALUATIONS = {
    1: "Sala a fost plină, iar premiații au fost prezentați de studenți. Pentru anul viitor: invitațiile trebuie "
    "trimise cu șase săptămâni înainte, iar nominalizările deschise mai devreme.",
    2: "Prima ediție cu nominalizări deschise publicului: de trei ori mai multe propuneri decât în anul anterior. "
    "Costurile au rămas în buget; sala s-a dovedit prea mică.",
}


def build_categories(context: DemoContext) -> list[AwardCategory]:
    categories = []
    for name_ro, name_en, description_ro, description_en in CATEGORIES:
        category = AwardCategory.objects.filter(name=name_ro, locale=context.romanian).first()
        if category is None:
            category = AwardCategory.objects.create(name=name_ro, description=description_ro, locale=context.romanian)
        translate_snippet(category, context.english, name=name_en, description=description_en)
        categories.append(category)
    return categories


def build_nominations(edition, categories, faculties, rng, *, decided: bool) -> None:
    """A dozen nominations over the faculties; for a past edition, a winner per category from its shortlist."""
    nominations = []
    for number, name in enumerate(NOMINEES):
        nominations.append(
            Nomination.objects.create(
                edition=edition,
                category=categories[number % len(categories)],
                nominee_name=name,
                faculty=faculties[number % len(faculties)],
                graduation_year=1990 + rng.randrange(30),
                reason=rng.choice(REASONS),
                nominator_name="Comunitatea alumni",
                nominator_email=f"propunere{number}.{edition.pk}@example.ro",
                created_at=edition.nominations_open + timedelta(days=number + 1),
            )
        )
    for nomination in nominations:
        NominationChange.objects.create(nomination=nomination, to_status="submitted", at=nomination.created_at)
    if not decided:
        return
    for category in categories:
        in_category = [nomination for nomination in nominations if nomination.category_id == category.pk]
        for position, nomination in enumerate(in_category):
            status = "winner" if position == 0 else "shortlisted" if position == 1 else "declined"
            NominationChange.objects.create(
                nomination=nomination,
                from_status="submitted",
                to_status="shortlisted" if status != "declined" else "declined",
                at=edition.nominations_close,
            )
            if status == "winner":
                NominationChange.objects.create(
                    nomination=nomination,
                    from_status="shortlisted",
                    to_status="winner",
                    at=edition.nominations_close + timedelta(days=7),
                )
            Nomination.objects.filter(pk=nomination.pk).update(status=status)
