"""The public archive of winners: for each edition, its winners by category, with only public fields (the
nominee's name and faculty, the category); never the reasons, the proposers or the jury's notes."""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Locale

from gala.models import AwardCategory, Nomination
from home.models import Faculty


@dataclass(frozen=True)
class Winner:
    name: str
    category: str
    faculty: str
    year: int


def winners_by_edition(editions, locale: Locale | None = None) -> dict[int, list[Winner]]:
    """{edition page id: [Winner]} for the given editions (in any language), in `locale` (the active language by
    default); three queries whatever the numbers."""
    editions = list(editions)
    keys = {edition.translation_key: edition.pk for edition in editions}
    rows = list(
        Nomination.objects.winners()
        .filter(edition__translation_key__in=list(keys))
        .values_list(
            "edition__translation_key",
            "nominee_name",
            "category__translation_key",
            "faculty__translation_key",
            "edition__starts_at",
        )
        .order_by("-edition__starts_at", "category__name", "nominee_name")
    )
    locale = locale or Locale.get_active()
    categories = names_in(AwardCategory, {row[2] for row in rows}, locale)
    faculties = names_in(Faculty, {row[3] for row in rows}, locale)
    result: dict[int, list[Winner]] = {pk: [] for pk in keys.values()}
    for edition_key, name, category_key, faculty_key, starts_at in rows:
        result[keys[edition_key]].append(
            Winner(name, categories.get(category_key, ""), faculties.get(faculty_key, ""), starts_at.year)
        )
    return result


def names_in(model, keys, locale) -> dict:
    """Names by translation key, in `locale` where translated, else in any language (one query)."""
    names: dict = {}
    for key, name, locale_id in model.objects.filter(translation_key__in=list(keys)).values_list(
        "translation_key", "name", "locale_id"
    ):
        if key not in names or locale_id == locale.pk:
            names[key] = name
    return names
