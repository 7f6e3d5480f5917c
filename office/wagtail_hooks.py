"""The platform report under the admin's Reports menu, for those who may read it."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from office.views.platform import PERMISSION, platform_report_view


@hooks.register("register_admin_urls")
def register_urls():
    return [path("office/platform-report/", platform_report_view, name="office_platform_report")]


class PlatformReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def platform_report_menu_item():
    return PlatformReportMenuItem(
        _("Platform report"), reverse("office_platform_report"), icon_name="doc-full", order=50
    )


# Plans: action plans, the overdue actions, measures, coordinators, meetings (office/viewsets.py) ----------------

from wagtail.permissions import register_permission_policy  # noqa: E402

from home.extensions import FACULTY_ROLE_PERMISSIONS_HOOK  # noqa: E402
from home.permissions import OfficePermissionPolicy  # noqa: E402
from office.models import ActionPlan, CoordinatorAppointment, CoordinatorMeeting, MeasureDeadline  # noqa: E402
from office.viewsets import APPOINTMENT_POLICY, DEADLINE_POLICY, PLAN_POLICY, PlansViewSetGroup  # noqa: E402

register_permission_policy(ActionPlan, PLAN_POLICY)
register_permission_policy(MeasureDeadline, DEADLINE_POLICY)
register_permission_policy(CoordinatorAppointment, APPOINTMENT_POLICY)
# The meetings are the office's: no admin route names them to anyone without a permission. (The strategy's measures
# are not: every faculty reads their titles on its deadlines and overdue actions.)
register_permission_policy(CoordinatorMeeting, OfficePermissionPolicy(CoordinatorMeeting))


@hooks.register("register_admin_viewset")
def register_plans():
    return PlansViewSetGroup()


@hooks.register(FACULTY_ROLE_PERMISSIONS_HOOK)
def faculty_roles():
    """A faculty's editors and coordinators write and submit their own plan, and read their faculty's measure
    deadlines and coordinators; centralising, measures and meetings are the office's."""
    plans = [
        "office.add_actionplan",
        "office.change_actionplan",
        "office.view_actionplan",
        "office.view_measuredeadline",
        "office.view_coordinatorappointment",
    ]
    return {"editors": plans, "coordinators": plans}


# Syntheses, the dashboard and the yearly snapshots ------------------------------------------------------------

from office.models import Synthesis  # noqa: E402
from office.views.dashboard import PERMISSION as DASHBOARD_PERMISSION  # noqa: E402
from office.views.dashboard import dashboard_view, freeze_snapshot_view, snapshots_view  # noqa: E402
from office.views.syntheses import SYNTHESIS_POLICY  # noqa: E402

register_permission_policy(Synthesis, SYNTHESIS_POLICY)


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [
        path("office/dashboard/", dashboard_view, name="office_dashboard"),
        path("office/snapshots/", snapshots_view, name="office_snapshots"),
        path("office/snapshots/freeze/", freeze_snapshot_view, name="office_snapshot_freeze"),
    ]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(DASHBOARD_PERMISSION)


@hooks.register("register_reports_menu_item")
def dashboard_menu_item():
    return DashboardMenuItem(_("Dashboard"), reverse("office_dashboard"), icon_name="table", order=40)


@hooks.register(FACULTY_ROLE_PERMISSIONS_HOOK)
def synthesis_roles():
    """A faculty's editors and coordinators draft their faculty's syntheses and submit them for approval."""
    syntheses = ["office.add_synthesis", "office.change_synthesis", "office.view_synthesis"]
    return {"editors": syntheses, "coordinators": syntheses}
