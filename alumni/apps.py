"""The alumni directory: people, their consents and visibility, communities, protocols and gala nominations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlumniConfig(AppConfig):
    name = "alumni"
    label = "alumni"
    verbose_name = _("Alumni")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db import models

        from alumni import name_search
        from alumni.directory import counts
        from alumni.importing.inserts import AnyOf

        models.EmailField.register_lookup(AnyOf)

        counts.connect_signals()
        name_search.connect_signals(self)
