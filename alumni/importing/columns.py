"""The columns an alumni file may have: the field each fills, its label, and the Romanian and English headers
that name it (matched whatever their case, diacritics, spaces and punctuation)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from alumni.models import HelpOffer
from home.text import fold_diacritics


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # shown when the file lacks the column; otherwise the file's own header is used
    aliases: tuple[str, ...]
    kind: str = "text"  # text, email, faculty, cycle, sector, year, bool


COLUMNS: tuple[Column, ...] = (
    Column("first_name", gettext_lazy("First name"), ("prenume", "prenumele", "first name", "firstname", "given name")),
    Column(
        "last_name",
        gettext_lazy("Last name"),
        ("nume", "numele", "nume de familie", "last name", "lastname", "surname", "family name"),
    ),
    Column(
        "email",
        gettext_lazy("E-mail"),
        ("e-mail", "email", "adresa de e-mail", "adresa e-mail", "mail", "e-mail address", "email address"),
        "email",
    ),
    Column("faculty", gettext_lazy("Faculty"), ("facultatea", "facultate", "faculty"), "faculty"),
    Column(
        "study_cycle",
        gettext_lazy("Study cycle"),
        ("ciclu de studii", "ciclul de studii", "ciclu", "study cycle", "cycle", "degree", "level"),
        "cycle",
    ),
    Column(
        "programme",
        gettext_lazy("Programme"),
        (
            "program",
            "programul",
            "program de studii",
            "programul de studii",
            "specializare",
            "specializarea",
            "programme",
            "program of study",
            "study programme",
            "study program",
        ),
    ),
    Column(
        "graduation_year",
        gettext_lazy("Graduation year"),
        (
            "anul absolvirii",
            "an absolvire",
            "anul de absolvire",
            "promotia",
            "graduation year",
            "year of graduation",
            "class of",
        ),
        "year",
    ),
    Column("employer", gettext_lazy("Employer"), ("angajator", "angajatorul", "loc de munca", "employer", "company")),
    Column("job_title", gettext_lazy("Job title"), ("functia", "functie", "post", "role", "job title", "position")),
    Column(
        "sector",
        gettext_lazy("Sector"),
        ("domeniu", "domeniul", "domeniu de activitate", "sector", "industry"),
        "sector",
    ),
    Column("city", gettext_lazy("City"), ("oras", "orasul", "localitate", "localitatea", "city", "town")),
    Column("country", gettext_lazy("Country"), ("tara", "tara de resedinta", "country")),
    Column("phone", gettext_lazy("Phone"), ("telefon", "nr telefon", "numar de telefon", "phone", "phone number")),
    Column(
        "consent_directory",
        gettext_lazy("Directory consent"),
        ("acord director", "acord anuar", "acord listare", "directory consent", "consent directory"),
        "bool",
    ),
    Column(
        "consent_newsletter",
        gettext_lazy("Newsletter consent"),
        ("acord newsletter", "newsletter consent", "consent newsletter"),
        "bool",
    ),
    Column(
        "consent_surveys",
        gettext_lazy("Surveys consent"),
        ("acord sondaje", "acord chestionare", "surveys consent", "survey consent", "consent surveys"),
        "bool",
    ),
    Column("help_mentoring", HelpOffer.MENTORING.label, ("mentorat", "mentoring"), "bool"),
    Column(
        "help_guest_lectures",
        HelpOffer.GUEST_LECTURES.label,
        ("prelegeri", "prelegeri invitate", "guest lectures"),
        "bool",
    ),
    Column("help_internships", HelpOffer.INTERNSHIPS.label, ("stagii", "internship", "internships"), "bool"),
    Column("help_practice", HelpOffer.PRACTICE.label, ("practica", "stagii de practica", "practice"), "bool"),
)
COLUMNS_BY_FIELD = {column.field: column for column in COLUMNS}
REQUIRED_FIELDS = ("first_name", "last_name", "email")
# Fields compared with, and written to, the person; faculty is compared by id.
DATA_FIELDS = tuple(column.field for column in COLUMNS if column.field != "faculty")


def match_key(text: str) -> str:
    """Header and value matching: case, diacritics, spaces and punctuation do not count."""
    return "".join(char for char in fold_diacritics(str(text)) if char.isalnum())


HEADER_KEYS: dict[str, str] = {match_key(alias): column.field for column in COLUMNS for alias in column.aliases}
