"""The office's demo reports: the people of the approval (the office, the directorate, the rector) with their
sign-ins, each faculty's syntheses for the last and the current academic year taken through the approval as far
as the calendar says, the gala's final reports (one archived, one waiting for the rector), and the yearly
snapshots of the alumni database, so that the dashboard and its comparisons show something on the first run."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import TaskState

from gala.models import GalaEvaluation
from home.approvals import DIRECTORATE_GROUP, OFFICE_GROUP, RECTOR_GROUP, ensure_approval_workflow
from home.models import Faculty
from office.academic_year import academic_year_bounds, current_academic_year
from office.models import DatabaseSnapshot, Synthesis
from office.snapshots import MEASURES, count_database

if TYPE_CHECKING:
    from home.extensions import DemoContext

PEOPLE = [
    # username, first name, last name, group, what the demo prints
    ("birou", "Ana", "Ionescu", OFFICE_GROUP, "Alumni office (drafts, archives, dashboard)"),
    ("director", "Dan", "Marinescu", DIRECTORATE_GROUP, "Directorate (checks)"),
    ("rector", "Radu", "Constantinescu", RECTOR_GROUP, "Rector (approves)"),
]

# What the office reads and keeps besides the approval's records.
OFFICE_PERMISSIONS = [
    ("office", "view_dashboard"),
    ("office", "add_databasesnapshot"),
    ("office", "view_databasesnapshot"),
    ("office", "view_platform_report"),
    ("office", "view_synthesis"),
    ("office", "view_actionplan"),
    ("office", "change_actionplan"),
    ("office", "centralise_actionplan"),
    # The strategy's measures and their deadlines, the coordinators and the meetings are the office's to keep.
    *(
        ("office", f"{action}_{model}")
        for model in ("measure", "measuredeadline", "coordinatormeeting", "coordinatorappointment")
        for action in ("add", "change", "view")
    ),
    # The protocols of every faculty, read (the faculties and the directorate draft and check them).
    ("protocols", "view_protocol"),
    ("protocols", "view_weakpoint"),
    ("protocols", "view_protocoltemplate"),
    ("protocols", "view_protocolevaluation"),
    # The gala: its costs and final report, and the nominations it shortlists.
    ("gala", "view_galacost"),
    ("gala", "view_galaevaluation"),
    ("gala", "change_galaevaluation"),
    ("gala", "view_nomination"),
    ("gala", "change_nomination"),
    ("gala", "shortlist_nomination"),
]


def load_reports(context: DemoContext) -> None:
    # Wagtail e-mails the next step's group at every step: the demo's steps are history, not news.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _load_reports(context)


def _load_reports(context: DemoContext) -> None:
    workflow = ensure_approval_workflow()
    people = _people(context)
    office = people[OFFICE_GROUP]
    chain = [people[DIRECTORATE_GROUP], people[RECTOR_GROUP], office]

    current = current_academic_year(context.today)
    current_start, _current_end = academic_year_bounds(current)
    last_start, last_end = academic_year_bounds(f"{current_start.year - 1}-{current_start.year}")
    faculties = list(Faculty.objects.filter(locale=context.romanian).order_by("sort_key"))
    for position, faculty in enumerate(faculties):
        # Last year: both syntheses archived. This year: the plan sent and, depending on the faculty, at some step.
        for kind in (Synthesis.Kind.PLANNED, Synthesis.Kind.DONE):
            synthesis = _synthesis(faculty, kind, last_start, last_end, office)
            _approve(workflow, synthesis, office, chain)
        this_year = _synthesis(
            faculty, Synthesis.Kind.PLANNED, current_start, max(context.today, current_start), office
        )
        _approve(workflow, this_year, office, chain[: position % 3])

    evaluations = list(GalaEvaluation.objects.filter(live=False).order_by("edition__starts_at"))
    for number, evaluation in enumerate(evaluations):
        last = number == len(evaluations) - 1
        _approve(workflow, evaluation, office, chain[:1] if last else chain)

    _snapshots(context)


def _people(context: DemoContext) -> dict:
    users = get_user_model()
    people = {}
    extra = Permission.objects.none()
    for app_label, codename in OFFICE_PERMISSIONS:
        extra |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    for username, first, last, group_name, role in PEOPLE:
        user, created = users.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.ro", "first_name": first, "last_name": last},
        )
        if created:
            user.set_password(context.password)
            user.save()
        group = Group.objects.get(name=group_name)
        user.groups.add(group)
        if group_name == OFFICE_GROUP:
            group.permissions.add(*extra)
        people[group_name] = user
        context.add_login(f"{role}: user: {username}  password: {context.password}")
    return people


def _synthesis(faculty, kind, start, end, user) -> Synthesis:
    synthesis = Synthesis.objects.filter(faculty=faculty, kind=kind, period_start=start, period_end=end).first()
    if synthesis is None:
        synthesis = Synthesis(
            faculty=faculty,
            kind=kind,
            period_start=start,
            period_end=end,
            notes="Sinteza facultății pentru Biroul Alumni, cu dovezile din platformă.",
            created_by=user,
            live=False,
        )
        synthesis.compile()
        synthesis.save()
    return synthesis


def _approve(workflow, record, submitter, approvers) -> None:
    """Submit `record` to the approval and let each of `approvers` approve their step, in order (none: it waits
    for the directorate). A record already in approval or archived is left as it is."""
    if record.live or record.workflow_in_progress:
        return
    record.save_revision(user=submitter)
    state = workflow.start(record, submitter)
    for user in approvers:
        task_state = TaskState.objects.get(pk=state.current_task_state_id).specific
        task_state.task.specific.on_action(task_state, user, "approve")
        state.refresh_from_db()


def _snapshots(context: DemoContext) -> None:
    """This year's snapshot from the database; the two before it as the demo's history (fewer alumni each year
    back, as a database that grows would have had)."""
    rows = count_database()
    rng = context.rng("office-snapshots")
    for years_back in (2, 1, 0):
        year = context.today.year - years_back
        if DatabaseSnapshot.objects.filter(year=year).exists():
            continue
        past = []
        for row in rows:
            share = (1 - 0.12 * years_back) * rng.uniform(0.95, 1.0)
            past.append({**row, **{measure: round(row[measure] * share) for measure in MEASURES}})
        DatabaseSnapshot.objects.create(
            year=year,
            rows=past if years_back else rows,
            taken_at=timezone.make_aware(
                datetime.datetime.combine(
                    datetime.date(year, 12, 15) if years_back else context.today, datetime.time(10)
                )
            ),
        )
