"""Registers the events app's admin viewsets and buttons, its panel on home and faculty pages, and its feeds."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from events.models import EventOccurrence, EventPage, EventType, Registration
from events.registration_admin import REGISTRATION_PERMISSION_POLICY, RegistrationViewSet, event_header_buttons
from events.viewsets import EventTypeViewSet
from home.extensions import FACULTY_ROLE_PERMISSIONS_HOOK, FEED_LINKS_HOOK, PAGE_PANELS_HOOK, FeedLink
from home.feeds import faculty_feed_path
from home.fragments import cached_html, page_fragment
from home.page_cache import depends_on, recording, valid_until

UPCOMING_EVENTS_SHOWN = 3

register_snippet(EventTypeViewSet)
register_permission_policy(Registration, REGISTRATION_PERMISSION_POLICY)


@hooks.register(FACULTY_ROLE_PERMISSIONS_HOOK)
def faculty_role_permissions():
    """Faculty editors run their events' registrations; coordinators see them."""
    return {
        "editors": ["events.view_registration", "events.add_registration", "events.change_registration"],
        "coordinators": ["events.view_registration"],
    }


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return RegistrationViewSet()


hooks.register("register_page_header_buttons", event_header_buttons)


@hooks.register(PAGE_PANELS_HOOK, order=20)
def upcoming_events_panel(page, request) -> str | None:
    """The next events below a home or faculty page, as a section of that page: one of the page's fragments
    (home/fragments.py), which changes by itself when an occurrence starts or ends."""

    def render():
        events = EventPage.objects.upcoming_below(page, UPCOMING_EVENTS_SHOWN)
        return render_to_string(
            "events/includes/upcoming_events.html", {"events": events, "page": page}, request=request
        )

    depends_on(request, EventPage, EventType)
    fragment = page_fragment(request, "upcoming-events", page, EventPage, EventType)
    if fragment is None:
        if recording(request):
            valid_until(request, EventOccurrence.objects.next_change())
        return render()
    fragment.until = EventOccurrence.objects.next_change
    return cached_html(fragment, render)


@hooks.register(FEED_LINKS_HOOK, order=-10)
def calendar_feed_links(section, request) -> list[FeedLink]:
    if section is not None:
        path = faculty_feed_path("faculty_calendar_feed", section)
        if path:
            return [FeedLink("text/calendar", _("%(faculty)s – events calendar") % {"faculty": section.title}, path)]
    return [FeedLink("text/calendar", _("Alumni events calendar"), reverse("calendar_feed"))]
