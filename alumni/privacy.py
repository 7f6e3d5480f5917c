"""The one way personal data leaves the database: who is looking, whom they may see, and which fields.

Every surface that shows a person (directory and community pages, search results, the API, exports made for
someone other than the office) asks here. Status, the directory consent and each field's visibility are
applied in this module only.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet

from alumni.models import (
    HELP_OFFER_FIELDS,
    NEVER_PUBLIC_FIELDS,
    VISIBILITY_DEFAULTS,
    Alumnus,
    Community,
    ConsentPurpose,
    HelpOffer,
    Visibility,
)
from alumni.models.choices import AUDIENCES_OF_LEVEL, levels_seen_by
from alumni.models.people import DIRECTORY_AUDIENCES, DIRECTORY_FIELDS, HELP_OFFER_BITS, directory_column

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the public, a signed-in alumnus, or the alumni office (optionally limited to faculties)."""

    audience: str = Visibility.PUBLIC
    alumnus_id: int | None = None
    faculty_ids: frozenset[int] | None = None

    @property
    def is_office(self) -> bool:
        return self.audience == Visibility.OFFICE

    @property
    def is_alumnus(self) -> bool:
        return self.audience == Visibility.ALUMNI


PUBLIC = Viewer()


def viewer_for(request: "HttpRequest") -> Viewer:
    """The viewer for a public page or API request: a signed-in, approved alumnus or the public.

    Staff signed in to the admin are the public here: the office works with people in the admin, and public
    pages must look the same to an editor as to the visitors they are edited for.
    """
    from alumni.accounts import signed_in_alumnus_id

    alumnus_id = signed_in_alumnus_id(request)
    if alumnus_id is not None:
        return Viewer(audience=Visibility.ALUMNI, alumnus_id=alumnus_id)
    return PUBLIC


def office_viewer(faculty_ids=None) -> Viewer:
    return Viewer(audience=Visibility.OFFICE, faculty_ids=frozenset(faculty_ids) if faculty_ids is not None else None)


def self_viewer(alumnus: Alumnus) -> Viewer:
    return Viewer(audience=Visibility.ALUMNI, alumnus_id=alumnus.pk)


def visible_alumni(viewer: Viewer, queryset: QuerySet | None = None) -> QuerySet:
    """The people this viewer may see at all."""
    queryset = Alumnus.objects.all() if queryset is None else queryset
    if viewer.is_office:
        queryset = queryset.exclude(status=Alumnus.Status.ERASED)
        if viewer.faculty_ids is not None:
            queryset = queryset.filter(faculty_id__in=viewer.faculty_ids)
        return queryset
    return queryset.listed()


def visible_name_words(viewer: Viewer, words: QuerySet) -> QuerySet:
    """The name words (`NameWord`, each with its person's directory row) of people this viewer may see in the
    directory: listed people's, as `visible_alumni` for anyone but the office, whose searches read people."""
    if viewer.is_office:
        raise ValueError("The office's name searches read people, not their copied rows.")
    return words.filter(listed=True)


def mailing_audience(purpose: str, queryset: QuerySet | None = None) -> QuerySet:
    """The people who may be written to for this purpose (the newsletter, surveys): approved, with an address,
    and giving that consent now. Every mailing's audience starts here; no consent, no e-mail."""
    if purpose not in ConsentPurpose.values or purpose == ConsentPurpose.DIRECTORY:
        raise ValueError(f"No mailing goes out for the purpose {purpose!r}.")
    queryset = Alumnus.objects.all() if queryset is None else queryset
    return queryset.filter(status=Alumnus.Status.APPROVED, email__isnull=False, **{f"consent_{purpose}": True}).exclude(
        email=""
    )


def mailing_details(alumnus_ids) -> dict[int, dict[str, Any]]:
    """What a message written to people may say to each of them about themselves (their first name), and what
    their own invitation link may fill in for them: {id: {"first_name", "name", "email", "faculty_id",
    "graduation_year"}}. For the person's own eyes only; one query."""
    rows = Alumnus.objects.filter(pk__in=list(alumnus_ids)).exclude(status=Alumnus.Status.ERASED)
    fields = ("pk", "first_name", "last_name", "email", "faculty_id", "graduation_year")
    return {
        pk: {
            "first_name": first,
            "name": f"{first} {last}".strip(),
            "email": email or "",
            "faculty_id": faculty_id,
            "graduation_year": year,
        }
        for pk, first, last, email, faculty_id, year in rows.values_list(*fields)
    }


def survey_groups(alumnus_ids) -> dict[int, tuple[int, int | None]]:
    """The groups a survey compares people by: {id: (faculty id, graduation year)}, kept with each invitation so
    that answers can be counted by faculty and cohort (never shown for a person)."""
    rows = Alumnus.objects.filter(pk__in=list(alumnus_ids)).exclude(status=Alumnus.Status.ERASED)
    return {pk: (faculty_id, year) for pk, faculty_id, year in rows.values_list("pk", "faculty_id", "graduation_year")}


def respondent_names(alumnus_ids) -> dict[int, str]:
    """The names of people who answered a named survey round, for the alumni office's own export of it (the
    invitation to a named round tells them their answers are kept with their name); nothing of erased people."""
    rows = Alumnus.objects.filter(pk__in=list(alumnus_ids)).exclude(status=Alumnus.Status.ERASED)
    return {pk: f"{first} {last}".strip() for pk, first, last in rows.values_list("pk", "first_name", "last_name")}


def may_see_person(alumnus: Alumnus, viewer: Viewer) -> bool:
    if alumnus.status == Alumnus.Status.ERASED:
        return False
    if viewer.alumnus_id is not None and viewer.alumnus_id == alumnus.pk:
        return True
    if viewer.is_office:
        return viewer.faculty_ids is None or alumnus.faculty_id in viewer.faculty_ids
    return alumnus.is_listed


def may_see_field(alumnus: Alumnus, field_name: str, viewer: Viewer) -> bool:
    if not may_see_person(alumnus, viewer):
        return False
    return _sees_every_field(alumnus, viewer) or _level_lets_see(alumnus, field_name, viewer)


def _sees_every_field(alumnus: Alumnus, viewer: Viewer) -> bool:
    """The office, and a person looking at themselves (of someone `may_see_person` lets them see)."""
    return viewer.is_office or (viewer.alumnus_id is not None and viewer.alumnus_id == alumnus.pk)


def _level_lets_see(alumnus: Alumnus, field_name: str, viewer: Viewer) -> bool:
    level = alumnus.visibility_of(field_name)
    if field_name in NEVER_PUBLIC_FIELDS and level == Visibility.PUBLIC:
        level = Visibility.ALUMNI
    return viewer.audience in AUDIENCES_OF_LEVEL[level]


def field_visible_q(viewer: Viewer, field_name: str, prefix: str = "") -> Q:
    """The people whose `field_name` this viewer may see, as a Q: `may_see_field` in SQL, for filters and facets.

    To be used on people the viewer may see at all (`privacy.visible_alumni`); a test checks that both agree
    for every audience, field and choice.
    """
    if viewer.is_office:
        return Q()
    levels = levels_seen_by(viewer.audience, field_name)
    visible = Q(**{f"{prefix}visibility__{field_name}__in": levels}) if levels else Q(pk__in=[])
    if VISIBILITY_DEFAULTS[field_name] in levels:
        visible |= ~Q(**{f"{prefix}visibility__has_key": field_name})
    if viewer.alumnus_id is not None:
        visible |= Q(**{f"{prefix}pk": viewer.alumnus_id})
    return visible


def directory_column_for(viewer: Viewer, field_name: str) -> str | None:
    """The stored column holding what this viewer sees of `field_name` among listed people (NULL where they may
    not see it, `Alumnus._directory_column`), or None for the office, which sees the field itself. A signed-in
    alumnus also sees their own row whole: `seen_q` and the facet counts cover that."""
    if viewer.is_office or field_name not in DIRECTORY_FIELDS or viewer.audience not in DIRECTORY_AUDIENCES:
        return None
    return directory_column(viewer.audience, field_name)


def people_showing(viewer: Viewer, field_name: str) -> QuerySet:
    """Listed people who show `field_name` to this viewer's audience and filled it in: the rows of its stored
    column (`directory_column_for`). The column implies the listing, so the query reads one index; the viewer's
    own row, which they always see whole, is not among them unless it shows the field anyway."""
    column = directory_column_for(viewer, field_name)
    if column is None:
        raise ValueError(f"No stored column holds what {viewer} sees of {field_name}.")
    return Alumnus.objects.filter(**{f"{column}__isnull": False})


def seen_q(viewer: Viewer, field_name: str, condition: Callable[[str], Q], own_hidden=None) -> Q:
    """People the viewer may see `field_name` of and whose value meets `condition(column)`, where `condition`
    builds the test on a column holding the value (the stored directory column when there is one, else the field
    through `field_visible_q`). For help offers, `condition` is given "help_offers" for the field itself.

    A signed-in alumnus sees their own row whole; its stored column differs from what they see only where they
    hide a field they filled in from their own audience. Given `own_hidden` (the fields of `own_hidden_values`),
    the test on their real value is added only for those fields: elsewhere the column's test alone (an OR would
    keep PostgreSQL from answering from the column's index alone)."""
    column = directory_column_for(viewer, field_name)
    if column is None:
        return condition(field_name) & field_visible_q(viewer, field_name)
    visible = condition(column)
    if viewer.alumnus_id is not None and (own_hidden is None or field_name in own_hidden):
        visible |= Q(pk=viewer.alumnus_id) & condition(field_name)
    return visible


def own_hidden_values(viewer: Viewer) -> dict[str, Any]:
    """{field name: value, as its stored column would hold it} of the directory fields a signed-in alumnus filled
    in but does not show their own audience (where their row's stored column is empty though they see the value);
    nothing for anyone else. One query by id."""
    if viewer.alumnus_id is None or viewer.audience not in DIRECTORY_AUDIENCES:
        return {}
    columns = {field_name: directory_column(viewer.audience, field_name) for field_name in DIRECTORY_FIELDS}
    raw = [name for name in DIRECTORY_FIELDS if name != "help_offers"] + list(HELP_OFFER_FIELDS.values())
    row = Alumnus.objects.filter(pk=viewer.alumnus_id).values(*columns.values(), *raw).first()
    if row is None:
        return {}
    values = {name: row[name] if row[name] not in ("", None) else None for name in raw if name in columns}
    mask = sum(bit for offer, bit in HELP_OFFER_BITS.items() if row[HELP_OFFER_FIELDS[offer]])
    values["help_offers"] = mask or None
    return {name: values[name] for name, column in columns.items() if row[column] is None and values[name] is not None}


@dataclass
class Profile:
    """What one viewer may see of one person. Fields they may not see are absent, not empty."""

    id: int
    first_name: str
    last_name: str
    faculty: Any
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def __getattr__(self, name: str):
        # Templates read profile.employer; a hidden field reads as missing, never as the real value.
        try:
            return self.__dict__["fields"][name]
        except KeyError:
            raise AttributeError(name) from None

    def as_dict(self) -> dict[str, Any]:
        data = {"id": self.id, "first_name": self.first_name, "last_name": self.last_name}
        data["faculty"] = {"id": self.faculty.pk, "name": self.faculty.name, "short_name": self.faculty.short_name}
        for name, value in self.fields.items():
            if name == "communities":
                value = [{"id": community.pk, "name": community.name, "slug": community.slug} for community in value]
            elif name == "photo":
                continue
            data[name] = value
        return data


def _field_value(alumnus: Alumnus, field_name: str):
    if field_name == "help_offers":
        return [offer for offer in HelpOffer.values if getattr(alumnus, HELP_OFFER_FIELDS[offer])]
    if field_name == "communities":
        return list(alumnus.communities.all())
    return getattr(alumnus, field_name)


def profile_for(alumnus: Alumnus, viewer: Viewer) -> Profile | None:
    """What the viewer may see of this person, or None when they may not see the person at all."""
    if not may_see_person(alumnus, viewer):
        return None
    profile = Profile(
        id=alumnus.pk, first_name=alumnus.first_name, last_name=alumnus.last_name, faculty=alumnus.faculty
    )
    every_field = _sees_every_field(alumnus, viewer)  # may_see_field, its person test made once
    for field_name in VISIBILITY_DEFAULTS:
        if every_field or _level_lets_see(alumnus, field_name, viewer):
            value = _field_value(alumnus, field_name)
            if value not in (None, "", []):
                profile.fields[field_name] = value
    return profile


def with_profile_relations(queryset: QuerySet) -> QuerySet:
    """The related rows `profile_for` reads, loaded in a fixed number of queries for a whole page of people."""
    return queryset.select_related("faculty", "photo").prefetch_related(
        Prefetch("communities", queryset=Community.objects.order_by("sort_key"))
    )


def profiles_for(alumni, viewer: Viewer) -> list[Profile]:
    return [profile for profile in (profile_for(alumnus, viewer) for alumnus in alumni) if profile is not None]
