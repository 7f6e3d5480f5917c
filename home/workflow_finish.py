"""Wagtail's end of an approved workflow (settings.WAGTAIL_FINISH_WORKFLOW_ACTION), for the office's approval
(home.approvals). Its own module: Wagtail imports it while `wagtail.models` is still loading, so it imports
nothing at the top."""


def publish_approved(workflow_state, user=None) -> None:
    """Publish the approved revision. Wagtail's own version checks that the last approver may publish; here the
    approval itself is the permission, so that nobody holds a `publish` right that would let them skip the steps."""
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
