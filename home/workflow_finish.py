"""Wagtail's end of an approved workflow (settings.WAGTAIL_FINISH_WORKFLOW_ACTION), for the office's approval
(home.approvals). Its own module: Wagtail imports it while `wagtail.models` is still loading, so it imports
nothing at the top."""


def publish_approved(workflow_state, user=None) -> None:
    """Publish the revision the last step approved (never a later draft). Wagtail's own version publishes the
    latest revision and checks that the last approver may publish; here the approval itself is the permission, so
    that nobody holds a `publish` right that would let them skip the steps."""
    task_state = workflow_state.current_task_state
    revision = task_state.revision if task_state is not None and task_state.revision_id else None
    revision = revision or workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
