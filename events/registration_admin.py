"""Admin for registrations: a filtered listing with CSV/XLSX export, and a printable check-in list per event."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from events.models import EventPage, Registration, registration_counts


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label=_("Event"), queryset=EventPage.objects.order_by("-start"), field_name="event"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Registration.Status.choices)
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Registration.Role.choices)

    class Meta:
        model = Registration
        fields = ["event", "status", "role"]


class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = "registrations"
    icon = "form"
    menu_label = _("Registrations")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "email", "event", "role", "status", "created_at", "checked_in_at"]
    list_export = [
        "name",
        "email",
        "event",
        "role",
        "faculty",
        "graduation_year",
        "status",
        "created_at",
        "cancelled_at",
        "checked_in_at",
        "language",
    ]
    export_filename = "registrations"
    filterset_class = RegistrationFilterSet
    search_fields = ["name", "email"]
    form_fields = ["name", "email", "role", "faculty", "graduation_year", "status", "checked_in_at"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return Registration.objects.select_related("event", "faculty")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("checkin/<int:event_id>/", check_in, name="checkin")]


def check_in(request, event_id: int):
    """The door list: confirmed people in alphabetical order; a click (or a tick on paper) marks them present."""
    if not request.user.has_perm("events.change_registration"):
        raise PermissionDenied
    event = get_object_or_404(EventPage, pk=event_id)
    if request.method == "POST":
        registration_id = request.POST.get("registration", "")
        if not registration_id.isdigit():
            raise Http404
        registration = get_object_or_404(
            Registration, pk=int(registration_id), event=event, status=Registration.Status.CONFIRMED
        )
        registration.checked_in_at = None if registration.checked_in_at else timezone.now()
        registration.save(update_fields=["checked_in_at"])
        return redirect(f"{request.path}#registration-{registration.pk}")
    registrations = (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .select_related("faculty")
        .order_by("name", "pk")
    )
    return TemplateResponse(
        request,
        "events/admin/check_in.html",
        {"event": event, "registrations": registrations, "counts": registration_counts([event.pk])[event.pk]},
    )


def event_header_buttons(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, EventPage) and user.has_perm("events.view_registration"):
        listing = reverse("registrations:index") + f"?event={page.pk}"
        yield Button(_("Registrations"), listing, icon_name="form", priority=80)
        if user.has_perm("events.change_registration"):
            yield Button(_("Check-in list"), reverse("registrations:checkin", args=[page.pk]), priority=81)
