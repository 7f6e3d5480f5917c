"""Admin viewsets for the home app's snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Faculty


class FacultyViewSet(SnippetViewSet):
    model = Faculty
    icon = "group"
    menu_label = _("Faculties")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "short_name", "coordinator_name", "coordinator_email", LocaleColumn(label=_("Language"))]
    list_export = [
        "name",
        "short_name",
        "coordinator_name",
        "coordinator_role",
        "coordinator_email",
        "coordinator_phone",
    ]
    search_fields = ["name", "short_name", "coordinator_name"]
    ordering = ["sort_key"]
