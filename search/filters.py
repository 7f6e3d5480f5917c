"""The site search form as a django-filter FilterSet: the query (validated here, searched in the view)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from home.text import fold_diacritics, search_terms


class SiteSearchFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="keep_for_search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def keep_for_search(self, queryset, name, value):
        # Full-text search returns search results, not a QuerySet, so it runs after the filters: see search().
        return queryset

    def search(self):
        """The filtered pages searched for the query, folded like each page's folded_search_text,
        so that "Științe", "Ştiinţe" and "stiinte" find the same pages."""
        terms = search_terms(fold_diacritics(self.form.cleaned_data["q"]))
        return self.qs.search(terms, operator="and") if terms else self.qs.none()
