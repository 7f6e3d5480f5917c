"""Data set builders: each adds one scenario's content on top of the demo university.

They run once per generated database, in a separate process started by run.py
(`python -m benchmarks.datasets BUILDER...`, Django set up with config.settings.dev and the benchmark DATABASE_URL).
Changing this file changes the data set fingerprint, so the next run rebuilds the database.
"""

import sys
from datetime import datetime, time, timedelta

FACULTY_SHORT_NAME = "FMI"
FACULTY_SLUG = "matematica-si-informatica"
EXTRA_ARTICLES = 60


def faculty_article_archive():
    """60 more published articles under FMI's "noutati" index, older than the demo ones: six listing pages."""
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from wagtail.images import get_image_model

    from home.demo_content import ARTICLE_BODY_RO, ARTICLES, FACULTIES_BY_SHORT_NAME, paragraphs
    from home.factories import ArticlePageFactory
    from home.models import ArticleIndexPage, Faculty, FacultyPage

    demo = FACULTIES_BY_SHORT_NAME[FACULTY_SHORT_NAME]
    faculty_page = FacultyPage.objects.get(slug=FACULTY_SLUG, locale__language_code="ro")
    news = ArticleIndexPage.objects.child_of(faculty_page).get(slug="noutati")
    images = list(get_image_model().objects.filter(title__startswith=f"{demo.short_name} – articol").order_by("pk"))
    author = Faculty.objects.get(pk=faculty_page.faculty_id).coordinator_name
    today = timezone.localdate()
    with transaction.atomic():
        for n in range(EXTRA_ARTICLES):
            title_ro, _title_en, intro_ro, _intro_en = ARTICLES[n % len(ARTICLES)]
            date = today - timedelta(days=120 + 9 * n)
            title = f"{title_ro.format(**demo.title_fields)} ({date.year}, nr. {n + 1})"
            article = ArticlePageFactory(
                parent=news,
                title=title,
                slug=f"{slugify(title)[:70]}-{n + 1}",
                date=date,
                author_name=author,
                introduction=intro_ro,
                image=images[n % len(images)] if images else None,
                body=paragraphs(ARTICLE_BODY_RO),
            )
            article.save_revision().publish()
    return f"{EXTRA_ARTICLES} articles under /{FACULTY_SLUG}/noutati/"


CALENDAR_EVENTS = 5000
CALENDAR_SLUG = "calendar"


def event_calendar():
    """5,000 more published events across the faculties' event indexes and the central calendar, spread over a
    year around today (about 400 a month): types, organising faculties, limited places with registrations, and
    a few monthly events. The aggregated calendar (/calendar/) lists them all.

    Pages are added with `add_child` and published without revisions (a revision each would triple the time);
    neither the search index (`--no-index` skips it for the demo too) nor the reference index is updated for
    them. About two minutes."""
    import random

    import factory.random
    from django.db import transaction
    from django.db.models.signals import post_save
    from django.utils import timezone
    from wagtail.images import get_image_model
    from wagtail.models import Locale
    from wagtail.search.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from events.demo_content import EVENTS
    from events.factories import EventPageFactory, RegistrationFactory
    from events.models import EventIndexPage, EventPage, EventType, Registration
    from home.models import FacultyPage

    rng = random.Random(5000)
    factory.random.reseed_random(5000)
    romanian = Locale.objects.get(language_code="ro")
    indexes = [(EventIndexPage.objects.child_of(page).get(slug="evenimente"), page.faculty) for page in
               FacultyPage.objects.filter(locale=romanian).select_related("faculty").order_by("path")]  # fmt: skip
    indexes.append((EventIndexPage.objects.get(slug=CALENDAR_SLUG, locale=romanian), None))
    types = list(EventType.objects.filter(locale=romanian))
    images = list(get_image_model().objects.order_by("pk")[:40])
    today = timezone.localdate()
    now = timezone.now()
    post_save.disconnect(post_save_signal_handler, sender=EventPage)
    started = timezone.now()
    try:
        with transaction.atomic(), disable_reference_index_auto_update():
            for n in range(CALENDAR_EVENTS):
                parent, faculty = indexes[n % len(indexes)]
                demo_event = EVENTS[n % len(EVENTS)]
                day = today + timedelta(days=rng.randint(-183, 182))
                start = timezone.make_aware(datetime.combine(day, time(rng.choice([10, 12, 14, 16, 17, 18]))))
                short = faculty.short_name if faculty else "Alumni"
                capacity = rng.choice([None, None, 20, 40, 100])
                monthly = n % 50 == 0
                event = EventPageFactory.build(
                    title=f"{demo_event.title_ro.format(field='științe', short=short)} (nr. {n + 1})",
                    slug=f"eveniment-{n + 1}",
                    start=start,
                    end=start + timedelta(hours=demo_event.duration),
                    venue=f"{demo_event.venue}, {short}",
                    introduction=f"Eveniment organizat de responsabilul alumni {short}.",
                    event_type=rng.choice(types) if types else None,
                    faculty=faculty,
                    capacity=capacity,
                    recurrence=EventPage.Recurrence.MONTHLY if monthly else "",
                    recurrence_until=(start + timedelta(days=150)).date() if monthly else None,
                    listing_image=images[n % len(images)] if images and n % 3 == 0 else None,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                )
                parent.add_child(instance=event)
                if capacity and n % 4 == 0:
                    taken = rng.randint(capacity // 2, capacity + 5)
                    Registration.objects.bulk_create(
                        RegistrationFactory.build(
                            event=event,
                            number=k + 1,
                            status=Registration.Status.CONFIRMED if k < capacity else Registration.Status.WAITING,
                        )
                        for k in range(taken)
                    )
    finally:
        post_save.connect(post_save_signal_handler, sender=EventPage)
    seconds = (timezone.now() - started).total_seconds()
    return f"{CALENDAR_EVENTS} events under {len(indexes)} event indexes in {seconds:.0f} s"


BUILDERS = {
    "faculty_article_archive": faculty_article_archive,
    "event_calendar": event_calendar,
}


def main(names):
    import django

    django.setup()
    for name in names:
        print(f"  data set {name}: {BUILDERS[name]()}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
