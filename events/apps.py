"""Events: event pages, faculty and central calendars."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    label = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from events.models import Registration
        from events.signals import connect_signals
        from home.page_cache import watch

        connect_signals()
        # A registration changes the places left on its event's page (and the calendars, which list them).
        watch(Registration, tags=lambda registration: {f"page:{registration.event.translation_key}"})
