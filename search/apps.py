"""Site search: the search view, Romanian diacritic folding and (with ELASTICSEARCH_URL) Elasticsearch."""

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search.signals import connect_signals

        connect_signals()
        if settings.ELASTICSEARCH_URL:
            from search.elastic.directory import register

            register()
