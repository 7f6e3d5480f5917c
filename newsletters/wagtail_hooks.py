"""Newsletters in the admin: the Newsletters menu (mailings, deliveries) and a "Send" button on each newsletter."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from newsletters.models import Delivery, Mailing, NewsletterPage
from newsletters.views.admin import SEND_PERMISSION
from newsletters.viewsets import NewslettersViewSetGroup, ViewOnlyPermissionPolicy

# Mailings and deliveries are records of what was sent: the office reads and exports them, nobody edits them.
register_permission_policy(Mailing, ViewOnlyPermissionPolicy(Mailing))
register_permission_policy(Delivery, ViewOnlyPermissionPolicy(Delivery))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return NewslettersViewSetGroup()


@hooks.register("register_page_header_buttons")
def send_button(page, user, view_name, next_url=None):
    if issubclass(page.specific_class or type(page), NewsletterPage) and user.has_perm(SEND_PERMISSION):
        yield Button(_("Send"), reverse("mailings:send", args=[page.pk]), icon_name="mail", priority=70)
