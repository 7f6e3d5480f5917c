"""Admin viewsets for the events app's snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from events.models import EventType


class EventTypeViewSet(SnippetViewSet):
    model = EventType
    icon = "tag"
    menu_label = _("Event types")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", LocaleColumn(label=_("Language"))]
    search_fields = ["name"]
    ordering = ["sort_key"]
