"""The checks of an alumni file's header and rows: faculties, study cycles and sectors as the office writes them
(Romanian or English, with or without diacritics), yes/no in either language, and each field as the model checks it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from alumni.importing.columns import COLUMNS_BY_FIELD, HEADER_KEYS, REQUIRED_FIELDS, match_key
from alumni.importing.results import ImportFileError, ImportResult, RowError
from alumni.models import Alumnus, Sector, StudyCycle
from home.models import Faculty
from home.text import fold_diacritics

TRUE_WORDS = {"da", "d", "yes", "y", "1", "true", "adevarat", "x", "ok"}
FALSE_WORDS = {"nu", "n", "no", "0", "false", "fals", "-"}


def choice_map(choices_class, synonyms: dict[str, Iterable[str]]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value, label in choices_class.choices:
        mapping[match_key(value)] = value
        for language in ("en", "ro"):
            with translation.override(language):
                mapping[match_key(str(label))] = value
    for value, words in synonyms.items():
        for word in words:
            mapping[match_key(word)] = value
    return mapping


class Lookups:
    """The per-import lookup tables: faculties, study cycles, sectors."""

    def __init__(self):
        default_language = Faculty.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        default_rows = {row.translation_key: row.pk for row in default_language.only("pk", "translation_key")}
        self.faculties: dict[str, int] = {}
        self.faculty_short_names: dict[int, str] = {}
        for faculty in Faculty.objects.only("pk", "name", "short_name", "translation_key"):
            target = default_rows.get(faculty.translation_key, faculty.pk)
            self.faculties.setdefault(match_key(faculty.short_name), target)
            self.faculties.setdefault(match_key(faculty.name), target)
            if faculty.pk == target:
                self.faculty_short_names[target] = faculty.short_name
        self.cycles = choice_map(
            StudyCycle,
            {
                StudyCycle.BACHELOR: (
                    "licenta",
                    "licență",
                    "bachelor",
                    "bachelors",
                    "bachelor's",
                    "ba",
                    "bsc",
                    "undergraduate",
                ),
                StudyCycle.MASTER: ("master", "masterat", "masters", "master's", "ma", "msc"),
                StudyCycle.DOCTORATE: ("doctorat", "doctorate", "phd", "doctoral"),
            },
        )
        self.sectors = choice_map(
            Sector,
            {
                Sector.IT: ("it", "software", "informatica", "tehnologia informatiei"),
                Sector.EDUCATION: ("educatie", "invatamant", "educatie si invatamant"),
                Sector.RESEARCH: ("cercetare", "cercetare stiintifica"),
                Sector.PUBLIC: ("administratie publica", "administratie", "sector public"),
                Sector.HEALTH: ("sanatate", "medicina", "asistenta medicala"),
                Sector.FINANCE: ("finante", "banci", "finante si banci", "finante banci"),
                Sector.INDUSTRY: ("inginerie", "industrie", "inginerie si industrie"),
                Sector.LAW: ("drept", "juridic", "justitie"),
                Sector.CULTURE: ("cultura", "arta", "arte", "media", "arte cultura si media"),
                Sector.BUSINESS: ("afaceri", "consultanta", "afaceri si consultanta"),
                Sector.NONPROFIT: ("ong", "non-profit", "nonprofit", "organizatii internationale"),
                Sector.OTHER: ("altul", "altele", "alt domeniu"),
            },
        )

    def faculty_id(self, text: str) -> int | None:
        return self.faculties.get(match_key(text))


def clean_field(field_name: str, value):
    """The model's own field validation (format, length, range, choices), without its uniqueness queries."""
    return Alumnus._meta.get_field(field_name).clean(value, None)


# Columns whose values repeat (a handful of faculties, cycles, years, cities) check each distinct value once; a
# column of mostly distinct values (names, phones) stops remembering after this many.
MEMO_LIMIT = 20_000


def memoized(check: Callable[[str], object]) -> Callable[[str], object]:
    """`check` remembered per raw value, its ValidationError included (the checks are pure functions of the text
    within one import)."""
    outcomes: dict[str, tuple[bool, object]] = {}

    def checked(raw: str):
        outcome = outcomes.get(raw)
        if outcome is None:
            try:
                outcome = (True, check(raw))
            except ValidationError as error:
                outcome = (False, error.messages)
            if len(outcomes) < MEMO_LIMIT:
                outcomes[raw] = outcome
        if outcome[0]:
            return outcome[1]
        raise ValidationError(outcome[1])  # a new error each time: a raised one would keep each traceback

    return checked


def _is_plain_text(field) -> bool:
    """A text field whose only check is its length: a value within it needs no other work."""
    return (
        type(field) is models.CharField
        and not field.choices
        and all(type(validator) is MaxLengthValidator for validator in field.validators)
    )


def _text_check(field_name: str) -> Callable[[str], object]:
    field = Alumnus._meta.get_field(field_name)
    if not _is_plain_text(field):
        return memoized(lambda raw: clean_field(field_name, raw))
    limit = field.max_length

    def checked(raw: str):
        # Within the length, `clean` returns the text as it is; beyond it, `clean` words the error.
        return raw if len(raw) <= limit else clean_field(field_name, raw)

    return checked


def parse_bool(text: str) -> bool:
    folded = fold_diacritics(text).strip().rstrip(".")
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    raise ValidationError(_("Write da or nu (yes or no)."))


@dataclass
class ParsedRow:
    number: int
    values: dict  # field -> value; fields whose cell is empty are absent (an update keeps what the person has)
    faculty_id: int


class RowChecks:
    """The checks of one file: its header, then each row on its own and against the rows before it (the same
    e-mail twice). Every error names the row, the column (by the file's own header) and the reason."""

    def __init__(self, result: ImportResult, lookups: Lookups, default_faculty_id: int | None, allowed_faculty_ids):
        self.result = result
        self.lookups = lookups
        self.default_faculty_id = default_faculty_id
        self.allowed_faculty_ids = allowed_faculty_ids
        self.seen_emails: dict[str, int] = {}
        self.error_row_numbers: set[int] = set()
        self.headers: dict[str, str] = {}  # field -> the file's own header for it
        self.positions: dict[str, int] = {}
        self.plan: list[tuple] = []  # (field, position, header, required, check) per recognised column

    def error(self, row: int, column: str, reason: str) -> None:
        self.result.errors.append(RowError(row, column, str(reason)))
        self.error_row_numbers.add(row)

    def header_of(self, field_name: str) -> str:
        return self.headers.get(field_name) or str(COLUMNS_BY_FIELD[field_name].label)

    def map_header(self, header: list[str]) -> None:
        """Find each known column; a required one missing, or one field in two columns, fails the whole file."""
        positions: dict[str, int] = {}
        for position, title in enumerate(header):
            field_name = HEADER_KEYS.get(match_key(title))
            if field_name is None:
                continue
            if field_name in positions:
                raise ImportFileError(
                    _("Columns %(first)s and %(second)s both hold %(field)s.")
                    % {"first": self.headers[field_name], "second": title.strip(), "field": self.header_of(field_name)}
                )
            positions[field_name] = position
            self.headers[field_name] = title.strip()
        missing = [name for name in REQUIRED_FIELDS if name not in positions]
        if "faculty" not in positions and self.default_faculty_id is None:
            missing.append("faculty")
        if missing:
            raise ImportFileError(
                _("The file has no column for: %(columns)s.")
                % {"columns": ", ".join(self.header_of(name) for name in missing)}
            )
        self.result.columns = [self.headers[name] for name in positions]
        self.positions = positions
        self.plan = [
            (
                field_name,
                position,
                self.header_of(field_name),
                field_name in REQUIRED_FIELDS or field_name == "faculty",
                self._check_of(field_name),
            )
            for field_name, position in positions.items()
        ]

    def _check_of(self, field_name: str) -> Callable[[str], object]:
        """The check of one column's cells: the text in, the value out, or a ValidationError."""
        kind = COLUMNS_BY_FIELD[field_name].kind
        lookups = self.lookups
        if kind == "faculty":

            def faculty(raw: str) -> int:
                faculty_id = lookups.faculty_id(raw)
                if faculty_id is None:
                    raise ValidationError(_("There is no faculty called %(name)s.") % {"name": raw})
                return faculty_id

            return memoized(faculty)
        if kind == "bool":
            return memoized(parse_bool)
        if kind == "email":
            return lambda raw: clean_field(field_name, raw.lower())
        if kind in ("cycle", "sector"):
            words = lookups.cycles if kind == "cycle" else lookups.sectors
            return memoized(lambda raw: clean_field(field_name, words.get(match_key(raw), raw)))
        if kind == "year":
            return memoized(lambda raw: clean_field(field_name, raw[:-2] if raw.endswith(".0") else raw))
        return _text_check(field_name)

    def parse(self, number: int, cells: list[str]) -> ParsedRow | None:
        errors_before = len(self.result.errors)
        values: dict = {}
        faculty_id = self.default_faculty_id
        width = len(cells)
        for field_name, position, header, required, check in self.plan:
            raw = cells[position].strip() if position < width else ""
            if not raw:
                if required:
                    self.error(number, header, _("This field is required."))
                continue
            try:
                value = check(raw)
            except ValidationError as error:
                self.error(number, header, " ".join(str(message) for message in error.messages))
                continue
            if field_name == "faculty":
                faculty_id = value
            else:
                values[field_name] = value
        if faculty_id is None:
            faculty_id = self.default_faculty_id
        if (
            faculty_id is not None
            and self.allowed_faculty_ids is not None
            and faculty_id not in self.allowed_faculty_ids
        ):
            self.error(number, self.header_of("faculty"), _("You may not import alumni of this faculty."))
        email = values.get("email")
        if email:
            first = self.seen_emails.get(email)
            if first is not None:
                self.error(number, self.header_of("email"), _("The same e-mail is on row %(row)s.") % {"row": first})
            else:
                self.seen_emails[email] = number
        if len(self.result.errors) > errors_before or faculty_id is None:
            return None
        return ParsedRow(number, values, faculty_id)
