"""The site search form as a django-filter FilterSet: the query and the kind of result (validated here, searched
through search.kinds in the view, the suggestions and the API)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from search.kinds import KINDS

MAX_QUERY_LENGTH = 200


class QueryField(forms.CharField):
    """Control characters (NUL included) become spaces: a pasted query still searches for its words, where
    Django's CharField would refuse it for a NUL byte. A query longer than MAX_QUERY_LENGTH is cut there: a
    pasted paragraph searches for its first words rather than failing."""

    def to_python(self, value):
        value = "".join(" " if char < " " or char == "\x7f" else char for char in str(value or ""))
        return super().to_python(value[:MAX_QUERY_LENGTH])


class QueryFilter(django_filters.CharFilter):
    field_class = QueryField


class SiteSearchFilterSet(django_filters.FilterSet):
    q = QueryFilter(
        label=_("Search"),
        method="keep_for_search",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Show"),
        empty_label=_("Every kind"),
        method="keep_for_search",
        choices=lambda: [(key, kind.label) for key, kind in KINDS.items()],
    )

    def keep_for_search(self, queryset, name, value):
        # The kinds search their own models (search.kinds): the view reads the cleaned values.
        return queryset

    @property
    def query(self) -> str:
        return self.form.cleaned_data.get("q") or "" if self.is_valid() else ""

    @property
    def chosen_kind(self):
        return KINDS.get(self.form.cleaned_data.get("kind") or "") if self.is_valid() else None
