"""Newsletters: the public archive, audiences by consent, and the one outgoing-mail pipeline (mailings, deliveries)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home.extensions import allow_subpage_types
        from newsletters.person_data import connect_signals

        connect_signals()
        allow_subpage_types("home.HomePage", ["newsletters.NewsletterIndexPage"])
