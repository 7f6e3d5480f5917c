"""The office's approval: drafted by the alumni office, checked by the directorate, approved by the rector, then
archived. One Wagtail workflow of three group tasks carries it, for every record an app asks it for.

- A record type that needs the approval subclasses `ApprovalMixin` (Wagtail's workflow, draft state, locking and
  revisions, in the order Wagtail needs; Wagtail 8 gives each model its revisions and workflow states relations).
- Its app calls `require_approval("app_label.ModelName")` from `AppConfig.ready()`.
- After every `migrate` (and every test database), `ensure_approval_workflow()` makes the three groups, the
  three tasks and the workflow, and assigns the workflow to every registered type. It is safe to run again.

Who may do what: the office's group drafts and archives, the directorate's group checks, the rector's group
approves. Wagtail's `GroupApprovalTask` offers a task's actions only to the task's groups (and superusers), so
a faculty editor who may edit a record can submit it, but never check, approve or archive it. Nobody but
superusers gets the `publish` permission on these types: a record goes live only when the last task (the
archive) approves it. Each task state keeps who finished it and when, and the record's history lists every step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    DraftStateMixin,
    GroupApprovalTask,
    LockableMixin,
    RevisionMixin,
    Workflow,
    WorkflowContentType,
    WorkflowMixin,
    WorkflowState,
    WorkflowTask,
)

OFFICE_GROUP = "Biroul Alumni"
DIRECTORATE_GROUP = "Direcțiune"
RECTOR_GROUP = "Rectorat"
# They work for the whole university: home.permissions opens every faculty's records to them (as far as their
# model permissions go).
CENTRAL_GROUPS = (OFFICE_GROUP, DIRECTORATE_GROUP, RECTOR_GROUP)

WORKFLOW_NAME = "Aprobare: birou alumni, direcțiune, rector, arhivă"

# (task name, group) in order: checked, approved, archived.
TASKS = [
    ("Verificare (direcțiune)", DIRECTORATE_GROUP),
    ("Aprobare (rector)", RECTOR_GROUP),
    ("Arhivare (Biroul Alumni)", OFFICE_GROUP),
]

_registered: list[str] = []


class ApprovalMixin(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """The base of every record the office's approval applies to."""

    class Meta:
        abstract = True


def require_approval(label: str) -> None:
    """Put the record type "app_label.ModelName" under the office's approval; call from `AppConfig.ready()`."""
    if label not in _registered:
        _registered.append(label)


def approval_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in _registered]


def _model_permissions(model, codenames) -> list[Permission]:
    content_type = ContentType.objects.get_for_model(model)
    return list(Permission.objects.filter(content_type=content_type, codename__in=codenames))


def ensure_approval_workflow() -> Workflow | None:
    """The groups, tasks and workflow, made or found, and assigned to every registered record type."""
    if not _registered:
        return None
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in (OFFICE_GROUP, DIRECTORATE_GROUP, RECTOR_GROUP)
    }
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    for group in groups.values():
        group.permissions.add(*access_admin)

    for model in approval_models():
        name = model._meta.model_name
        # Checkers and approvers open the record to act on it; the office also drafts and keeps them.
        readers = _model_permissions(model, [f"view_{name}", f"change_{name}"])
        groups[DIRECTORATE_GROUP].permissions.add(*readers)
        groups[RECTOR_GROUP].permissions.add(*readers)
        groups[OFFICE_GROUP].permissions.add(
            *_model_permissions(model, [f"add_{name}", f"view_{name}", f"change_{name}"])
        )
        # Only the workflow publishes: nobody outside superusers may skip it.
        Group.permissions.through.objects.filter(
            Q(permission__codename=f"publish_{name}"),
            permission__content_type=ContentType.objects.get_for_model(model),
        ).delete()

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, (task_name, group_name) in enumerate(TASKS):
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=task_name)
        task.groups.set([groups[group_name]])
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    for model in approval_models():
        content_type = ContentType.objects.get_for_model(model)
        WorkflowContentType.objects.get_or_create(content_type=content_type, defaults={"workflow": workflow})
    return workflow


def _after_migrate(sender, **kwargs) -> None:
    # Django sends post_migrate once per app, in INSTALLED_APPS order; act after the last one, when every
    # table and permission exists.
    if sender.label == list(apps.get_app_configs())[-1].label:
        ensure_approval_workflow()


def install() -> None:
    from django.db.models.signals import post_migrate

    post_migrate.connect(_after_migrate, dispatch_uid="home.approvals")


@dataclass(frozen=True)
class ApprovalStep:
    task: str
    status: str  # TaskState.status: in_progress, approved, rejected, cancelled, skipped
    status_label: str
    by: str
    at: datetime | None


def approval_status(obj) -> str:
    """Where a record stands: "draft" (never submitted, or sent back for changes), "in_approval", "archived"
    (approved by every step and live, unchanged since) or "archived_changed" (archived, with a newer draft that
    has not been approved)."""
    if obj.workflow_in_progress:
        return "in_approval"
    if not obj.live:
        return "draft"
    return "archived_changed" if obj.has_unpublished_changes else "archived"


def version_to_print(obj):
    """The version of a record a printed report shows: the approved one once archived (a newer draft is not
    approved yet), else the latest (the one in approval, or the draft)."""
    if approval_status(obj) in ("archived", "archived_changed"):
        return obj
    return obj.get_latest_revision_as_object()


def in_approval(model) -> Exists:
    """An annotation: whether each record of `model` has a workflow in progress (one subquery for a listing,
    where `approval_status` would ask once per row)."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return Exists(
        WorkflowState.objects.filter(
            base_content_type_id=content_type.pk,
            object_id=Cast(OuterRef("pk"), CharField()),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
    )


def approval_trail(obj) -> list[ApprovalStep]:
    """Every step of the record's latest approval, in order: the task, how it ended, who ended it and when."""
    state = obj.workflow_states.order_by("-created_at").first()
    if state is None:
        return []
    steps = [
        ApprovalStep(
            task=task_state.task.name,
            status=task_state.status,
            status_label=str(task_state.get_status_display()),
            by=task_state.finished_by.get_full_name() or task_state.finished_by.get_username()
            if task_state.finished_by_id
            else "",
            at=task_state.finished_at,
        )
        for task_state in state.task_states.select_related("task", "finished_by").order_by("started_at", "pk")
    ]
    submitter = state.requested_by
    submitted = ApprovalStep(
        task=str(_("Submitted for approval")),
        status="approved",
        status_label=str(_("Submitted")),
        by=(submitter.get_full_name() or submitter.get_username()) if submitter else "",
        at=state.created_at,
    )
    return [submitted, *steps]
