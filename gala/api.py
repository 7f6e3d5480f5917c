"""The gala's winners in the API v3, public fields only (name, category, faculty, edition): never the reasons,
the proposers, the jury's notes or the costs.

    GET /api/v3/gala/winners/?year=2025&locale=en
"""

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from wagtail.models import Locale

from gala.archive import winners_by_edition
from gala.models import GalaEditionPage
from home.api import PUBLIC_AUTH, LanguageCode

router = Router(tags=["gala"])


class GalaWinnerFilters(Schema):
    locale: LanguageCode = settings.LANGUAGE_CODE
    year: int | None = Field(None, ge=1900, le=2200, description="Only the edition held that year.")


class GalaWinner(Schema):
    edition: str
    year: int
    category: str
    name: str
    faculty: str


@router.get(
    "/winners/",
    response=list[GalaWinner],
    summary="The gala's award winners",
    operation_id="gala_winners",
    auth=PUBLIC_AUTH,
)
def winners(request: HttpRequest, filters: Query[GalaWinnerFilters]):
    """Every published edition's winners, newest edition first (or one year's, with `year`), in `locale`."""
    language = Locale.objects.filter(language_code=filters.locale).first() or Locale.get_default()
    editions = GalaEditionPage.objects.live().public().filter(locale=language).order_by("-starts_at")
    if filters.year is not None:
        editions = editions.filter(starts_at__year=filters.year)
    editions = list(editions)
    found = winners_by_edition(editions, language)
    return [
        {
            "edition": edition.title,
            "year": winner.year,
            "category": winner.category,
            "name": winner.name,
            "faculty": winner.faculty,
        }
        for edition in editions
        for winner in found[edition.pk]
    ]
