"""The alumni directory on API v3: the same people, filters and visibility rules as the directory page.

    GET /api/v3/alumni/?q=stefan&faculty=FMI&sector=it&decade=2000&help=mentoring&locale=en&limit=50
    GET /api/v3/alumni/{id}/

The viewer is the public, or the alumnus signed in on the public site (session cookie); what each person shows
comes from `alumni.privacy` (Profile.as_dict), hidden fields absent. An unknown or unlisted id answers 404, bad
filters 422, both as problem+json.
"""

from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from wagtail.models import Locale
from wagtail.utils.forms import FormValidationError

from alumni.directory.cards import load_profile_rows, person_cards, profile_rows_in_order
from alumni.directory.listing import directory_filterset, external_search, sorted_results
from alumni.filters import ANY_HELP, FIRST_DECADE, FacultyNames
from alumni.models import FIRST_GRADUATION_YEAR, HelpOffer, Sector, StudyCycle
from alumni.privacy import viewer_for, visible_alumni, with_profile_relations
from home.api import PUBLIC_AUTH, LanguageCode, LoadingPagination, locale_id_for
from home.pagination import rows_for_ids

router = Router(tags=["alumni"])

MAX_LIMIT = 100
CycleCode = Literal[tuple(StudyCycle.values)]
SectorCode = Literal[tuple(Sector.values)]
HelpCode = Literal[(ANY_HELP, *HelpOffer.values)]


class DirectoryFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Words of a name; diacritics do not matter.")
    faculty: str | None = Field(None, max_length=20, description="A faculty's short name, for example FMI.")
    cycle: CycleCode | None = Field(None, description="Study cycle.")
    decade: int | None = Field(
        None, ge=FIRST_DECADE, multiple_of=10, description=f"Graduated in this decade ({FIRST_DECADE}: before 1960)."
    )
    year: int | None = Field(None, ge=FIRST_GRADUATION_YEAR, description="Graduation year.")
    sector: SectorCode | None = Field(None, description="Sector of work.")
    country: str | None = Field(None, max_length=100, description="Country of work, as written (any case).")
    help: HelpCode | None = Field(None, description="Willing to help students: 'any' kind, or one kind.")
    locale: LanguageCode = Field(settings.LANGUAGE_CODE, description="The language of faculty and community names.")


class AlumnusFacultyOut(Schema):
    id: int
    name: str
    short_name: str


class CommunityOut(Schema):
    id: int
    name: str
    slug: str


class AlumnusOut(Schema):
    """A person as this viewer may see them: a field the person does not show to the viewer is absent."""

    id: int
    first_name: str
    last_name: str
    faculty: AlumnusFacultyOut
    email: str | None = Field(None, description="Never to anonymous readers.")
    phone: str | None = Field(None, description="Never to anonymous readers.")
    study_cycle: CycleCode | None = None
    programme: str | None = None
    graduation_year: int | None = None
    employer: str | None = None
    job_title: str | None = None
    sector: SectorCode | None = None
    city: str | None = None
    country: str | None = None
    help_offers: list[str] | None = Field(None, description=f"Any of: {', '.join(HelpOffer.values)}.")
    communities: list[CommunityOut] | None = None
    bio: str | None = None
    linkedin_url: str | None = None


def _locale_id(code: str) -> int:
    return locale_id_for(code) or Locale.get_default().pk


def _as_dicts(alumni, request, locale_id: int) -> list[dict[str, Any]]:
    """People as the API shows them: Profile.as_dict with faculty and community names in the chosen language."""
    cards = person_cards(alumni, viewer_for(request), FacultyNames.load(locale_id), locale_id)
    items = []
    for card in cards:
        data = card.profile.as_dict()
        data["faculty"]["name"] = card.faculty_name
        for community, localized in zip(data.get("communities", []), card.communities, strict=True):
            community.update(name=localized["name"], slug=localized["slug"])
        items.append(data)
    return items


class AlumniPagination(LoadingPagination):
    """At most MAX_LIMIT people a request (more is a 422), loaded ids first."""

    max_limit = MAX_LIMIT
    noun = "People"

    def load_items(self, queryset, start, size, request):
        if hasattr(queryset, "facet_counts"):  # a search service's answer: person ids in the directory's order
            people = profile_rows_in_order(list(queryset[start : start + size]), viewer_for(request))
        else:
            people = rows_for_ids(queryset, start, size, load_profile_rows)
        return _as_dicts(people, request, request.alumni_locale_id)


@router.get(
    "/",
    response=list[AlumnusOut],
    url_name="list_alumni",
    summary="Search the alumni directory",
    operation_id="alumni_list",
    auth=PUBLIC_AUTH,
    exclude_none=True,
)
@paginate(AlumniPagination)
def list_alumni(request: HttpRequest, filters: Query[DirectoryFilters]):
    """Listed alumni in Romanian alphabetical order, searched by name and filtered like the directory page.
    Filters on a field only match people who show that field to the reader."""
    request.alumni_locale_id = locale_id = _locale_id(filters.locale)
    data = {
        name: str(value)
        for name, value in filters.dict(exclude={"locale"}).items()
        if value is not None and value != ""
    }
    filterset = directory_filterset(data, viewer_for(request), locale_id)
    if not filterset.is_valid():
        errors = [error for field_errors in filterset.form.errors.as_data().values() for error in field_errors]
        if all(error.code in ("invalid_choice", "max_value", "min_value") for error in errors):
            # A value the document allows but nobody has (an unknown faculty, a year or decade to come): nobody,
            # as the events API answers; the types and ranges the document states are checked before this.
            return filterset.queryset.none()
        raise FormValidationError.from_form(filterset.form)
    # The same answer as the directory page: from the search service when one is registered (Elasticsearch).
    searched = external_search(filterset)
    return searched if searched is not None else sorted_results(filterset)


@router.get(
    "/{int:alumnus_id}/",
    response=AlumnusOut,
    url_name="alumnus_detail",
    summary="One alumnus of the directory",
    operation_id="alumni_detail",
    auth=PUBLIC_AUTH,
    exclude_none=True,
)
def alumnus_detail(request: HttpRequest, alumnus_id: int, locale: LanguageCode = settings.LANGUAGE_CODE):
    """A listed alumnus as the reader may see them; 404 for anyone the reader may not see."""
    person = with_profile_relations(visible_alumni(viewer_for(request)).filter(pk=alumnus_id)).first()
    items = _as_dicts([person], request, _locale_id(locale)) if person is not None else []
    if not items:
        raise HttpError(404, "No alumnus with this id is listed.")
    return items[0]
