"""Sending a newsletter: freezing its audience into deliveries, then sending them in batches over one SMTP
connection, each claimed before its message goes out.

A delivery is sent at most once. A batch is claimed (status "sending", with a claim id) before any of its messages
leaves; a refused address is "failed" with the server's reason; when the mail server goes away mid-batch the
message in flight is "interrupted" (it may or may not have arrived, so it is not sent again) and the rest of the
batch goes back to "pending" for the next run. Rows left "sending" by a process that died are marked interrupted
by the next run once they are older than STALE_AFTER.
"""

from __future__ import annotations

import re
import smtplib
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import Locale

from newsletters.audiences import Audience
from newsletters.models import Delivery, Mailing, NewsletterPage
from newsletters.unsubscribe import token_for

BATCH_SIZE = 100
INSERT_CHUNK = 2000
STALE_AFTER = timedelta(minutes=10)
UNSUBSCRIBE_MARK = "__unsubscribe_url__"
_RELATIVE_LINK = re.compile(r'(href|src)="/(?!/)')


class CannotSend(Exception):
    """A newsletter that cannot go out as it is; the message says why, for the office."""


class MailServerUnavailable(Exception):
    """The mail server refused the connection or went away; the send resumes on the next run."""


def site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def source_page(page: NewsletterPage) -> NewsletterPage:
    """The newsletter in the site's default language, whose audience and mailing count for every translation."""
    default = page.get_translation_or_none(Locale.get_default())
    return (default or page).specific


def check_sendable(page: NewsletterPage) -> None:
    if not page.live:
        raise CannotSend(_("Publish the newsletter before sending it."))
    if not page.body:
        raise CannotSend(_("The newsletter has no content."))


@transaction.atomic
def start_mailing(page: NewsletterPage, user=None) -> Mailing:
    """The newsletter's mailing with one delivery per recipient, made the first time and returned as it is after
    (sending a newsletter twice resumes the first sending). Raises CannotSend for an unpublished or empty
    newsletter, or one whose audience is empty."""
    page = source_page(page)
    existing = Mailing.objects.filter(kind=Mailing.Kind.NEWSLETTER, page=page).first()
    if existing is not None:
        return existing
    check_sendable(page)
    audience = Audience.of_page(page)
    mailing = Mailing.objects.create(
        kind=Mailing.Kind.NEWSLETTER,
        page=page,
        subject=page.title,
        audience=audience.as_filters(),
        started_at=timezone.now(),
        started_by=user,
    )
    if not freeze_audience(mailing, audience):
        raise CannotSend(_("Nobody is in this newsletter's audience: widen it, or wait for subscribers."))
    return mailing


def freeze_audience(mailing: Mailing, audience: Audience) -> int:
    """One delivery per recipient of the audience (alumni first, then outside subscribers; an address is taken
    once); returns how many."""
    recipients = audience.people().order_by("pk").values_list("pk", "email", "language")
    rows = []
    for alumnus_id, email, language in recipients.iterator(chunk_size=INSERT_CHUNK):
        rows.append(Delivery(mailing=mailing, alumnus_id=alumnus_id, email=email.lower(), language=language or "ro"))
        if len(rows) >= INSERT_CHUNK:
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    subscribers = audience.subscribers().order_by("pk").values_list("pk", "email", "language")
    rows = [
        Delivery(mailing=mailing, subscriber_id=pk, email=email.lower(), language=language or "ro")
        for pk, email, language in subscribers.iterator(chunk_size=INSERT_CHUNK)
    ]
    Delivery.objects.bulk_create(rows, batch_size=INSERT_CHUNK, ignore_conflicts=True)
    return mailing.deliveries.count()


@dataclass
class Issue:
    """A newsletter rendered once per language, with a mark where each recipient's unsubscribe link goes."""

    subject: str
    html: str
    text: str

    def message(self, email: str, unsubscribe_url: str, connection, subject_prefix: str = "") -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject=subject_prefix + self.subject,
            body=self.text.replace(UNSUBSCRIBE_MARK, unsubscribe_url),
            to=[email],
            connection=connection,
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(self.html.replace(UNSUBSCRIBE_MARK, escape(unsubscribe_url)), "text/html")
        return message


def render_issue(page: NewsletterPage, language: str) -> Issue:
    """The newsletter in this language when it has a live translation in it, else in the default one."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = page.get_translation_or_none(locale) if locale is not None else None
    shown = translated.specific if translated is not None and translated.live else page
    with translation.override(shown.locale.language_code):
        context = {"page": shown, "unsubscribe_url": UNSUBSCRIBE_MARK, "web_url": shown.full_url or ""}
        html = render_to_string("newsletters/emails/newsletter.html", context)
        text = render_to_string("newsletters/emails/newsletter.txt", context)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return Issue(subject=shown.title, html=_RELATIVE_LINK.sub(rf'\1="{base}/', html), text=text)


def unsubscribe_url(language: str, alumnus_id: int | None = None, subscriber_id: int | None = None) -> str:
    """The recipient's own unsubscribe link (nobody's, for a test), in their language."""
    with translation.override(language):
        return site_url(reverse("newsletters:unsubscribe", args=[token_for(alumnus_id, subscriber_id)]))


def send_test(page: NewsletterPage, email: str, language: str = "ro") -> None:
    """One copy of the newsletter to the office, marked as a test; its unsubscribe link unsubscribes nobody."""
    with get_connection() as connection:
        issue = render_issue(source_page(page), language)
        issue.message(email, unsubscribe_url(language), connection, subject_prefix=_("[Test] ")).send()


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    interrupted: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def mark_stale_interrupted(mailing: Mailing, now=None) -> int:
    now = now or timezone.now()
    return mailing.deliveries.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - STALE_AFTER).update(
        status=Delivery.Status.INTERRUPTED, error=_("The sending process stopped; not sent again.")
    )


def send_mailing(mailing: Mailing, batch_size: int = BATCH_SIZE) -> SendReport:
    """Send every pending delivery of the mailing; safe to run again, or beside another run."""
    report = SendReport(interrupted=mark_stale_interrupted(mailing))
    composer = composer_for(mailing)
    while True:
        batch = claim_batch(mailing, batch_size)
        if not batch:
            break
        composer.prepare(batch)
        send_batch(batch, composer, report)
    finish_if_done(mailing)
    return report


class NewsletterComposer:
    """A newsletter's messages: the issue rendered once per language, each with the person's unsubscribe link."""

    def __init__(self, mailing: Mailing):
        self.page = source_page(mailing.page.specific)
        self.issues: dict[str, Issue] = {}

    def prepare(self, batch: list[Delivery]) -> None:
        for delivery in batch:
            if delivery.language not in self.issues:
                self.issues[delivery.language] = render_issue(self.page, delivery.language)

    def message(self, delivery: Delivery, connection) -> EmailMultiAlternatives:
        link = unsubscribe_url(delivery.language, delivery.alumnus_id, delivery.subscriber_id)
        return self.issues[delivery.language].message(delivery.email, link, connection)


def composer_for(mailing: Mailing):
    if mailing.kind == Mailing.Kind.INVITATION:
        from newsletters.invitations import InvitationComposer

        return InvitationComposer(mailing)
    return NewsletterComposer(mailing)


def claim_batch(mailing: Mailing, size: int) -> list[Delivery]:
    pending = mailing.deliveries.filter(status=Delivery.Status.PENDING).order_by("pk")
    ids = list(pending.values_list("pk", flat=True)[:size])
    if not ids:
        return []
    claim = uuid.uuid4()
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENDING, claim=claim, claimed_at=timezone.now()
    )
    return list(Delivery.objects.filter(claim=claim).order_by("pk"))


def send_batch(batch: list[Delivery], composer, report: SendReport) -> None:
    sent: list[int] = []
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        release(batch)
        raise MailServerUnavailable(str(error)) from error
    try:
        for position, delivery in enumerate(batch):
            message = composer.message(delivery, connection)
            try:
                message.send()
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
                reason = refusal_reason(error)
                Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, error=reason[:500])
                report.failed += 1
                report.failures.append((delivery.email, reason))
            except (OSError, smtplib.SMTPException) as error:
                record_sent(sent, report)
                Delivery.objects.filter(pk=delivery.pk).update(
                    status=Delivery.Status.INTERRUPTED, error=_("The mail server went away during this message.")
                )
                report.interrupted += 1
                release(batch[position + 1 :])
                raise MailServerUnavailable(str(error)) from error
            else:
                sent.append(delivery.pk)
    finally:
        try:
            connection.close()
        finally:
            record_sent(sent, report)


def record_sent(sent: list[int], report: SendReport) -> None:
    if sent:
        Delivery.objects.filter(pk__in=sent).update(status=Delivery.Status.SENT, sent_at=timezone.now(), claim=None)
        report.sent += len(sent)
        sent.clear()


def release(deliveries: list[Delivery]) -> None:
    """Deliveries claimed but not tried go back to the queue."""
    Delivery.objects.filter(pk__in=[delivery.pk for delivery in deliveries], status=Delivery.Status.SENDING).update(
        status=Delivery.Status.PENDING, claim=None, claimed_at=None
    )


def refusal_reason(error: smtplib.SMTPException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
    else:
        code, text = error.smtp_code, error.smtp_error
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {text}"


def finish_if_done(mailing: Mailing) -> None:
    waiting = mailing.deliveries.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING])
    if not waiting.exists() and mailing.status != Mailing.Status.SENT:
        Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENT, finished_at=timezone.now())
        mailing.refresh_from_db()
