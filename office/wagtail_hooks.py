"""The platform report under the admin's Reports menu, for those who may read it."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from office.views import PERMISSION, platform_report_view


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
