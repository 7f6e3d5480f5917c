"""The Alumni Gala: yearly editions with award categories, public nominations in a window, the office's shortlist
and the decision makers' winners, and the public archive of winners."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GalaConfig(AppConfig):
    name = "gala"
    label = "gala"
    verbose_name = _("Alumni Gala")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from gala.person_data import connect_signals
        from home.approvals import require_approval
        from home.extensions import allow_subpage_types

        connect_signals()
        allow_subpage_types("home.HomePage", ["gala.GalaIndexPage"])
        require_approval("gala.GalaEvaluation")
