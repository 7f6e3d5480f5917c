"""Registers the events app's admin viewsets and buttons."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from events.registration_admin import RegistrationViewSet, event_header_buttons
from events.viewsets import EventTypeViewSet

register_snippet(EventTypeViewSet)


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return RegistrationViewSet()


hooks.register("register_page_header_buttons", event_header_buttons)
