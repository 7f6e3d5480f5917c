"""The gala in the admin: the Alumni Gala menu (nominations, award categories), nominations cut along the nominee's
faculty, and the faculty editors' part: they see and check their faculty's nominations (shortlisting and the
winners are the office's and the decision makers')."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from gala.models import GalaEditionPage, GalaEvaluation, Nomination
from gala.viewsets import NOMINATION_PERMISSION_POLICY, GalaViewSetGroup
from home.extensions import FACULTY_ROLE_PERMISSIONS_HOOK
from home.permissions import OfficePermissionPolicy

register_permission_policy(Nomination, NOMINATION_PERMISSION_POLICY)
# The final reports are the office's (and their approvers'): no admin route names them to anyone without a
# permission on them. (The costs' printed report is also read by approvers who hold none on the costs: its own view
# decides.)
register_permission_policy(GalaEvaluation, OfficePermissionPolicy(GalaEvaluation))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return GalaViewSetGroup()


@hooks.register(FACULTY_ROLE_PERMISSIONS_HOOK)
def faculty_roles():
    nominations = ["gala.view_nomination", "gala.change_nomination"]
    return {"editors": nominations, "coordinators": nominations}


@hooks.register("register_page_header_buttons")
def edition_buttons(page, user, view_name, next_url=None):
    page_class = page.specific_class or type(page)
    if not issubclass(page_class, GalaEditionPage):
        return
    source = page.specific.source()
    if user.has_perm("gala.view_nomination"):
        url = reverse("wagtailsnippets_gala_nomination:list") + f"?edition={source.pk}"
        yield Button(_("Nominations"), url, icon_name="pick", priority=70)
    if user.has_perm("gala.view_galacost"):
        yield Button(
            _("Final report"), reverse("gala_costs:final_report", args=[source.pk]), icon_name="doc-full", priority=71
        )
