"""Registers the protocols' admin (one menu group), their faculty-scoped permission policies and the faculty roles'
permissions: editors and coordinators record their faculty's weak points and protocols, move them along their
lifecycle and evaluate them; the templates are the office's."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from home.extensions import FACULTY_ROLE_PERMISSIONS_HOOK
from home.permissions import OfficePermissionPolicy
from protocols.models import Protocol, ProtocolEvaluation, ProtocolTemplate, WeakPoint
from protocols.viewsets import (
    EVALUATION_PERMISSION_POLICY,
    PROTOCOL_PERMISSION_POLICY,
    WEAK_POINT_PERMISSION_POLICY,
    ProtocolsViewSetGroup,
)

register_permission_policy(Protocol, PROTOCOL_PERMISSION_POLICY)
register_permission_policy(WeakPoint, WEAK_POINT_PERMISSION_POLICY)
register_permission_policy(ProtocolEvaluation, EVALUATION_PERMISSION_POLICY)
# The templates: the office's and, through their permission to view them, the faculties' working documents.
register_permission_policy(ProtocolTemplate, OfficePermissionPolicy(ProtocolTemplate))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ProtocolsViewSetGroup()


@hooks.register(FACULTY_ROLE_PERMISSIONS_HOOK)
def faculty_roles():
    work = [
        "protocols.add_protocol",
        "protocols.change_protocol",
        "protocols.view_protocol",
        "protocols.move_protocol",
        "protocols.add_weakpoint",
        "protocols.change_weakpoint",
        "protocols.view_weakpoint",
        "protocols.add_protocolevaluation",
        "protocols.change_protocolevaluation",
        "protocols.view_protocolevaluation",
        "protocols.view_protocoltemplate",
    ]
    return {"editors": [*work, "protocols.delete_weakpoint"], "coordinators": work}
