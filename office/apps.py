"""The alumni office's own views across every app: the platform's report for a period (issue 9); the office's
plans, measures and syntheses build on it (the top layer: it reads every app below it)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    label = "office"
    verbose_name = _("Alumni office")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home.approvals import require_approval

        require_approval("office.Synthesis")
