"""Who receives a newsletter: the newsletter's subscribers (alumni.privacy.mailing_audience) narrowed by what the
office chose on the page: faculties, graduation years, a study cycle, a professional community, helpers only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from alumni.models import ConsentPurpose, StudyCycle
from alumni.privacy import mailing_audience
from newsletters.models import Subscriber

if TYPE_CHECKING:
    from newsletters.models import NewsletterPage


@dataclass(frozen=True)
class Audience:
    faculty_keys: tuple = ()
    faculty_names: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    study_cycle: str = ""
    community: object | None = None
    helpers_only: bool = False
    purpose: str = ConsentPurpose.NEWSLETTER

    @classmethod
    def of_page(cls, page: NewsletterPage) -> Audience:
        faculties = list(page.audience_faculties.all())
        return cls(
            faculty_keys=tuple(faculty.translation_key for faculty in faculties),
            faculty_names=tuple(faculty.short_name or faculty.name for faculty in faculties),
            year_from=page.audience_year_from,
            year_to=page.audience_year_to,
            study_cycle=page.audience_study_cycle,
            community=page.audience_community,
            helpers_only=page.audience_helpers_only,
        )

    @property
    def is_narrowed(self) -> bool:
        """Whether the office chose anything beyond "every subscriber": subscribers from outside the alumni
        database have no faculty, year or community, so they only receive the newsletters meant for everyone."""
        return bool(
            self.faculty_keys
            or self.year_from is not None
            or self.year_to is not None
            or self.study_cycle
            or self.community is not None
            or self.helpers_only
        )

    def subscribers(self) -> QuerySet:
        """Confirmed subscribers from outside the alumni database who are not also among `people()`."""
        if self.is_narrowed or self.purpose != ConsentPurpose.NEWSLETTER:
            return Subscriber.objects.none()
        alumni_emails = self.people().values("email")
        return Subscriber.objects.receiving().exclude(email__in=alumni_emails)

    def size(self) -> int:
        return self.people().count() + self.subscribers().count()

    def people(self) -> QuerySet:
        people = mailing_audience(self.purpose)
        if self.faculty_keys:
            people = people.filter(faculty__translation_key__in=self.faculty_keys)
        if self.year_from is not None:
            people = people.filter(graduation_year__gte=self.year_from)
        if self.year_to is not None:
            people = people.filter(graduation_year__lte=self.year_to)
        if self.study_cycle:
            people = people.filter(study_cycle=self.study_cycle)
        if self.community is not None:
            people = people.in_community(self.community)
        if self.helpers_only:
            people = people.willing_to_help()
        return people

    def as_filters(self) -> dict:
        """The audience as JSON, as a mailing keeps it."""
        return {
            "faculty_keys": [str(key) for key in self.faculty_keys],
            "faculty_names": list(self.faculty_names),
            "year_from": self.year_from,
            "year_to": self.year_to,
            "study_cycle": self.study_cycle,
            "community_id": getattr(self.community, "pk", None),
            "helpers_only": self.helpers_only,
            "purpose": str(self.purpose),
        }

    @classmethod
    def from_choices(
        cls,
        *,
        faculties=(),
        year_from=None,
        year_to=None,
        study_cycle="",
        community=None,
        helpers_only=False,
        purpose=ConsentPurpose.NEWSLETTER,
    ) -> Audience:
        """An audience from the office's choices in a form (invitations, survey rounds)."""
        faculties = list(faculties)
        return cls(
            faculty_keys=tuple(faculty.translation_key for faculty in faculties),
            faculty_names=tuple(faculty.short_name or faculty.name for faculty in faculties),
            year_from=year_from,
            year_to=year_to,
            study_cycle=study_cycle or "",
            community=community,
            helpers_only=bool(helpers_only),
            purpose=purpose,
        )

    def describe(self) -> list[str]:
        """The audience in words, for the office's confirmation page."""
        if self.purpose == ConsentPurpose.SURVEYS:
            parts = [_("alumni who agreed to the surveys")]
        else:
            parts = [
                _("subscribers to the newsletter") if self.is_narrowed else _("every subscriber to the newsletter")
            ]
        if self.faculty_names:
            parts.append(_("faculties: %(names)s") % {"names": ", ".join(self.faculty_names)})
        if self.year_from is not None or self.year_to is not None:
            parts.append(
                _("graduated %(start)s–%(end)s") % {"start": self.year_from or "…", "end": self.year_to or "…"}
            )
        if self.study_cycle:
            parts.append(str(StudyCycle(self.study_cycle).label))
        if self.community is not None:
            parts.append(_("community: %(name)s") % {"name": self.community.name})
        if self.helpers_only:
            parts.append(_("willing to help students"))
        return parts


__all__ = ["Audience"]
