"""The public view of active protocols, shared by the page and the API: only public fields, built in a fixed
number of queries whatever the number of protocols and activities.

Shown: title, faculty (in the reader's language), the partner's public name, the agreed dates, the target students
and the activities with the address of their event page. Never: the terms, the signing and registration details,
the signed file or the evaluation. A partner who is an alumnus is named only as `alumni.privacy` lets the viewer
see them; otherwise the organisation's name, or "an alumnus of the faculty".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from home.models import Faculty
from protocols.models import Protocol, ProtocolActivity

if TYPE_CHECKING:
    from django.http import HttpRequest

    from alumni.privacy import Viewer


@dataclass(frozen=True)
class PublicActivity:
    kind: str
    kind_label: str
    title: str
    date: date
    event_title: str = ""
    event_url: str = ""


@dataclass(frozen=True)
class PublicProtocol:
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
    activities: list[PublicActivity] = field(default_factory=list)


def active_protocols(faculty_key=None, kind: str | None = None):
    """The protocols a public surface may list, with what the public view reads."""
    activities = ProtocolActivity.objects.order_by("date", "sort_order", "pk")
    protocols = (
        Protocol.objects.shown_publicly()
        .select_related("faculty")
        .prefetch_related(Prefetch("activities", queryset=activities))
        .order_by("faculty__sort_key", "title", "pk")
    )
    if faculty_key:
        protocols = protocols.filter(faculty__translation_key=faculty_key)
    if kind:
        protocols = protocols.filter(pk__in=ProtocolActivity.objects.filter(kind=kind).values("protocol_id"))
    return protocols


def _faculties_in(keys, locale: Locale) -> dict:
    """{translation key: (name, short name)} in `locale` where translated (one query)."""
    found: dict = {}
    for key, name, short_name, locale_id in Faculty.objects.filter(translation_key__in=list(keys)).values_list(
        "translation_key", "name", "short_name", "locale_id"
    ):
        if key not in found or locale_id == locale.pk:
            found[key] = (name, short_name)
    return found


def _event_links(event_ids, locale: Locale, request: HttpRequest | None) -> dict[int, tuple[str, str]]:
    """{event page id: (title, url)} of the live, public event pages, in `locale` where translated (two queries)."""
    event_ids = set(event_ids)
    if not event_ids:
        return {}
    keys = dict(Page.objects.filter(pk__in=event_ids).values_list("pk", "translation_key"))
    pages = Page.objects.live().public().filter(translation_key__in=set(keys.values()))
    by_key: dict = {}
    for page in pages:
        if page.translation_key not in by_key or page.locale_id == locale.pk:
            by_key[page.translation_key] = page
    links = {}
    for pk, key in keys.items():
        page = by_key.get(key)
        if page is not None:
            links[pk] = (page.title, page.get_url(request) or "")
    return links


def _partner_names(alumnus_ids, viewer: Viewer) -> dict[int, str]:
    """The names the viewer may see of the partner alumni, through the privacy gate."""
    from alumni.models import Alumnus
    from alumni.privacy import profiles_for, visible_alumni, with_profile_relations

    if not alumnus_ids:
        return {}
    people = with_profile_relations(visible_alumni(viewer, Alumnus.objects.filter(pk__in=list(alumnus_ids))))
    return {profile.id: profile.full_name for profile in profiles_for(people, viewer)}


def public_protocols(
    viewer: Viewer,
    locale: Locale,
    *,
    faculty_key=None,
    kind: str | None = None,
    request: HttpRequest | None = None,
) -> list[PublicProtocol]:
    protocols = list(active_protocols(faculty_key, kind))
    faculties = _faculties_in({protocol.faculty.translation_key for protocol in protocols}, locale)
    events = _event_links(
        (activity.event_id for protocol in protocols for activity in protocol.activities.all() if activity.event_id),
        locale,
        request,
    )
    partners = _partner_names({protocol.partner_id for protocol in protocols if protocol.partner_id}, viewer)
    kinds = dict(ProtocolActivity.Kind.choices)
    result = []
    for protocol in protocols:
        name, short_name = faculties.get(protocol.faculty.translation_key, (protocol.faculty.name, ""))
        result.append(
            PublicProtocol(
                id=protocol.pk,
                title=protocol.title,
                faculty=name,
                faculty_short_name=short_name,
                partner=partner_label(protocol, partners),
                starts_on=protocol.starts_on,
                ends_on=protocol.ends_on,
                target_programme=protocol.target_programme,
                target_year=protocol.target_year,
                group_size=protocol.group_size,
                activities=[
                    PublicActivity(
                        kind=activity.kind,
                        kind_label=str(kinds.get(activity.kind, activity.kind)),
                        title=activity.title,
                        date=activity.date,
                        event_title=events.get(activity.event_id, ("", ""))[0],
                        event_url=events.get(activity.event_id, ("", ""))[1],
                    )
                    for activity in protocol.activities.all()
                ],
            )
        )
    return result


def partner_label(protocol: Protocol, visible_names: dict[int, str]) -> str:
    person = visible_names.get(protocol.partner_id) if protocol.partner_id else None
    organisation = protocol.partner_name.strip()
    if person and organisation:
        return f"{person} ({organisation})"
    return person or organisation or _("An alumnus of the faculty")
