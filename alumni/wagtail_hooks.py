"""Registers the alumni app's admin viewsets."""

from wagtail.snippets.models import register_snippet

from alumni.viewsets import AlumniViewSetGroup

register_snippet(AlumniViewSetGroup)
