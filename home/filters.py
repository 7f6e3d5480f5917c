"""django-filter filter sets for the home app's listings."""

import django_filters
from django.utils.translation import gettext_lazy as _

from home.models import ArticlePage


class ArticleFilterSet(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="date__year", empty_label=_("All years"))

    class Meta:
        model = ArticlePage
        fields = ["year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = self.queryset.dates("date", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(d.year, str(d.year)) for d in years]
