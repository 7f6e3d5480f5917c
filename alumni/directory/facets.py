"""The directory's facet counts: beside each filter value, how many people choosing it would show.

Counts are disjunctive: the count beside a value is the number of results the directory would show if that value
were chosen, with the other active filters kept. So with no filter of a facet active, the counts of a
single-valued facet add up to the result count (exactly for faculties; for guarded fields, to the results whose
field the viewer may see and is filled in), and the chosen value's count is the result count. Each facet costs
one aggregate query, whatever the number of people: the page costs the same for 20 matches and for 2,000.
"""

import hashlib
from typing import Any

from django import forms
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from alumni.directory.listing import sorted_results
from alumni.filters import ANY_HELP, FACET_FILTERS, DirectoryFilterSet, decade_of
from alumni.models import Alumnus, HelpOffer, willing_to_help_q
from alumni.privacy import PUBLIC, field_visible_q

FACET_CACHE_SECONDS = 300


def _grouped(queryset, column: str) -> list[tuple[Any, int]]:
    return list(queryset.order_by().values_list(column).annotate(count=Count("pk")).values_list(column, "count"))


def facet_counts(filterset: DirectoryFilterSet) -> dict[str, dict[str, int]]:
    """For each facet, {value: count} as described in the module's docstring: one aggregate query per facet."""
    viewer = filterset.viewer
    counts: dict[str, dict[str, int]] = {}

    def base(facet: str, guard: str | None = None):
        queryset = filterset.filtered(ignore=FACET_FILTERS[facet])
        return queryset.filter(field_visible_q(viewer, guard)) if guard else queryset

    if "faculty" in filterset.filters:
        faculty_counts: dict[str, int] = {}
        for faculty_id, count in _grouped(base("faculty"), "faculty_id"):
            short_name = filterset.faculties.short_name_for_key(filterset.faculties.key_for_pk.get(faculty_id))
            if short_name:
                faculty_counts[short_name] = faculty_counts.get(short_name, 0) + count
        counts["faculty"] = faculty_counts
    counts["cycle"] = dict(_grouped(base("cycle", "study_cycle").exclude(study_cycle=""), "study_cycle"))
    decades: dict[str, int] = {}
    for year, count in _grouped(
        base("decade", "graduation_year").filter(graduation_year__isnull=False), "graduation_year"
    ):
        decades[decade_of(year)] = decades.get(decade_of(year), 0) + count
    counts["decade"] = decades
    counts["sector"] = dict(_grouped(base("sector", "sector").exclude(sector=""), "sector"))
    # Spellings that differ only by case are one country, shown as its most common spelling.
    countries: dict[str, list] = {}
    for spelling, count in _grouped(base("country", "country").exclude(country=""), "country"):
        entry = countries.setdefault(spelling.casefold(), [spelling, 0, 0])
        if count > entry[1]:
            entry[0], entry[1] = spelling, count
        entry[2] += count
    counts["country"] = {spelling: total for spelling, _most, total in countries.values()}
    helpers = base("help", "help_offers").aggregate(
        **{ANY_HELP: Count("pk", filter=willing_to_help_q())},
        **{offer: Count("pk", filter=willing_to_help_q(offer)) for offer in HelpOffer.values},
    )
    counts["help"] = {value: count or 0 for value, count in helpers.items()}
    return counts


def directory_state() -> str:
    """Changes when anyone is added or saved (two index probes); deletions show within FACET_CACHE_SECONDS."""
    state = Alumnus.objects.aggregate(updated=Max("updated_at"), last=Max("pk"))
    return f"{state['last']}:{state['updated'].timestamp() if state['updated'] else 0}"


def counts_for(filterset: DirectoryFilterSet, faculty_key) -> tuple[dict[str, dict[str, int]], int | None]:
    """The facet counts and the result count. For the public, whose view of everyone is the same, both are
    cached per filter combination until someone's data changes; a signed-in alumnus also sees themselves and
    the alumni-level fields, so theirs are counted afresh."""
    if filterset.viewer.audience != PUBLIC.audience:
        return facet_counts(filterset), None
    data = sorted((name, str(value)) for name, value in filterset.form.cleaned_data.items() if value not in ("", None))
    fingerprint = hashlib.sha256(repr((faculty_key, filterset.locale_id, data)).encode()).hexdigest()[:32]
    key = f"alumni:directory-counts:{directory_state()}:{fingerprint}"
    cached = cache.get(key)
    if cached is None:
        cached = (facet_counts(filterset), sorted_results(filterset).count())
        cache.set(key, cached, FACET_CACHE_SECONDS)
    return cached


def label_choices(filterset: DirectoryFilterSet, counts: dict[str, dict[str, int]]) -> None:
    """Write each facet value's count into its option, and offer the countries found as a list."""
    form = filterset.form
    for name in ("faculty", "cycle", "decade", "sector", "help"):
        if name not in form.fields:
            continue
        facet = counts.get(name, {})
        choices = []
        for value, label in form.fields[name].choices:
            if value in ("", None):
                choices.append((value, label))
                continue
            count = facet.get(value, 0)
            if count or value == form.data.get(name) or name == "faculty":
                choices.append((value, f"{label} ({count})"))
        form.fields[name].choices = choices
    if "country" in form.fields:
        chosen = (form.data.get("country") or "").strip()
        countries = sorted(counts.get("country", {}).items(), key=lambda item: item[0].casefold())
        choices = [("", _("Any country"))] + [(name, f"{name} ({count})") for name, count in countries]
        if chosen and chosen.casefold() not in {name.casefold() for name, _count in countries}:
            choices.append((chosen, f"{chosen} (0)"))
        elif chosen:
            # Keep the option selected whatever case the address used.
            choices = [(chosen if name.casefold() == chosen.casefold() else name, label) for name, label in choices]
        field_ = form.fields["country"]
        field_.widget = forms.Select(choices=choices, attrs=field_.widget.attrs)
