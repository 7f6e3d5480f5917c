"""Sending a mailing: freezing its audience into deliveries, then sending them in batches over one SMTP
connection, each delivery claimed before its message goes out.

A delivery is sent at most once, and every one is tried unless the person left in the meantime:
- a batch is claimed (status "sending", with a claim id); rows get `attempted_at` just before their messages are
  handed to the mail server, WINDOW at a time, and are recorded "sent" with the next window's write;
- a 5xx refusal of an address, or a message the server rejects for good, is "failed" with the server's reason;
- a temporary refusal (4xx), a refused sender or a lost connection stops the run: the rows not yet tried go back to
  "pending" for the next run; a message in flight when the connection dropped is "interrupted" (it may have
  arrived, so it is not sent again);
- the same permanent refusal for SERVER_FAULT_RUN messages in a row, to addresses of at least two domains, is the
  server's fault (a relay that refuses every message, an account it no longer takes mail from), not the
  recipients': those rows go back to "pending" with the rest and the run stops;
- a run stopped by the server pauses the mailing (status "paused", with the reason for the office) until it is
  resumed (the admin's "Resume sending", `manage.py resume_mailing`), which sends the rest;
- rows left "sending" by a process that died are put back to "pending" by the next run when they were never
  tried, and marked "interrupted" when they were (after STALE_AFTER);
- a person who unsubscribed or was erased after the audience was frozen is "skipped".
All public links in a message come from the site's address (the default Site), like the pages' own URLs.
"""

from __future__ import annotations

import re
import smtplib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from alumni.models import ConsentPurpose
from alumni.privacy import mailing_audience
from newsletters.audiences import Audience
from newsletters.models import Delivery, Mailing, NewsletterPage, Subscriber
from newsletters.unsubscribe import token_for

BATCH_SIZE = 100
WINDOW = 20
INSERT_CHUNK = 2000
STALE_AFTER = timedelta(minutes=10)
# Identical permanent refusals in a row (to at least two domains) that mean the server, not the addresses, failed.
# One domain alone could be a run of departed people on the server's own domain ("user unknown"), which is theirs.
SERVER_FAULT_RUN = 5
UNSUBSCRIBE_MARK = "__unsubscribe_url__"
_RELATIVE_LINK = re.compile(r'(href|src)="/(?!/)')


class CannotSend(Exception):
    """A mailing that cannot go out as it is; the message says why, for the office."""


class MailServerUnavailable(Exception):
    """The mail server refused the connection, went away or asked to try later; the send resumes on the next run."""


def site_root() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site is not None else ""


def site_url(path: str) -> str:
    """An absolute link on the public site, from the default Site's address (as pages' `full_url`)."""
    return site_root() + path


def source_page(page: NewsletterPage) -> NewsletterPage:
    """The newsletter in the site's default language, whose audience and mailing count for every translation."""
    default = page.get_translation_or_none(Locale.get_default())
    return (default or page).specific


def newsletter_mailing(page) -> Mailing | None:
    """The mailing of this newsletter, sent from any of its translations."""
    return Mailing.objects.filter(kind=Mailing.Kind.NEWSLETTER, translation_key=page.translation_key).first()


def check_sendable(page: NewsletterPage) -> None:
    if not page.live:
        raise CannotSend(_("Publish the newsletter before sending it."))
    if not page.body:
        raise CannotSend(_("The newsletter has no content."))


def start_mailing(page: NewsletterPage, user=None) -> Mailing:
    """The newsletter's mailing with one delivery per recipient, made the first time and returned as it is after
    (sending a newsletter twice, from any translation, resumes the first sending). Raises CannotSend for an
    unpublished or empty newsletter, or one whose audience is empty."""
    page = source_page(page)
    existing = newsletter_mailing(page)
    if existing is not None:
        return existing
    check_sendable(page)
    audience = Audience.of_page(page)
    try:
        with transaction.atomic():
            mailing = Mailing.objects.create(
                kind=Mailing.Kind.NEWSLETTER,
                page=page,
                translation_key=page.translation_key,
                subject=page.title,
                audience=audience.as_filters(),
                started_at=timezone.now(),
                started_by=user,
            )
            if not freeze_audience(mailing, audience):
                raise CannotSend(_("Nobody is in this newsletter's audience: widen it, or wait for subscribers."))
    except IntegrityError:  # the same newsletter started at the same moment (a double click): that one stands
        existing = newsletter_mailing(page)
        if existing is None:
            raise
        return existing
    return mailing


def freeze_audience(mailing: Mailing, audience: Audience, *, subscribers: bool = True) -> int:
    """One delivery per recipient of the audience (alumni first, then, when `subscribers`, the newsletter's
    subscribers from outside the database; an address is taken once); returns how many."""
    recipients = audience.people().order_by("pk").values_list("pk", "email", "language")
    rows = []
    for alumnus_id, email, language in recipients.iterator(chunk_size=INSERT_CHUNK):
        rows.append(Delivery(mailing=mailing, alumnus_id=alumnus_id, email=email.lower(), language=language or "ro"))
        if len(rows) >= INSERT_CHUNK:
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    if subscribers:
        outside = audience.subscribers().order_by("pk").values_list("pk", "email", "language")
        rows = [
            Delivery(mailing=mailing, subscriber_id=pk, email=email.lower(), language=language or "ro")
            for pk, email, language in outside.iterator(chunk_size=INSERT_CHUNK)
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
        return personal_message(
            subject=subject_prefix + self.subject,
            text=self.text.replace(UNSUBSCRIBE_MARK, unsubscribe_url),
            html=self.html.replace(UNSUBSCRIBE_MARK, escape(unsubscribe_url)),
            email=email,
            unsubscribe_url=unsubscribe_url,
            connection=connection,
        )


def personal_message(*, subject, text, html, email, unsubscribe_url, connection) -> EmailMultiAlternatives:
    """One recipient's message of a mailing: a plain-text and an HTML part, and the one-click unsubscribe link in
    the `List-Unsubscribe` and `List-Unsubscribe-Post` headers (RFC 8058)."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[email],
        connection=connection,
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
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
    return Issue(subject=shown.title, html=_RELATIVE_LINK.sub(rf'\1="{site_root()}/', html), text=text)


def unsubscribe_url(language: str, alumnus_id: int | None = None, subscriber_id: int | None = None) -> str:
    """The recipient's own unsubscribe link (nobody's, for a test), in their language."""
    with translation.override(language):
        return site_url(reverse("newsletters:unsubscribe", args=[token_for(alumnus_id, subscriber_id)]))


def send_test(page: NewsletterPage, email: str, language: str = "ro") -> None:
    """One copy of the newsletter to the office, marked as a test; its unsubscribe link unsubscribes nobody.
    Raises MailServerUnavailable when the mail server cannot be reached."""
    issue = render_issue(source_page(page), language)
    try:
        with get_connection() as connection:
            issue.message(email, unsubscribe_url(language), connection, subject_prefix=_("[Test] ")).send()
    except (OSError, smtplib.SMTPException) as error:
        raise MailServerUnavailable(str(error)) from error


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    interrupted: int = 0
    skipped: int = 0
    released: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    # The latest permanent refusals in a row with the same answer: (delivery id, address), and that answer.
    refusal_run: list[tuple[int, str]] = field(default_factory=list)
    refusal_reason: str = ""


def recover_stale(mailing: Mailing, now=None) -> tuple[int, int]:
    """Rows a dead process left "sending": never tried → pending again; tried → interrupted. (released, lost)"""
    stale = mailing.deliveries.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=(now or timezone.now()) - STALE_AFTER
    )
    released = stale.filter(attempted_at__isnull=True).update(
        status=Delivery.Status.PENDING, claim=None, claimed_at=None
    )
    interrupted = stale.filter(attempted_at__isnull=False).update(
        status=Delivery.Status.INTERRUPTED, error=_("The sending process stopped during this message; not sent again.")
    )
    return released, interrupted


def waiting(mailing: Mailing) -> int:
    """Deliveries still to send (pending, or claimed by a run that may have died)."""
    return mailing.deliveries.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]).count()


def pause(mailing: Mailing, reason: str) -> None:
    """The mail server failed: the mailing waits, with the reason, until it is resumed (or is finished, when the
    failure came with its last message: nothing is left to resume)."""
    if not waiting(mailing):
        finish_if_done(mailing)
        return
    Mailing.objects.filter(pk=mailing.pk).exclude(status=Mailing.Status.SENT).update(
        status=Mailing.Status.PAUSED, paused_reason=reason[:500]
    )
    mailing.refresh_from_db(fields=["status", "paused_reason"])


def send_mailing(mailing: Mailing, batch_size: int = BATCH_SIZE) -> SendReport:
    """Send every pending delivery of the mailing; safe to run again, or beside another run. A mail server fault
    pauses the mailing and raises MailServerUnavailable; running it again resumes it."""
    if mailing.status == Mailing.Status.PAUSED:
        Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.PAUSED).update(
            status=Mailing.Status.SENDING, paused_reason=""
        )
        mailing.refresh_from_db(fields=["status", "paused_reason"])
    try:
        return _send_pending(mailing, batch_size)
    except MailServerUnavailable as error:
        pause(mailing, str(error))
        raise


def _send_pending(mailing: Mailing, batch_size: int) -> SendReport:
    released, interrupted = recover_stale(mailing)
    report = SendReport(interrupted=interrupted, released=released)
    composer = composer_for(mailing)
    if composer is None:
        report.failed += mailing.deliveries.filter(status=Delivery.Status.PENDING).update(
            status=Delivery.Status.FAILED, error=_("What was being sent was deleted.")
        )
        finish_if_done(mailing)
        return report
    while True:
        batch = claim_batch(mailing, batch_size)
        if not batch:
            break
        batch = skip_departed(batch, report, purpose=mailing_purpose(mailing))
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


# What writes each kind of mailing's messages: `factory(mailing) -> composer or None` (None when what the mailing
# sends was deleted). Apps above this one register theirs (surveys: the survey invitations) in their `ready()`.
_COMPOSERS: dict[str, Callable[[Mailing], object | None]] = {}


def register_composer(kind: str, factory: Callable[[Mailing], object | None]) -> None:
    """Say what writes the messages of mailings of `kind`; a composer has `prepare(batch)` and
    `message(delivery, connection) -> EmailMessage`."""
    _COMPOSERS[kind] = factory


def composer_for(mailing: Mailing):
    """What writes the mailing's messages; None when what it sends was deleted."""
    if mailing.page is None:
        return None
    factory = _COMPOSERS.get(mailing.kind)
    return factory(mailing) if factory is not None else None


def _newsletter_composer(mailing: Mailing):
    return NewsletterComposer(mailing)


def _invitation_composer(mailing: Mailing):
    if mailing.template is None:
        return None
    from newsletters.invitations import InvitationComposer

    return InvitationComposer(mailing)


register_composer(Mailing.Kind.NEWSLETTER, _newsletter_composer)
register_composer(Mailing.Kind.INVITATION, _invitation_composer)


def claim_batch(mailing: Mailing, size: int) -> list[Delivery]:
    pending = mailing.deliveries.filter(status=Delivery.Status.PENDING).order_by("pk")
    ids = list(pending.values_list("pk", flat=True)[:size])
    if not ids:
        return []
    claim = uuid.uuid4()
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENDING, claim=claim, claimed_at=timezone.now(), attempted_at=None
    )
    return list(Delivery.objects.filter(claim=claim).order_by("pk"))


def mailing_purpose(mailing: Mailing) -> str:
    """The consent the mailing's audience was chosen by (the newsletter's, or the surveys' for survey invitations)."""
    purpose = (mailing.audience or {}).get("purpose")
    return purpose if purpose in ConsentPurpose.values else ConsentPurpose.NEWSLETTER


def skip_departed(
    batch: list[Delivery], report: SendReport, purpose: str = ConsentPurpose.NEWSLETTER
) -> list[Delivery]:
    """Leave out people who withdrew the mailing's consent or were erased since the audience was frozen (two
    queries a batch)."""
    alumni = [delivery.alumnus_id for delivery in batch if delivery.alumnus_id]
    outside = [delivery.subscriber_id for delivery in batch if delivery.subscriber_id]
    still_alumni = (
        set(mailing_audience(purpose).filter(pk__in=alumni).values_list("pk", flat=True)) if alumni else set()
    )
    still_outside = (
        set(Subscriber.objects.receiving().filter(pk__in=outside).values_list("pk", flat=True)) if outside else set()
    )
    kept, gone = [], []
    for delivery in batch:
        departed = (
            not delivery.email
            or (delivery.alumnus_id and delivery.alumnus_id not in still_alumni)
            or (delivery.subscriber_id and delivery.subscriber_id not in still_outside)
        )
        if departed:
            gone.append(delivery.pk)
        else:
            kept.append(delivery)
    if gone:
        Delivery.objects.filter(pk__in=gone).update(
            status=Delivery.Status.SKIPPED, claim=None, error=_("Unsubscribed or erased after the sending started.")
        )
        report.skipped += len(gone)
    return kept


def send_batch(batch: list[Delivery], composer, report: SendReport) -> None:
    """Send a claimed batch over one connection, WINDOW messages at a time: each window is marked attempted (and
    the previous one recorded sent) in one write before its messages go out, so a process killed mid-window
    leaves at most WINDOW rows uncertain, and none of them is sent twice."""
    sent: list[int] = []
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        release(batch)
        raise MailServerUnavailable(str(error)) from error
    try:
        for start in range(0, len(batch), WINDOW):
            window = []
            for delivery in batch[start : start + WINDOW]:
                try:
                    window.append((delivery, composer.message(delivery, connection)))
                except Exception as error:  # noqa: BLE001 - one message that cannot be written must not stop the rest
                    fail(delivery, _("The message could not be written: %(error)s") % {"error": error}, report)
            with transaction.atomic():
                record_sent(sent, report)
                Delivery.objects.filter(pk__in=[delivery.pk for delivery, _message in window]).update(
                    attempted_at=timezone.now()
                )
            untried_after = batch[start + WINDOW :]
            for position, (delivery, message) in enumerate(window):
                try:
                    message.send()
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
                    code, reason = refusal(error)
                    if isinstance(error, smtplib.SMTPSenderRefused) or not 500 <= code < 600:
                        # The server turns the sender away or asks to try later: nothing of this message was taken.
                        record_sent(sent, report)
                        release([item for item, _message in window[position:]] + untried_after)
                        raise MailServerUnavailable(reason) from error
                    fail(delivery, reason, report)
                    if server_fault(delivery, reason, report):
                        record_sent(sent, report)
                        release([item for item, _message in window[position + 1 :]] + untried_after)
                        raise MailServerUnavailable(
                            _("The mail server refused %(count)s messages in a row with the same answer: %(reason)s")
                            % {"count": len(report.refusal_run), "reason": reason}
                        ) from error
                except (OSError, smtplib.SMTPException) as error:
                    record_sent(sent, report)
                    Delivery.objects.filter(pk=delivery.pk).update(
                        status=Delivery.Status.INTERRUPTED, error=_("The mail server went away during this message.")
                    )
                    report.interrupted += 1
                    release([item for item, _message in window[position + 1 :]] + untried_after)
                    raise MailServerUnavailable(str(error)) from error
                else:
                    sent.append(delivery.pk)
                    report.refusal_run.clear()
    finally:
        try:
            connection.close()
        finally:
            record_sent(sent, report)


def fail(delivery: Delivery, reason: str, report: SendReport) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, error=reason[:500], claim=None)
    report.failed += 1
    report.failures.append((delivery.email, reason))


def server_fault(delivery: Delivery, reason: str, report: SendReport) -> bool:
    """Count this permanent refusal in the run of identical ones; when the run says the server is at fault, put
    the run's rows back to "pending" (they were never the recipients' fault) and answer True."""
    if reason != report.refusal_reason:
        report.refusal_run.clear()
        report.refusal_reason = reason
    report.refusal_run.append((delivery.pk, delivery.email))
    domains = {email.rpartition("@")[2].lower() for _pk, email in report.refusal_run}
    if len(report.refusal_run) < SERVER_FAULT_RUN or len(domains) < 2:
        return False
    ids = [pk for pk, _email in report.refusal_run]
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING, error="", claim=None, claimed_at=None, attempted_at=None
    )
    report.failed -= len(ids)
    undone = {email for _pk, email in report.refusal_run}
    report.failures = [(email, why) for email, why in report.failures if not (email in undone and why == reason)]
    return True


def record_sent(sent: list[int], report: SendReport) -> None:
    if sent:
        Delivery.objects.filter(pk__in=sent).update(status=Delivery.Status.SENT, sent_at=timezone.now(), claim=None)
        report.sent += len(sent)
        sent.clear()


def release(deliveries: list[Delivery]) -> None:
    """Deliveries claimed but not handed to the mail server go back to the queue."""
    Delivery.objects.filter(pk__in=[delivery.pk for delivery in deliveries], status=Delivery.Status.SENDING).update(
        status=Delivery.Status.PENDING, claim=None, claimed_at=None, attempted_at=None
    )


def refusal(error: smtplib.SMTPException) -> tuple[int, str]:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
    else:
        code, text = error.smtp_code, error.smtp_error
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return code, f"{code} {text}"


def finish_if_done(mailing: Mailing) -> None:
    if not waiting(mailing) and mailing.status != Mailing.Status.SENT:
        Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENT, finished_at=timezone.now())
        mailing.refresh_from_db()
