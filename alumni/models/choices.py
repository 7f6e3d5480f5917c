"""The alumni app's fixed vocabularies and the tables of a person's fields that forms, privacy and exports share."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StudyCycle(models.TextChoices):
    BACHELOR = "licenta", _("Bachelor's (licență)")
    MASTER = "master", _("Master's")
    DOCTORATE = "doctorat", _("Doctorate")


class Sector(models.TextChoices):
    IT = "it", _("Software and IT")
    EDUCATION = "education", _("Education")
    RESEARCH = "research", _("Research")
    PUBLIC = "public", _("Public administration")
    HEALTH = "health", _("Health care")
    FINANCE = "finance", _("Finance and banking")
    INDUSTRY = "industry", _("Engineering and industry")
    LAW = "law", _("Law")
    CULTURE = "culture", _("Arts, culture and media")
    BUSINESS = "business", _("Business and consulting")
    NONPROFIT = "nonprofit", _("Non-profit and international organisations")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    """Who sees one field of a listed person. Ordered from widest to narrowest."""

    PUBLIC = "public", _("Everyone")
    ALUMNI = "alumni", _("Signed-in alumni")
    OFFICE = "office", _("The alumni office only")


class ConsentPurpose(models.TextChoices):
    DIRECTORY = "directory", _("Listing in the alumni directory")
    NEWSLETTER = "newsletter", _("Newsletter")
    SURVEYS = "surveys", _("Satisfaction surveys")


class HelpOffer(models.TextChoices):
    """The ways an alumnus offers to help students; protocols and events select volunteers by them."""

    MENTORING = "mentoring", _("Mentoring")
    GUEST_LECTURES = "guest_lectures", _("Guest lectures")
    INTERNSHIPS = "internships", _("Internships")
    PRACTICE = "practice", _("Student practice placements")


HELP_OFFER_FIELDS: dict[str, str] = {offer: f"help_{offer}" for offer in HelpOffer.values}

# A person's own data, in the order forms, registration and exports list it.
PERSON_FIELDS: list[str] = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "study_cycle",
    "programme",
    "graduation_year",
    "employer",
    "job_title",
    "sector",
    "city",
    "country",
    *HELP_OFFER_FIELDS.values(),
]

# Fields a person chooses the audience of, with the audience they get until they choose.
# Name and faculty are what a directory listing is; whoever may see the listing sees them.
VISIBILITY_DEFAULTS: dict[str, str] = {
    "email": Visibility.OFFICE,
    "phone": Visibility.OFFICE,
    "study_cycle": Visibility.PUBLIC,
    "programme": Visibility.PUBLIC,
    "graduation_year": Visibility.PUBLIC,
    "employer": Visibility.ALUMNI,
    "job_title": Visibility.ALUMNI,
    "sector": Visibility.PUBLIC,
    "city": Visibility.ALUMNI,
    "country": Visibility.PUBLIC,
    "help_offers": Visibility.PUBLIC,
    "communities": Visibility.PUBLIC,
    "bio": Visibility.ALUMNI,
    "linkedin_url": Visibility.ALUMNI,
    "photo": Visibility.ALUMNI,
}

# An e-mail address is never shown to anonymous visitors, whatever the person chose.
NEVER_PUBLIC_FIELDS = frozenset({"email", "phone"})


# The audiences that see a field set to each level.
AUDIENCES_OF_LEVEL: dict[str, frozenset[str]] = {
    Visibility.PUBLIC: frozenset({Visibility.PUBLIC, Visibility.ALUMNI, Visibility.OFFICE}),
    Visibility.ALUMNI: frozenset({Visibility.ALUMNI, Visibility.OFFICE}),
    Visibility.OFFICE: frozenset({Visibility.OFFICE}),
}


def levels_seen_by(audience: str, field_name: str) -> list[str]:
    """The visibility levels of `field_name` that this audience sees. "Everyone" on an e-mail or phone number
    means signed-in alumni: the public sees neither. (The rule `alumni.privacy` applies; kept here because the
    directory's stored columns, `people.DIRECTORY_COLUMNS`, are built from it too.)"""
    never_public = field_name in NEVER_PUBLIC_FIELDS
    return [
        level
        for level in Visibility.values
        if audience in AUDIENCES_OF_LEVEL[Visibility.ALUMNI if never_public and level == Visibility.PUBLIC else level]
    ]
