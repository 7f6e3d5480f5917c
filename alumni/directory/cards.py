"""People as the directory's cards (and the API's items) show them: each one's profile for the viewer, with
faculty, community, cycle, sector and help names in the page's language, in a fixed number of queries."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models.query import prefetch_related_objects

from alumni.filters import FacultyNames
from alumni.models import Alumnus, Community, HelpOffer, Sector, StudyCycle
from alumni.privacy import Profile, Viewer, profiles_for, visible_alumni, with_profile_relations
from home.pagination import fill_page


@dataclass
class PersonCard:
    """One person as a card shows them: their profile for this viewer, with names in the page's language."""

    profile: Profile
    faculty_name: str
    faculty_short_name: str
    study_cycle: str = ""
    sector: str = ""
    help_offers: list[str] = field(default_factory=list)
    communities: list[dict[str, str]] = field(default_factory=list)

    @property
    def content(self) -> tuple:
        """Everything the card shows, as the key of its cached markup (`{% contentfragment %}`): what privacy let
        through of the profile, the names, and the photo down to its file and focal point."""
        shown = []
        for name, value in sorted(self.profile.fields.items()):
            if name == "communities":
                continue  # shown as self.communities, in the page's language
            if name == "photo" and value is not None:
                value = (
                    value.pk,
                    value.file.name,
                    value.file_hash,
                    value.width,
                    value.height,
                    value.focal_point_x,
                    value.focal_point_y,
                    value.focal_point_width,
                    value.focal_point_height,
                )
            shown.append((name, value))
        return (
            self.profile.id,
            self.profile.first_name,
            self.profile.last_name,
            self.faculty_name,
            self.faculty_short_name,
            self.study_cycle,
            self.sector,
            tuple(self.help_offers),
            tuple(tuple(sorted(community.items())) for community in self.communities),
            tuple(shown),
        )


def load_profile_rows(ids) -> Any:
    """The people with these ids, with everything a card reads (the second step of an id-first page)."""
    return with_profile_relations(Alumnus.objects.filter(pk__in=ids))


def profile_rows_in_order(ids: list[int], viewer: Viewer) -> list[Alumnus]:
    """The people with these ids (a search service's page of the directory), loaded as `load_profile_rows`, in
    the order of `ids`. Whoever this viewer may no longer see (erased, or unlisted since the service's index was
    written) is left out: the service's index is never the privacy rule."""
    if not ids:
        return []
    rows = {row.pk: row for row in with_profile_relations(visible_alumni(viewer).filter(pk__in=ids))}
    return [rows[pk] for pk in ids if pk in rows]


def person_cards(
    alumni, viewer: Viewer, faculties: FacultyNames, locale_id: int, community_url=None
) -> list[PersonCard]:
    """Cards for a page of people (loaded with `with_profile_relations`): a fixed number of queries."""
    profiles = profiles_for(alumni, viewer)
    photos = [profile.photo for profile in profiles if "photo" in profile.fields]
    if photos:
        prefetch_related_objects(photos, "renditions")
    keys = {community.translation_key for profile in profiles for community in profile.fields.get("communities", [])}
    localized = Community.objects.names_by_key(keys, locale_id)
    cycles, sectors, offers = dict(StudyCycle.choices), dict(Sector.choices), dict(HelpOffer.choices)
    cards = []
    for profile in profiles:
        key = faculties.key_for_pk.get(profile.faculty.pk)
        short_and_name = faculties.by_key.get(key)
        communities = []
        for community in profile.fields.get("communities", []):
            name, slug = localized.get(community.translation_key, (community.name, community.slug))
            communities.append({"name": name, "slug": slug, "url": community_url(slug) if community_url else ""})
        cards.append(
            PersonCard(
                profile=profile,
                faculty_name=short_and_name[1] if short_and_name else profile.faculty.name,
                faculty_short_name=short_and_name[0] if short_and_name else profile.faculty.short_name,
                study_cycle=cycles.get(profile.fields.get("study_cycle", ""), ""),
                sector=sectors.get(profile.fields.get("sector", ""), ""),
                help_offers=[offers[offer] for offer in profile.fields.get("help_offers", [])],
                communities=communities,
            )
        )
    return cards


def load_page_of_cards(
    page_obj, viewer: Viewer, faculties: FacultyNames, locale_id: int, community_url, request=None
) -> None:
    """Replace a page of people by their cards: the page's ids first (sorted over every match, or next to the
    cursor the request brings: `home.pagination.fill_page`), then those rows with what the cards show."""
    fill_page(page_obj, load_profile_rows, request)
    page_obj.object_list = person_cards(page_obj.object_list, viewer, faculties, locale_id, community_url)
