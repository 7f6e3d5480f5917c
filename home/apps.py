"""The site's foundation: base pages, faculties, shared blocks, site settings and text helpers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    label = "home"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from home import approvals, exports, integers, page_cache, permissions, restrictions, sites
        from home.layout_cache import connect_signals
        from home.ratelimit import count_admin_sign_in_failure

        integers.install()
        user_login_failed.connect(count_admin_sign_in_failure, dispatch_uid="home.ratelimit.admin_sign_in")
        connect_signals()
        page_cache.connect_signals()
        sites.connect_signals()
        restrictions.connect_signals()
        exports.install()
        permissions.install()
        approvals.install()
