"""Registers the alumni app's admin viewsets, the approval queue and the invitation button."""

from django.conf import settings
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from alumni import import_admin
from alumni.accounts import signed_in_account
from alumni.approval_admin import approval_menu_item, get_urls, invite_listing_buttons
from alumni.models import Alumnus
from alumni.viewsets import ALUMNUS_PERMISSION_POLICY, AlumniViewSetGroup
from home.extensions import FACULTY_ROLE_PERMISSIONS_HOOK, HEADER_LINKS_HOOK, Link


class AlumniMenuGroup(AlumniViewSetGroup):
    # Lets the approval queue (a plain admin view, not a viewset) join the Alumni menu.
    submenu_hook = "register_alumni_menu_item"


register_permission_policy(Alumnus, ALUMNUS_PERMISSION_POLICY)
register_snippet(AlumniMenuGroup)


@hooks.register(FACULTY_ROLE_PERMISSIONS_HOOK)
def faculty_role_permissions():
    """Coordinators keep the faculty's alumni database (approvals, imports, invitations); editors look people up."""
    return {
        "editors": ["alumni.view_alumnus", "alumni.view_community"],
        "coordinators": ["alumni.view_alumnus", "alumni.add_alumnus", "alumni.change_alumnus", "alumni.view_community"],
    }


@hooks.register("register_admin_urls")
def register_approval_urls():
    return [path("", include((get_urls(), "alumni_approval"), namespace="alumni_approval"))]


hooks.register("register_alumni_menu_item", approval_menu_item)
hooks.register("register_snippet_listing_buttons", invite_listing_buttons)

# Import of a faculty's alumni file (upload, preview, confirm): alumni/import_admin.py.
hooks.register("register_admin_urls", import_admin.admin_urls)
hooks.register("register_alumni_menu_item", import_admin.import_menu_item)


@hooks.register(HEADER_LINKS_HOOK)
def account_link(request) -> list[Link]:
    """ "My profile" for a signed-in alumnus, "Sign in" for everyone else: the state, never who."""
    if account_signed_in(request):
        return [Link(_("My profile"), reverse("alumni_account:profile"))]
    return [Link(_("Sign in"), reverse("alumni_account:sign_in"))]


def account_signed_in(request) -> bool:
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # without a session cookie nobody is signed in; the session is not even opened
    return signed_in_account(request) is not None
