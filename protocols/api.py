"""Active protocols in the API v3, public fields only (title, faculty, the partner's public name, the agreed dates,
the target students, the activities and their event pages): never the terms, the registration number and date, the
signed file or the evaluation.

    GET /api/v3/protocols/active/?faculty=FMI&kind=workshop&locale=en
"""

from datetime import date

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from wagtail.models import Locale

from alumni.privacy import viewer_for
from home.api import PUBLIC_AUTH, LanguageCode
from home.models import Faculty
from protocols.listing import public_protocols
from protocols.models import ProtocolActivity

router = Router(tags=["protocols"])

ActivityKind = ProtocolActivity.Kind


class ActiveProtocolFilters(Schema):
    locale: LanguageCode = settings.LANGUAGE_CODE
    faculty: str | None = Field(None, max_length=20, description="A faculty's short name (acronym), e.g. FMI.")
    kind: ActivityKind | None = Field(None, description="Only protocols with an activity of this kind.")


class ProtocolActivityOut(Schema):
    kind: str
    title: str
    date: date
    event_url: str | None = None


class ActiveProtocolOut(Schema):
    id: int
    title: str
    faculty: str
    faculty_short_name: str
    partner: str
    starts_on: date | None
    ends_on: date | None
    target_programme: str
    target_year: int | None
    group_size: int | None
    activities: list[ProtocolActivityOut]


@router.get(
    "/active/",
    response=list[ActiveProtocolOut],
    summary="Active collaboration protocols",
    operation_id="protocols_active",
    auth=PUBLIC_AUTH,
)
def active(request: HttpRequest, filters: Query[ActiveProtocolFilters]):
    """Every approved, active protocol (or one faculty's, with `faculty`), with its activities, in `locale`."""
    language = Locale.objects.filter(language_code=filters.locale).first() or Locale.get_default()
    faculty_key = None
    if filters.faculty:
        faculty_key = (
            Faculty.objects.filter(short_name__iexact=filters.faculty.strip())
            .values_list("translation_key", flat=True)
            .first()
        )
        if faculty_key is None:
            return []
    protocols = public_protocols(
        viewer_for(request), language, faculty_key=faculty_key, kind=filters.kind, request=request
    )
    return [
        {
            "id": protocol.id,
            "title": protocol.title,
            "faculty": protocol.faculty,
            "faculty_short_name": protocol.faculty_short_name,
            "partner": protocol.partner,
            "starts_on": protocol.starts_on,
            "ends_on": protocol.ends_on,
            "target_programme": protocol.target_programme,
            "target_year": protocol.target_year,
            "group_size": protocol.group_size,
            "activities": [
                {
                    "kind": activity.kind,
                    "title": activity.title,
                    "date": activity.date,
                    "event_url": request.build_absolute_uri(activity.event_url) if activity.event_url else None,
                }
                for activity in protocol.activities
            ],
        }
        for protocol in protocols
    ]
