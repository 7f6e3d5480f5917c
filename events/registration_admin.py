"""Admin for registrations: a filtered listing with CSV/XLSX export, and a printable check-in list per event.

Everything here is cut along the organising faculty of the event (`REGISTRATION_PERMISSION_POLICY`): a faculty's
editors see, export, edit and check in the registrations of their faculty's events only; the registrations of
central events belong to the alumni office."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from events.models import EventPage, Registration
from home.admin_tables import BooleanColumn
from home.permissions import (
    FacultyPermissionPolicy,
    FacultyScopedObjectMixin,
    faculty_scoped,
    scope_to_faculties,
    user_has_faculty,
)

REGISTRATION_PERMISSION_POLICY = FacultyPermissionPolicy(Registration, faculty_field="event__faculty")


def events_for(user):
    """The events whose registrations the user works with, latest first."""
    return scope_to_faculties(EventPage.objects.order_by("-start"), user)


def event_choices(request):
    return events_for(request.user) if request is not None else EventPage.objects.none()


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(label=_("Event"), queryset=event_choices, field_name="event")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Registration.Status.choices)
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Registration.Role.choices)

    class Meta:
        model = Registration
        fields = ["event", "status", "role"]


class RegistrationIndexView(generic.IndexView):
    def get_base_queryset(self):
        # The listing and its exports: the registrations of the user's events only.
        queryset = super().get_base_queryset().select_related("event", "faculty")
        return scope_to_faculties(queryset, self.request.user, "event__faculty")

    @cached_property
    def columns(self):
        columns = super().columns
        for column in columns:
            if isinstance(column, TitleColumn):
                column.label = _("Name")  # the field's "name" is "denumire" in Romanian: a thing's name, not a person's
        return columns


class RegistrationForm(WagtailAdminModelForm):
    """A registration taken by the office (by telephone, at the door): for one of the user's events; the event of a
    registration already made stays as it is."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "event" in self.fields:
            if self.instance.pk:
                self.fields["event"].disabled = True
                self.fields["event"].queryset = EventPage.objects.filter(pk=self.instance.event_id)
            else:
                self.fields["event"].queryset = events_for(for_user) if for_user else EventPage.objects.none()


class RegistrationEditView(FacultyScopedObjectMixin, generic.EditView):
    pass


class RegistrationDeleteView(FacultyScopedObjectMixin, generic.DeleteView):
    pass


class RegistrationInspectView(FacultyScopedObjectMixin, generic.InspectView):
    pass


class RegistrationHistoryView(FacultyScopedObjectMixin, history.HistoryView):
    pass


@faculty_scoped(REGISTRATION_PERMISSION_POLICY)  # usage, and every other one-record view, cut as edit is
class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = "registrations"
    icon = "form"
    menu_label = _("Registrations")
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = RegistrationIndexView
    edit_view_class = RegistrationEditView
    delete_view_class = RegistrationDeleteView
    inspect_view_class = RegistrationInspectView
    history_view_class = RegistrationHistoryView
    list_display = [
        "name",
        "email",
        "event",
        "role",
        "status",
        DateColumn("created_at", label=capfirst(_("registered")), sort_key="created_at"),
        BooleanColumn("checked_in_at", label=capfirst(_("checked in")), sort_key="checked_in_at", none_is_false=True),
    ]
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
    form_fields = ["event", "name", "email", "role", "faculty", "graduation_year", "status", "checked_in_at"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_edit_handler(self):
        panels = [FieldPanel(name) for name in self.form_fields]
        return ObjectList(panels, base_form_class=RegistrationForm).bind_to_model(self.model)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("checkin/<int:event_id>/", check_in, name="checkin")]


def check_in(request, event_id: int):
    """The door list: confirmed people in alphabetical order; a click (or a tick on paper) marks them present."""
    if not request.user.has_perm("events.change_registration"):
        raise PermissionDenied
    event = get_object_or_404(EventPage, pk=event_id)
    if not user_has_faculty(request.user, event.faculty_id):
        raise PermissionDenied
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
    counts = Registration.objects.counts_by_event([event.pk])[event.pk]
    return TemplateResponse(
        request, "events/admin/check_in.html", {"event": event, "registrations": registrations, "counts": counts}
    )


def event_header_buttons(page, user, view_name, next_url=None):
    event = page.specific_deferred
    if (
        isinstance(event, EventPage)
        and user.has_perm("events.view_registration")
        and user_has_faculty(user, event.faculty_id)
    ):
        listing = reverse("registrations:index") + f"?event={page.pk}"
        yield Button(_("Registrations"), listing, icon_name="form", priority=80)
        if user.has_perm("events.change_registration"):
            yield Button(_("Check-in list"), reverse("registrations:checkin", args=[page.pk]), priority=81)
