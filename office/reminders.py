"""Deadline reminders: an e-mail to each responsible person about their plan actions, measure deadlines (the
faculty's current coordinator answers for them) and meeting decisions that fall due within a few days or are
overdue. Each item is reminded at most once a day: a `SentReminder` row per item and day is written in the same
transaction as the message is sent, so a rerun the same day (or a second process) sends nothing again.

Run daily: `manage.py office_send_reminders [--days 7]`, or the `send_reminders_task` on the task worker.
"""

from __future__ import annotations

import datetime
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from office.models import CoordinatorAppointment, MeasureDeadline, MeetingDecision, PlanAction, SentReminder

DEFAULT_DAYS = 7


@dataclass(frozen=True)
class DueItem:
    kind: str
    item_id: int
    email: str
    name: str
    title: str
    deadline: datetime.date
    source: str  # the plan, measure or meeting it comes from
    url: str

    def days_left(self, today: datetime.date) -> int:
        return (self.deadline - today).days


@dataclass
class ReminderReport:
    messages: int = 0
    items: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def _admin_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def due_items(today: datetime.date, days: int = DEFAULT_DAYS) -> list[DueItem]:
    """Every open item due by `today + days` (overdue ones included) with somebody to write to, in three queries
    plus one for the coordinators."""
    horizon = today + datetime.timedelta(days=days)
    items: list[DueItem] = []
    actions = PlanAction.objects.due_by(horizon).exclude(responsible_email="").select_related("plan", "plan__faculty")
    for action in actions:
        items.append(
            DueItem(
                SentReminder.Kind.ACTION,
                action.pk,
                action.responsible_email.lower(),
                action.responsible,
                action.title,
                action.deadline,
                f"{action.plan.faculty.short_name} {action.plan.academic_year}",
                _admin_url(reverse("wagtailsnippets_office_actionplan:inspect", args=[action.plan_id])),
            )
        )
    deadlines = list(MeasureDeadline.objects.due_by(horizon).select_related("measure", "faculty"))
    coordinators = {
        appointment.faculty_id: appointment
        for appointment in CoordinatorAppointment.objects.current().filter(
            faculty_id__in={deadline.faculty_id for deadline in deadlines}
        )
    }
    for deadline in deadlines:
        coordinator = coordinators.get(deadline.faculty_id)
        if coordinator is None:
            continue
        items.append(
            DueItem(
                SentReminder.Kind.MEASURE,
                deadline.pk,
                coordinator.email.lower(),
                coordinator.name,
                deadline.measure.title,
                deadline.deadline,
                deadline.faculty.short_name,
                _admin_url(reverse("wagtailsnippets_office_measuredeadline:list") + f"?faculty={deadline.faculty_id}"),
            )
        )
    decisions = MeetingDecision.objects.due_by(horizon).exclude(responsible_email="").select_related("meeting")
    for decision in decisions:
        items.append(
            DueItem(
                SentReminder.Kind.DECISION,
                decision.pk,
                decision.responsible_email.lower(),
                decision.responsible,
                decision.text,
                decision.deadline,
                str(decision.meeting),
                _admin_url(reverse("wagtailsnippets_office_coordinatormeeting:edit", args=[decision.meeting_id])),
            )
        )
    return items


def send_due_reminders(today: datetime.date, days: int = DEFAULT_DAYS) -> ReminderReport:
    """One message per person with their items not yet reminded today; every item reminded is recorded."""
    report = ReminderReport()
    sent_today = set(SentReminder.objects.filter(sent_on=today).values_list("kind", "item_id"))
    by_person: dict[str, list[DueItem]] = defaultdict(list)
    for item in due_items(today, days):
        if (item.kind, item.item_id) not in sent_today:
            by_person[item.email].append(item)
    for email, items in sorted(by_person.items()):
        items.sort(key=lambda item: (item.deadline, item.title))
        try:
            with transaction.atomic():
                # Claimed first: another run that got here before us makes this fail, and nothing is sent twice.
                SentReminder.objects.bulk_create(
                    [SentReminder(kind=item.kind, item_id=item.item_id, sent_on=today, email=email) for item in items]
                )
                reminder_message(email, items, today).send()
        except IntegrityError:
            continue
        except (smtplib.SMTPException, OSError) as error:  # this person's message; the others still go out
            report.failures.append((email, str(error)))
            continue
        report.messages += 1
        report.items += len(items)
    return report


def reminder_message(email: str, items: list[DueItem], today: datetime.date) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        overdue = [item for item in items if item.deadline < today]
        coming = [item for item in items if item.deadline >= today]
        subject = ngettext(
            "Reminder: %(count)d deadline of the alumni plans",
            "Reminder: %(count)d deadlines of the alumni plans",
            len(items),
        ) % {"count": len(items)}
        context = {"name": items[0].name, "overdue": overdue, "coming": coming, "today": today}
        return EmailMessage(subject=subject, body=render_to_string("office/emails/reminder.txt", context), to=[email])
