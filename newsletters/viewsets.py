"""The office's admin for newsletters: the mailings with their counts, every delivery with its state and the
mail server's reason when it failed, and the subscribers from outside the alumni database (filter, search,
CSV/XLSX export). They are records of what happened, so they are read-only; newsletters are written as pages and
sent from the page's "Send" button."""

from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.permissions import OfficePermissionPolicy
from newsletters.filters import DeliveryFilterSet
from newsletters.models import Delivery, InvitationTemplate, Mailing, Subscriber
from newsletters.views.admin import send_newsletter
from newsletters.views.invitations import invitations, invite


class ViewOnlyPermissionPolicy(OfficePermissionPolicy):
    """The office's records of what was sent, and to whom: read only, and every admin route that names one asks for
    the permission to view them (home.route_scoping)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


class MailingViewSet(ModelViewSet):
    model = Mailing
    name = "mailings"
    icon = "mail"
    menu_label = _("Mailings")
    list_display = [
        "subject",
        "kind",
        "status",
        DateColumn("started_at", label=capfirst(_("started")), sort_key="started_at"),
        Column("recipients", label=_("Recipients"), sort_key="recipients"),
        Column("sent_count", label=_("Sent"), sort_key="sent_count"),
        Column("failed_count", label=_("Failed"), sort_key="failed_count"),
        Column("pending_count", label=_("Waiting"), sort_key="pending_count"),
    ]
    list_filter = ["kind", "status"]
    search_fields = ["subject"]
    list_export = ["subject", "kind", "status", "started_at", "finished_at", "recipients", "sent_count", "failed_count"]
    export_filename = "mailings"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["subject"]

    def get_queryset(self, request):
        return Mailing.objects.with_counts()

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("send/<int:page_id>/", send_newsletter, name="send"),
            path("invite/<int:event_id>/", invite, name="invite"),
            path("invitations/<int:event_id>/", invitations, name="invitations"),
        ]


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    name = "deliveries"
    icon = "mail"
    menu_label = _("Deliveries")
    list_display = [
        "email",
        "mailing",
        "status",
        DateColumn("sent_at", label=capfirst(_("sent")), sort_key="sent_at"),
        "error",
    ]
    filterset_class = DeliveryFilterSet
    search_fields = ["email"]
    list_export = ["email", "mailing", "status", "language", "sent_at", "error"]
    export_filename = "deliveries"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["email"]

    def get_queryset(self, request):
        return Delivery.objects.select_related("mailing")


class SubscriberViewSet(ModelViewSet):
    """People outside the alumni database who subscribed from the archive's form (double opt-in)."""

    model = Subscriber
    name = "subscribers"
    icon = "user"
    menu_label = _("Subscribers")
    list_display = [
        "email",
        "language",
        DateColumn("created_at", label=capfirst(_("subscribed")), sort_key="created_at"),
        DateColumn("confirmed_at", label=capfirst(_("confirmed")), sort_key="confirmed_at"),
        DateColumn("unsubscribed_at", label=capfirst(_("unsubscribed")), sort_key="unsubscribed_at"),
    ]
    search_fields = ["email"]
    list_export = ["email", "language", "created_at", "confirmed_at", "unsubscribed_at", "consent_text"]
    export_filename = "subscribers"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["email"]


class InvitationTemplateViewSet(SnippetViewSet):
    """The invitation texts, translatable: a person reads the one in their language when it exists."""

    model = InvitationTemplate
    icon = "mail"
    menu_item_is_registered = True  # its menu entry is in the Newsletters group, not under Snippets
    menu_label = _("Invitation texts")
    list_display = ["name", "subject"]
    search_fields = ["name", "subject"]
    copy_view_enabled = False


class NewslettersViewSetGroup(ViewSetGroup):
    items = (MailingViewSet, DeliveryViewSet, SubscriberViewSet, InvitationTemplateViewSet)
    menu_icon = "mail"
    menu_label = _("Newsletters")
    menu_order = 220
