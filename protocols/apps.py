"""Collaboration protocols that bring alumni into student training: the weak points of a faculty's programmes that
alumni could help with, the protocol templates, the protocols themselves with their lifecycle (draft, signed,
registered, active, evaluated), their activities (tied to events and their registrations) and evaluations, and the
public list of active protocols."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolsConfig(AppConfig):
    name = "protocols"
    label = "protocols"
    verbose_name = _("Collaboration protocols")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home.approvals import require_approval
        from home.extensions import allow_subpage_types
        from protocols.person_data import connect_signals

        connect_signals()
        require_approval("protocols.Protocol")
        for parent in ("home.HomePage", "home.FacultyPage"):
            allow_subpage_types(parent, ["protocols.ProtocolIndexPage"])
