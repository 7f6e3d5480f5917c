"""Newsletters in the admin: the Newsletters menu (mailings, deliveries, subscribers, invitation texts), a "Send"
button on each newsletter, "Invite" and "Invitations" on each event, and the invitation link's registration
prefill (home's hook)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from events.models import EventPage
from home.extensions import REGISTRATION_PREFILL_HOOK
from newsletters.invitations import registration_prefill
from newsletters.models import Delivery, Mailing, NewsletterPage, Subscriber
from newsletters.views.admin import SEND_PERMISSION
from newsletters.viewsets import NewslettersViewSetGroup, ViewOnlyPermissionPolicy

# Mailings, deliveries and subscriptions are records of what was sent and agreed to: the office reads and exports
# them, nobody edits them (people unsubscribe themselves; an erasure removes a subscription).
register_permission_policy(Mailing, ViewOnlyPermissionPolicy(Mailing))
register_permission_policy(Delivery, ViewOnlyPermissionPolicy(Delivery))
register_permission_policy(Subscriber, ViewOnlyPermissionPolicy(Subscriber))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return NewslettersViewSetGroup()


@hooks.register("register_page_header_buttons")
def send_button(page, user, view_name, next_url=None):
    page_class = page.specific_class or type(page)
    if not user.has_perm(SEND_PERMISSION):
        return
    if issubclass(page_class, NewsletterPage):
        yield Button(_("Send"), reverse("mailings:send", args=[page.pk]), icon_name="mail", priority=70)
    elif issubclass(page_class, EventPage):
        yield Button(_("Invite"), reverse("mailings:invite", args=[page.pk]), icon_name="mail", priority=82)
        yield Button(_("Invitations"), reverse("mailings:invitations", args=[page.pk]), icon_name="mail", priority=83)


hooks.register(REGISTRATION_PREFILL_HOOK, registration_prefill)
