"""Who receives a newsletter: the newsletter's subscribers (alumni.privacy.mailing_audience) narrowed by what the
office chose on the page: faculties, graduation years, a study cycle, a professional community, helpers only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from alumni.models import ConsentPurpose, StudyCycle
from alumni.privacy import mailing_audience

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

    def describe(self) -> list[str]:
        """The audience in words, for the office's confirmation page."""
        parts = [_("subscribers to the newsletter")]
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
