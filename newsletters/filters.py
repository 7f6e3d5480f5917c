"""Filters of the office's delivery listing: by mailing and by state."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from newsletters.models import Delivery, Mailing


class DeliveryFilterSet(WagtailFilterSet):
    mailing = django_filters.ModelChoiceFilter(label=_("Mailing"), queryset=Mailing.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Delivery.Status.choices)

    class Meta:
        model = Delivery
        fields = ["mailing", "status"]
