"""Registers the alumni app's admin viewsets, the approval queue and the invitation button."""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from alumni import import_admin
from alumni.approval_admin import approval_menu_item, get_urls, invite_listing_buttons
from alumni.models import Alumnus
from alumni.viewsets import ALUMNUS_PERMISSION_POLICY, AlumniViewSetGroup


class AlumniMenuGroup(AlumniViewSetGroup):
    # Lets the approval queue (a plain admin view, not a viewset) join the Alumni menu.
    submenu_hook = "register_alumni_menu_item"


register_permission_policy(Alumnus, ALUMNUS_PERMISSION_POLICY)
register_snippet(AlumniMenuGroup)


@hooks.register("register_admin_urls")
def register_approval_urls():
    return [path("", include((get_urls(), "alumni_approval"), namespace="alumni_approval"))]


hooks.register("register_alumni_menu_item", approval_menu_item)
hooks.register("register_snippet_listing_buttons", invite_listing_buttons)

# Import of a faculty's alumni file (upload, preview, confirm): alumni/import_admin.py.
hooks.register("register_admin_urls", import_admin.admin_urls)
hooks.register("register_alumni_menu_item", import_admin.import_menu_item)
