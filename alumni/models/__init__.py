"""The alumni directory's models: people, their consents and visibility choices, their sign-in, professional
communities, and the directory and join pages. Import them from here: `from alumni.models import Alumnus`.

- `choices`: the vocabularies (study cycle, sector, visibility, consent purposes, help offers) and field tables;
- `validators`: the graduation-year bound and the visibility map's check;
- `communities`: Community;
- `people`: Alumnus (with its QuerySet) and Consent, the log of consent changes;
- `directory_counts`: DirectoryCount, the directory's counts kept up to date;
- `name_words`: NameWord, the words of listed people's names for the name search;
- `accounts`: AlumnusAccount, an alumnus's sign-in to the public site;
- `imports`: ImportJob, an admin upload checked or imported in the background;
- `pages`: DirectoryPage and JoinPage.
"""

from .accounts import AlumnusAccount
from .choices import (
    HELP_OFFER_FIELDS,
    NEVER_PUBLIC_FIELDS,
    PERSON_FIELDS,
    VISIBILITY_DEFAULTS,
    ConsentPurpose,
    HelpOffer,
    Sector,
    StudyCycle,
    Visibility,
)
from .communities import Community
from .directory_counts import DirectoryCount
from .imports import IMPORT_PERMISSIONS, ImportJob, user_may_import
from .name_words import NameWord
from .pages import DirectoryPage, JoinPage
from .people import Alumnus, AlumnusQuerySet, Consent, consent_text_version, willing_to_help_q
from .validators import (
    FIRST_GRADUATION_YEAR,
    MaxGraduationYearValidator,
    last_graduation_year,
    validate_visibility,
)

__all__ = [
    "FIRST_GRADUATION_YEAR",
    "HELP_OFFER_FIELDS",
    "IMPORT_PERMISSIONS",
    "NEVER_PUBLIC_FIELDS",
    "PERSON_FIELDS",
    "VISIBILITY_DEFAULTS",
    "Alumnus",
    "AlumnusAccount",
    "AlumnusQuerySet",
    "Community",
    "Consent",
    "DirectoryCount",
    "ConsentPurpose",
    "DirectoryPage",
    "HelpOffer",
    "ImportJob",
    "JoinPage",
    "NameWord",
    "MaxGraduationYearValidator",
    "Sector",
    "StudyCycle",
    "Visibility",
    "consent_text_version",
    "last_graduation_year",
    "user_may_import",
    "validate_visibility",
    "willing_to_help_q",
]
