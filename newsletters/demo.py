"""Newsletters' demo data: the archive ("newsletter") with three past issues, each sent to the subscribers of its
day (their deliveries recorded, a few refused by the mail server), one issue published and ready to send, and two
confirmed subscribers from outside the alumni database; an invitation text in both languages, and an open
invitation to the next event that takes registrations.

Issues pull in the site's latest articles and upcoming events, so that the archive links to real pages.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from wagtail.rich_text import RichText

from alumni.models import ConsentPurpose
from alumni.privacy import mailing_audience
from events.models import EventPage
from home.factories import translate_snippet
from home.models import ArticlePage
from newsletters.factories import NewsletterIndexPageFactory, NewsletterPageFactory
from newsletters.models import Delivery, InvitationTemplate, Mailing, NewsletterPage, Subscriber

if TYPE_CHECKING:
    from home.extensions import DemoContext

NEWSLETTER_ORDER = 45  # in the main navigation: after joining, before the strategy
REFUSED_SHARE = 0.01

ISSUES = [
    # (days before today, Romanian title, English title, Romanian text, English text)
    (
        95,
        "Newsletter alumni: începutul anului universitar",
        "Alumni newsletter: the start of the academic year",
        "Un nou an universitar începe, iar comunitatea alumni crește: peste o sută de absolvenți s-au alăturat "
        "în vară. Îți mulțumim că ești aproape de facultatea ta.",
        "A new academic year begins and the alumni community grows: over a hundred graduates joined over the "
        "summer. Thank you for staying close to your faculty.",
    ),
    (
        64,
        "Newsletter alumni: mentorat și practică",
        "Alumni newsletter: mentoring and internships",
        "Studenții caută mentori și locuri de practică. Dacă vrei să ajuți, bifează în profil felul în care poți "
        "sprijini studenții: coordonatorul facultății te va contacta.",
        "Students are looking for mentors and internships. If you would like to help, tick in your profile how "
        "you can support students: your faculty's coordinator will be in touch.",
    ),
    (
        33,
        "Newsletter alumni: Gala Alumni se apropie",
        "Alumni newsletter: the Alumni Gala is coming",
        "Nominalizările pentru Gala Alumni sunt deschise până la sfârșitul lunii. Propune un coleg care a făcut "
        "ceva remarcabil în cariera sau în comunitatea lui.",
        "Nominations for the Alumni Gala are open until the end of the month. Put forward a classmate who has "
        "done something remarkable in their career or community.",
    ),
]
READY = (
    0,
    "Newsletter alumni: întâlnirile de iarnă",
    "Alumni newsletter: winter meetings",
    "Decembrie aduce întâlnirile de iarnă ale promoțiilor și seara de networking a absolvenților. Te așteptăm!",
    "December brings the classes' winter reunions and the graduates' networking evening. We hope to see you!",
)


def load(context: DemoContext) -> None:
    archive = context.child(
        context.home,
        NewsletterIndexPageFactory,
        "newsletter",
        title="Newsletter",
        show_in_menus=True,
        introduction="Numerele trimise abonaților: vești din facultăți, articole și evenimentele care urmează.",
    )
    context.translate(
        archive,
        title="Newsletter",
        slug="newsletter",
        introduction="The issues sent to subscribers: news from the faculties, articles and upcoming events.",
    )
    context.add_navigation(archive, order=NEWSLETTER_ORDER)
    rng = context.rng("newsletters")
    subscribers = list(
        mailing_audience(ConsentPurpose.NEWSLETTER).order_by("pk").values_list("pk", "email", "language")
    )
    for issue in ISSUES:
        page = build_issue(context, archive, issue)
        if not Mailing.objects.filter(kind=Mailing.Kind.NEWSLETTER, translation_key=page.translation_key).exists():
            record_sending(context, page, subscribers, rng)
    build_issue(context, archive, READY)
    build_invitation(context)
    for email, language in (("prieten.al.facultatii@example.com", "ro"), ("partner.company@example.com", "en")):
        Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "language": language,
                "consent_text": archive.subscribe_consent_text,
                "confirmed_at": timezone.now(),
            },
        )


INVITATION_RO = (
    "Invitație la un eveniment",
    "Te invităm: {event}",
    "Bună, {name}!\n\nTe invităm la {event}, pe {date}, la {place}. Ne bucurăm să revedem absolvenții facultății și "
    "să-i cunoaștem pe cei mai tineri.\n\nÎnscrie-te aici, formularul este deja completat pentru tine:\n{link}\n\n"
    "Biroul Alumni",
)
INVITATION_EN = (
    "You are invited: {event}",
    "Hello {name},\n\nWe would love to see you at {event}, on {date}, at {place}.\n\nRegister here, the form is "
    "already filled in for you:\n{link}\n\nThe Alumni Office",
)


def build_invitation(context: DemoContext) -> None:
    """An invitation text in both languages, and an open invitation to the next event with registration: sent two
    days ago to the organising faculty's subscribers."""
    name, subject, body = INVITATION_RO
    template = InvitationTemplate.objects.filter(name=name, locale=context.romanian).first()
    if template is None:
        template = InvitationTemplate.objects.create(name=name, subject=subject, body=body, locale=context.romanian)
    translate_snippet(template, context.english, subject=INVITATION_EN[0], body=INVITATION_EN[1])
    now = timezone.now()
    events = EventPage.objects.live().filter(locale=context.romanian, start__gt=now + timedelta(days=3))
    event = next((event for event in events.order_by("start") if event.registration_window_open(now)), None)
    if event is None or Mailing.objects.filter(kind=Mailing.Kind.INVITATION, page=event).exists():
        return
    people = mailing_audience(ConsentPurpose.NEWSLETTER)
    if event.faculty_id:
        people = people.filter(faculty__translation_key=event.faculty.translation_key)
    sent_at = now - timedelta(days=2)
    mailing = Mailing.objects.create(
        kind=Mailing.Kind.INVITATION,
        page=event,
        translation_key=event.translation_key,
        template=template,
        subject=subject.format(event=event.title),
        status=Mailing.Status.SENT,
        started_at=sent_at,
        finished_at=sent_at,
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                mailing=mailing,
                alumnus_id=pk,
                email=email.lower(),
                language=language or "ro",
                status="sent",
                sent_at=sent_at,
            )
            for pk, email, language in people.order_by("pk").values_list("pk", "email", "language")[:400]
        ],
        ignore_conflicts=True,
    )


def build_issue(context: DemoContext, archive, issue) -> NewsletterPage:
    days, title_ro, title_en, text_ro, text_en = issue
    date = context.today - timedelta(days=days)
    articles = list(ArticlePage.objects.live().filter(date__lte=date, locale=context.romanian).order_by("-date")[:3])
    if not articles:
        articles = list(ArticlePage.objects.live().filter(locale=context.romanian).order_by("date")[:3])
    events = list(EventPage.objects.live().filter(start__date__gt=date, locale=context.romanian).order_by("start")[:3])
    body = [("heading", {"text": "Din comunitate", "level": "h2"}), ("paragraph", RichText(f"<p>{text_ro}</p>"))]
    if articles:
        body.append(("articles", {"title": "De citit", "pages": articles}))
    if events:
        body.append(("events", {"title": "În calendar", "pages": events}))
    page = context.child(
        archive,
        NewsletterPageFactory,
        f"newsletter-{date:%Y-%m}",
        title=title_ro,
        date=date,
        introduction=text_ro.split(": ")[0].split(". ")[0] + ".",
        body=body,
    )
    context.translate(
        page,
        title=title_en,
        introduction=text_en.split(": ")[0].split(". ")[0] + ".",
        body=[("heading", {"text": "From the community", "level": "h2"}), ("paragraph", RichText(f"<p>{text_en}</p>"))],
    )
    return page


def record_sending(context: DemoContext, page: NewsletterPage, subscribers, rng) -> None:
    """The issue's mailing as it went out on its day: one delivery per subscriber, a few refused."""
    sent_at = timezone.make_aware(datetime.combine(page.date, time(10, 0)))
    mailing = Mailing.objects.create(
        page=page,
        translation_key=page.translation_key,
        subject=page.title,
        status=Mailing.Status.SENT,
        started_at=sent_at,
        finished_at=sent_at,
    )
    deliveries = []
    for alumnus_id, email, language in subscribers:
        refused = rng.random() < REFUSED_SHARE
        deliveries.append(
            Delivery(
                mailing=mailing,
                alumnus_id=alumnus_id,
                email=email.lower(),
                language=language or "ro",
                status=Delivery.Status.FAILED if refused else Delivery.Status.SENT,
                sent_at=None if refused else sent_at,
                error="550 5.1.1 Mailbox unavailable" if refused else "",
            )
        )
    Delivery.objects.bulk_create(deliveries, batch_size=2000, ignore_conflicts=True)
