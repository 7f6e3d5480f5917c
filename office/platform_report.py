"""The platform's report for a period, as the office's procedure asks for its evaluation: new members, consents
given and withdrawn, newsletters and their reach, invitations and turnout, survey participation, subscriptions
from outside the database. A fixed number of queries whatever the numbers (one per section, grouped in the database).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from wagtail.models import Locale

from alumni.models import Alumnus, Consent, ConsentPurpose
from events.models import EventPage, Registration
from newsletters.models import Delivery, Mailing, Subscriber
from surveys.models import SurveyRound


def bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period from the start of `start` to the end of `end`, in the site's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


@dataclass
class MailingRow:
    subject: str
    started_at: datetime.datetime
    recipients: int
    sent: int
    failed: int

    @property
    def reach(self) -> float | None:
        return self.sent / self.recipients if self.recipients else None


@dataclass
class InvitationRow:
    event: str
    invited: int
    delivered: int
    registered: int
    came: int

    @property
    def turnout(self) -> float | None:
        return self.came / self.invited if self.invited else None


@dataclass
class SurveyRow:
    title: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    invited: int
    answered: int

    @property
    def rate(self) -> float | None:
        return round(100 * self.answered / self.invited, 1) if self.invited else None


@dataclass
class PlatformReport:
    start: datetime.date
    end: datetime.date
    members: dict[str, int] = field(default_factory=dict)
    approved_by_faculty: list[tuple[str, int]] = field(default_factory=list)
    consents: list[tuple[str, int, int]] = field(default_factory=list)  # purpose label, given, withdrawn
    unsubscribed_by_link: int = 0
    newsletters: list[MailingRow] = field(default_factory=list)
    invitations: list[InvitationRow] = field(default_factory=list)
    surveys: list[SurveyRow] = field(default_factory=list)
    subscribers: dict[str, int] = field(default_factory=dict)

    def totals(self, rows, *names) -> dict[str, int]:
        return {name: sum(getattr(row, name) for row in rows) for name in names}

    def rows(self) -> list[tuple[str, str, object]]:
        """The report as (section, measure, value) rows, for the spreadsheet export."""
        members, subscribers = _("Members"), _("Subscribers outside the alumni database")
        out = [
            (members, _("Requests to join"), self.members["requests"]),
            (members, _("Approved in the period"), self.members["approved"]),
            (members, _("Approved members today"), self.members["approved_now"]),
            (members, _("Listed in the directory today"), self.members["listed_now"]),
        ]
        out += [(_("Approved in the period, by faculty"), name, count) for name, count in self.approved_by_faculty]
        for label, given, withdrawn in self.consents:
            out += [(_("Consents given"), label, given), (_("Consents withdrawn"), label, withdrawn)]
        out.append((_("Consents withdrawn"), _("through the unsubscribe link"), self.unsubscribed_by_link))
        for row in self.newsletters:
            section = _("Newsletter: %(subject)s") % {"subject": row.subject}
            out += [(section, _("Recipients"), row.recipients), (section, _("Sent"), row.sent)]
            out += [(section, _("Failed"), row.failed)]
        for row in self.invitations:
            section = _("Invitations: %(event)s") % {"event": row.event}
            out += [
                (section, _("Invited"), row.invited),
                (section, _("Delivered"), row.delivered),
                (section, _("Registered"), row.registered),
                (section, _("Came"), row.came),
            ]
        for row in self.surveys:
            section = _("Survey: %(title)s") % {"title": row.title}
            out += [(section, _("Invited"), row.invited), (section, _("Answered"), row.answered)]
        out += [
            (subscribers, _("Confirmed in the period"), self.subscribers["confirmed"]),
            (subscribers, _("Unsubscribed in the period"), self.subscribers["unsubscribed"]),
            (subscribers, _("Receiving the newsletter today"), self.subscribers["receiving_now"]),
        ]
        return out


def platform_report(start: datetime.date, end: datetime.date) -> PlatformReport:
    since, until = bounds(start, end)
    report = PlatformReport(start, end)
    people = Alumnus.objects.aggregate(
        requests=Count("pk", filter=Q(created_at__gte=since, created_at__lt=until, source=Alumnus.Source.REGISTRATION)),
        # Approved then, whatever became of them since (an erased person still counts); rejections are not approvals.
        approved=Count(
            "pk", filter=Q(decided_at__gte=since, decided_at__lt=until) & ~Q(status=Alumnus.Status.REJECTED)
        ),
        approved_now=Count("pk", filter=Q(status=Alumnus.Status.APPROVED)),
        listed_now=Count("pk", filter=Q(status=Alumnus.Status.APPROVED, consent_directory=True)),
    )
    report.members = people
    report.approved_by_faculty = [
        (name or "—", count)
        for name, count in Alumnus.objects.filter(decided_at__gte=since, decided_at__lt=until)
        .exclude(status=Alumnus.Status.REJECTED)
        .values_list("faculty__short_name")
        .annotate(count=Count("pk"))
        .order_by("-count", "faculty__short_name")
    ]

    changes = {
        (purpose, given): count
        for purpose, given, count in Consent.objects.filter(at__gte=since, at__lt=until)
        .values_list("purpose", "given")
        .annotate(count=Count("pk"))
    }
    report.consents = [
        (str(label), changes.get((purpose, True), 0), changes.get((purpose, False), 0))
        for purpose, label in ConsentPurpose.choices
    ]
    report.unsubscribed_by_link = Consent.objects.filter(
        at__gte=since, at__lt=until, source=Consent.Source.UNSUBSCRIBE, given=False
    ).count()

    newsletters = (
        Mailing.objects.with_counts()
        .filter(kind=Mailing.Kind.NEWSLETTER, started_at__gte=since, started_at__lt=until)
        .order_by("started_at")
    )
    report.newsletters = [
        MailingRow(m.subject, m.started_at, m.recipients, m.sent_count, m.failed_count) for m in newsletters
    ]

    # Invitations by event, whichever translation they were sent from or people registered on.
    invited = (
        Delivery.objects.filter(
            mailing__kind=Mailing.Kind.INVITATION, mailing__started_at__gte=since, mailing__started_at__lt=until
        )
        .exclude(email="")
        .exclude(status=Delivery.Status.SKIPPED)
        .values_list("mailing__translation_key")
        .annotate(
            invited=Count("email", distinct=True),
            delivered=Count("email", distinct=True, filter=Q(status=Delivery.Status.SENT)),
        )
    )
    invited = {key: (count, delivered) for key, count, delivered in invited}
    was_invited = Exists(
        Delivery.objects.filter(
            mailing__kind=Mailing.Kind.INVITATION,
            mailing__translation_key=OuterRef("event__translation_key"),
            mailing__started_at__gte=since,
            mailing__started_at__lt=until,
            email=OuterRef("email"),
        )
    )
    came = {
        key: (registered, attended)
        for key, registered, attended in Registration.objects.filter(event__translation_key__in=list(invited))
        .filter(was_invited)
        .values_list("event__translation_key")
        .annotate(
            registered=Count("pk", filter=Q(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING])),
            attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
    }
    titles = dict(
        EventPage.objects.filter(translation_key__in=list(invited), locale=Locale.get_default()).values_list(
            "translation_key", "title"
        )
    )
    report.invitations = [
        InvitationRow(titles.get(key, "—"), count, delivered, *came.get(key, (0, 0)))
        for key, (count, delivered) in sorted(invited.items(), key=lambda item: titles.get(item[0], ""))
    ]

    # Survey rounds open at some time in the period, with their participation.
    rounds = (
        SurveyRound.objects.with_counts().filter(opens_at__lt=until, closes_at__gt=since).order_by("opens_at", "pk")
    )
    report.surveys = [
        SurveyRow(item.title, item.opens_at, item.closes_at, item.invited_count, item.answered_count) for item in rounds
    ]

    report.subscribers = Subscriber.objects.aggregate(
        confirmed=Count("pk", filter=Q(confirmed_at__gte=since, confirmed_at__lt=until)),
        unsubscribed=Count("pk", filter=Q(unsubscribed_at__gte=since, unsubscribed_at__lt=until)),
        receiving_now=Count("pk", filter=Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True)),
    )
    return report
