"""Registers the home app's admin viewsets."""

from wagtail.snippets.models import register_snippet

from home.viewsets import FacultyViewSet

register_snippet(FacultyViewSet)
