"""Filters of the office's nomination listing: by edition, category, status and faculty (the user's own)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from gala.models import AwardCategory, GalaEditionPage, Nomination


def _faculties(request):
    from home.permissions import faculties_for_user

    return faculties_for_user(request.user, central=True)


class NominationFilterSet(WagtailFilterSet):
    edition = django_filters.ModelChoiceFilter(label=_("Edition"), queryset=GalaEditionPage.objects.all())
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=AwardCategory.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Nomination.Status.choices)
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=_faculties)

    class Meta:
        model = Nomination
        fields = ["edition", "category", "status", "faculty"]
