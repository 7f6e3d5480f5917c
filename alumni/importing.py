"""Importing a faculty's alumni spreadsheet (CSV or XLSX): validate every row, then commit all of it or nothing.

The file is read as a stream, in batches of `BATCH_SIZE` rows: each batch costs one query to find the people
already known by e-mail, and (when committing) one bulk insert and one bulk update. What stays in memory for the
whole file is a map of the e-mail addresses seen (for duplicates), the errors, the ids to index, and a capped
sample of the rows for the preview, so a 100,000-row file does not hold 100,000 model instances.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.search import index
from wagtail.search.backends import get_search_backends_with_name

from alumni.consents import CONSENT_FIELDS
from alumni.models import Alumnus, Consent, HelpOffer, Sector, StudyCycle
from home.models import Faculty
from home.text import fold_diacritics, normalize_cedillas

if TYPE_CHECKING:
    from collections.abc import Collection

BATCH_SIZE = 1000
INDEX_BATCH_SIZE = 1000
ANALYZE_AFTER_ROWS = 5000  # an import this large refreshes the planner statistics of the tables it filled
SAMPLE_LIMIT = 200  # rows of each kind kept for the preview; the counts cover the whole file

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


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
_LOADED_FIELDS = ("id", "faculty_id", "status", *DATA_FIELDS)

_TRUE = {"da", "d", "yes", "y", "1", "true", "adevarat", "x", "ok"}
_FALSE = {"nu", "n", "no", "0", "false", "fals", "-"}


def _key(text: str) -> str:
    """Header and value matching: case, diacritics, spaces and punctuation do not count."""
    return "".join(char for char in fold_diacritics(str(text)) if char.isalnum())


_HEADER_KEYS: dict[str, str] = {_key(alias): column.field for column in COLUMNS for alias in column.aliases}


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    reason: str

    def __str__(self) -> str:
        return _("row %(row)s, column %(column)s: %(reason)s") % {
            "row": self.row,
            "column": self.column or "-",
            "reason": self.reason,
        }


@dataclass(frozen=True)
class RowSummary:
    row: int
    action: str
    email: str
    name: str
    faculty: str
    changes: tuple[str, ...] = ()


@dataclass
class ImportResult:
    filename: str = ""
    committed: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created_sample: list[RowSummary] = field(default_factory=list)
    updated_sample: list[RowSummary] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the file's headers that were recognised

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            CREATE: self.created,
            UPDATE: self.updated,
            UNCHANGED: self.unchanged,
            ERROR: self.error_rows,
        }


class ImportFileError(Exception):
    """The file as a whole cannot be read: not a spreadsheet, empty, or missing a required column."""


# Reading ----------------------------------------------------------------------------------------------------


def _open_binary(source) -> tuple[IO[bytes], bool]:
    if isinstance(source, str | Path):
        return open(source, "rb"), True  # noqa: SIM115 - closed by the caller
    return getattr(source, "file", source), False


def _is_xlsx(stream: IO[bytes], filename: str) -> bool:
    start = stream.read(4)
    stream.seek(0)
    if start == b"PK\x03\x04":
        return True
    if filename.lower().endswith((".xls", ".xlsx", ".xlsm", ".ods")):
        raise ImportFileError(_("The file is not a CSV or XLSX file; save it as CSV or as Excel workbook (.xlsx)."))
    return False


def _detect_encoding(stream: IO[bytes]) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else the Windows-1250 of Romanian Excel."""
    start = stream.read(4)
    stream.seek(0)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(1 << 16):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1250"
    stream.seek(0)
    return encoding


def _csv_rows(stream: IO[bytes]) -> Iterator[list[str]]:
    encoding = _detect_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    try:
        first_line = text.readline()
        counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
        try:
            for row in csv.reader(itertools.chain([first_line], text), delimiter=delimiter):
                yield [normalize_cedillas(cell) for cell in row]
        except csv.Error as error:
            raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from error
    finally:
        text.detach()  # the caller owns the binary stream


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_cedillas(str(value))


def _xlsx_rows(stream: IO[bytes]) -> Iterator[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ElementTree.ParseError) as error:
        raise ImportFileError(_("The Excel file cannot be read.")) from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in row]
    except (IndexError, KeyError, ValueError, TypeError, ElementTree.ParseError, zipfile.BadZipFile) as error:
        # A workbook whose sheet is damaged or cut short opens fine and fails while it is read.
        raise ImportFileError(_("The Excel file is damaged and cannot be read.")) from error
    finally:
        workbook.close()


def read_rows(stream: IO[bytes], filename: str = "") -> Iterator[list[str]]:
    """Every row of the first sheet (or the CSV) as a list of strings, the header included."""
    return _xlsx_rows(stream) if _is_xlsx(stream, filename) else _csv_rows(stream)


# Values -----------------------------------------------------------------------------------------------------


def _choice_map(choices_class, synonyms: dict[str, Iterable[str]]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value, label in choices_class.choices:
        mapping[_key(value)] = value
        for language in ("en", "ro"):
            with translation.override(language):
                mapping[_key(str(label))] = value
    for value, words in synonyms.items():
        for word in words:
            mapping[_key(word)] = value
    return mapping


class _Lookups:
    """The per-import lookup tables: faculties, study cycles, sectors."""

    def __init__(self):
        default_rows = {
            row.translation_key: row.pk
            for row in Faculty.objects.filter(locale__language_code="ro").only("pk", "translation_key")
        }
        self.faculties: dict[str, int] = {}
        self.faculty_short_names: dict[int, str] = {}
        for faculty in Faculty.objects.only("pk", "name", "short_name", "translation_key"):
            target = default_rows.get(faculty.translation_key, faculty.pk)
            self.faculties.setdefault(_key(faculty.short_name), target)
            self.faculties.setdefault(_key(faculty.name), target)
            if faculty.pk == target:
                self.faculty_short_names[target] = faculty.short_name
        self.cycles = _choice_map(
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
        self.sectors = _choice_map(
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
        return self.faculties.get(_key(text))


def _clean_field(field_name: str, value):
    """The model's own field validation (format, length, range, choices), without its uniqueness queries."""
    return Alumnus._meta.get_field(field_name).clean(value, None)


def _parse_bool(text: str) -> bool:
    folded = fold_diacritics(text).strip().rstrip(".")
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValidationError(_("Write da or nu (yes or no)."))


@dataclass
class _ParsedRow:
    number: int
    values: dict  # field -> value; fields whose cell is empty are absent (an update keeps what the person has)
    faculty_id: int


# Writing ---------------------------------------------------------------------------------------------------------

# Values of these field types go to the database driver as they are, on SQLite and PostgreSQL alike.
_PLAIN_FIELD_TYPES = frozenset(
    {
        "CharField",
        "TextField",
        "EmailField",
        "URLField",
        "SlugField",
        "BooleanField",
        "SmallIntegerField",
        "PositiveSmallIntegerField",
        "IntegerField",
        "PositiveIntegerField",
        "BigIntegerField",
        "ForeignKey",
    }
)


def insert_rows(model, objects: list) -> None:
    """`bulk_create` without its per-value SQL compilation, which costs more than the insert itself.

    One parameterised INSERT run with `executemany` for the whole list; only fields that need conversion
    (dates, JSON) go through the field's own preparation. Like `bulk_create`: no `save()`, no signals, and here
    no ids on the objects either.
    """
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    plain = [field.get_internal_type() in _PLAIN_FIELD_TYPES for field in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model, values as parameters
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        tuple(
            getattr(obj, field.attname) if is_plain else field.get_db_prep_save(field.pre_save(obj, True), connection)
            for field, is_plain in zip(fields, plain, strict=True)
        )
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# The import --------------------------------------------------------------------------------------------------


class AlumniImport:
    """One run over one file. `run()` validates every row and, when `commit`, writes all of them or none."""

    def __init__(
        self,
        source,
        *,
        filename: str = "",
        commit: bool = False,
        default_faculty: Faculty | int | str | None = None,
        allowed_faculty_ids: Collection[int] | None = None,
        user=None,
    ):
        self.source = source
        self.filename = filename or (Path(source).name if isinstance(source, str | Path) else "")
        self.commit = commit
        self.allowed_faculty_ids = None if allowed_faculty_ids is None else frozenset(allowed_faculty_ids)
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.lookups = _Lookups()
        self.default_faculty_id = self._resolve_default_faculty(default_faculty)
        self.result = ImportResult(filename=self.filename)
        self.seen_emails: dict[str, int] = {}
        self.error_row_numbers: set[int] = set()
        self.index_ids: list[int] = []
        self.unindex_ids: list[int] = []
        self.headers: dict[str, str] = {}  # field -> the file's own header for it
        self.positions: dict[str, int] = {}
        self.now = timezone.now()

    def _resolve_default_faculty(self, faculty) -> int | None:
        if faculty is None or faculty == "":
            return None
        if isinstance(faculty, Faculty):
            return self.lookups.faculty_id(faculty.short_name) or faculty.pk
        if isinstance(faculty, int):
            return faculty
        faculty_id = self.lookups.faculty_id(str(faculty))
        if faculty_id is None:
            raise ImportFileError(_("There is no faculty called %(name)s.") % {"name": faculty})
        return faculty_id

    # Errors

    def _error(self, row: int, column: str, reason: str) -> None:
        self.result.errors.append(RowError(row, column, str(reason)))
        self.error_row_numbers.add(row)

    def _header_of(self, field_name: str) -> str:
        return self.headers.get(field_name) or str(COLUMNS_BY_FIELD[field_name].label)

    # Run

    def run(self) -> ImportResult:
        stream, owned = _open_binary(self.source)
        try:
            if self.commit:
                with transaction.atomic():
                    self._process(stream)
                    if self.result.has_errors:
                        transaction.set_rollback(True)
                self.result.committed = not self.result.has_errors
                if self.result.committed:
                    self._update_search_index()
            else:
                self._process(stream)
        except ImportFileError as error:
            self.result.errors.append(RowError(1, "", str(error)))
            self.result.committed = False
        finally:
            if owned:
                stream.close()
        self.result.errors.sort(key=lambda error: error.row)
        self.result.error_rows = len(self.error_row_numbers)
        return self.result

    def _process(self, stream: IO[bytes]) -> None:
        rows = read_rows(stream, self.filename)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("The file is empty."))
        self.positions = self._map_header(header)
        batch: list[_ParsedRow] = []
        for number, cells in enumerate(rows, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            self.result.rows += 1
            parsed = self._parse(number, cells)
            if parsed is not None:
                batch.append(parsed)
            if len(batch) >= BATCH_SIZE:
                self._flush(batch)
                batch = []
        if batch:
            self._flush(batch)

    def _map_header(self, header: list[str]) -> dict[str, int]:
        positions: dict[str, int] = {}
        for position, title in enumerate(header):
            field_name = _HEADER_KEYS.get(_key(title))
            if field_name is None:
                continue
            if field_name in positions:
                raise ImportFileError(
                    _("Columns %(first)s and %(second)s both hold %(field)s.")
                    % {"first": self.headers[field_name], "second": title.strip(), "field": self._header_of(field_name)}
                )
            positions[field_name] = position
            self.headers[field_name] = title.strip()
        missing = [name for name in REQUIRED_FIELDS if name not in positions]
        if "faculty" not in positions and self.default_faculty_id is None:
            missing.append("faculty")
        if missing:
            raise ImportFileError(
                _("The file has no column for: %(columns)s.")
                % {"columns": ", ".join(self._header_of(name) for name in missing)}
            )
        self.result.columns = [self.headers[name] for name in positions]
        return positions

    def _parse(self, number: int, cells: list[str]) -> _ParsedRow | None:
        errors_before = len(self.result.errors)
        values: dict = {}
        faculty_id = self.default_faculty_id
        for field_name, position in self.positions.items():
            raw = cells[position].strip() if position < len(cells) else ""
            column = COLUMNS_BY_FIELD[field_name]
            header = self._header_of(field_name)
            if not raw:
                if field_name in REQUIRED_FIELDS or field_name == "faculty":
                    self._error(number, header, _("This field is required."))
                continue
            try:
                if column.kind == "faculty":
                    faculty_id = self.lookups.faculty_id(raw)
                    if faculty_id is None:
                        raise ValidationError(_("There is no faculty called %(name)s.") % {"name": raw})
                    continue
                if column.kind == "bool":
                    values[field_name] = _parse_bool(raw)
                    continue
                if column.kind == "email":
                    raw = raw.lower()
                elif column.kind == "cycle":
                    raw = self.lookups.cycles.get(_key(raw), raw)
                elif column.kind == "sector":
                    raw = self.lookups.sectors.get(_key(raw), raw)
                elif column.kind == "year" and raw.endswith(".0"):
                    raw = raw[:-2]
                values[field_name] = _clean_field(field_name, raw)
            except ValidationError as error:
                self._error(number, header, " ".join(str(message) for message in error.messages))
        if faculty_id is None:
            faculty_id = self.default_faculty_id
        if (
            faculty_id is not None
            and self.allowed_faculty_ids is not None
            and faculty_id not in self.allowed_faculty_ids
        ):
            self._error(number, self._header_of("faculty"), _("You may not import alumni of this faculty."))
        email = values.get("email")
        if email:
            first = self.seen_emails.get(email)
            if first is not None:
                self._error(number, self._header_of("email"), _("The same e-mail is on row %(row)s.") % {"row": first})
            else:
                self.seen_emails[email] = number
        if len(self.result.errors) > errors_before or faculty_id is None:
            return None
        return _ParsedRow(number, values, faculty_id)

    # Writing

    def _flush(self, batch: list[_ParsedRow]) -> None:
        existing = {
            row["email"]: row
            for row in Alumnus.objects.filter(email__in=[parsed.values["email"] for parsed in batch]).values(
                *_LOADED_FIELDS
            )
        }
        to_create: list[Alumnus] = []
        to_update: list[Alumnus] = []
        update_fields: set[str] = set()
        consent_log: list[tuple[Alumnus, str, bool]] = []
        was_listed: set[int] = set()
        for parsed in batch:
            current = existing.get(parsed.values["email"])
            if current is None:
                self._plan_create(parsed, to_create, consent_log)
                continue
            if self.allowed_faculty_ids is not None and current["faculty_id"] not in self.allowed_faculty_ids:
                self._error(
                    parsed.number, self._header_of("email"), _("This person belongs to a faculty you do not manage.")
                )
                continue
            changes = {name: value for name, value in parsed.values.items() if current[name] != value}
            # A file may record that someone withdrew a consent, never give one back: a consent an existing person
            # withdrew (on their profile, say) is theirs to give again, not a spreadsheet's.
            for field_name in CONSENT_FIELDS.values():
                if changes.get(field_name) is True:
                    del changes[field_name]
            if parsed.faculty_id != current["faculty_id"]:
                changes["faculty_id"] = parsed.faculty_id
            if not changes:
                self.result.unchanged += 1
                continue
            self.result.updated += 1
            self._sample(self.result.updated_sample, parsed, UPDATE, {**current, **changes}, changes)
            if not self._writing:
                continue
            person = Alumnus(**{**current, **changes})
            person.refresh_derived_fields()
            person.updated_at = self.now
            to_update.append(person)
            update_fields.update(changes)
            for purpose, field_name in CONSENT_FIELDS.items():
                if field_name in changes:
                    consent_log.append((person, purpose, changes[field_name]))
            if current["status"] == Alumnus.Status.APPROVED and current["consent_directory"]:
                was_listed.add(person.pk)
        if not self._writing:
            return
        if to_create:
            insert_rows(Alumnus, to_create)
            # The insert returns no ids on every database; the batch's e-mail addresses find them in one query.
            ids = dict(
                Alumnus.objects.filter(email__in=[person.email for person in to_create]).values_list("email", "pk")
            )
            for person in to_create:
                person.pk = ids[person.email]
        if to_update:
            fields = sorted(update_fields | {"sort_key", "folded_name", "updated_at"})
            Alumnus.objects.bulk_update(to_update, fields, batch_size=BATCH_SIZE)
        # The same record `alumni.consents.set_consent` keeps, written for the whole batch at once.
        insert_rows(
            Consent,
            [
                Consent(alumnus_id=person.pk, purpose=purpose, given=given, at=self.now, source=Consent.Source.IMPORT)
                for person, purpose, given in consent_log
            ],
        )
        for person in itertools.chain(to_create, to_update):
            if person.is_listed:
                self.index_ids.append(person.pk)
            elif person.pk in was_listed:
                self.unindex_ids.append(person.pk)

    @property
    def _writing(self) -> bool:
        return self.commit and not self.result.has_errors

    def _plan_create(self, parsed: _ParsedRow, to_create: list[Alumnus], consent_log: list) -> None:
        self.result.created += 1
        self._sample(self.result.created_sample, parsed, CREATE, parsed.values)
        if not self._writing:
            return
        person = Alumnus(
            faculty_id=parsed.faculty_id,
            status=Alumnus.Status.APPROVED,
            source=Alumnus.Source.IMPORT,
            decided_at=self.now,
            decided_by=self.user,
            **parsed.values,
        )
        person.refresh_derived_fields()
        to_create.append(person)
        for purpose, field_name in CONSENT_FIELDS.items():
            if field_name in parsed.values:
                consent_log.append((person, purpose, parsed.values[field_name]))

    def _sample(self, sample: list[RowSummary], parsed: _ParsedRow, action: str, values: dict, changes=()) -> None:
        if len(sample) >= SAMPLE_LIMIT:
            return
        labels = tuple(
            str(Alumnus._meta.get_field("faculty" if name == "faculty_id" else name).verbose_name) for name in changes
        )
        sample.append(
            RowSummary(
                row=parsed.number,
                action=action,
                email=values.get("email", ""),
                name=f"{values.get('first_name', '')} {values.get('last_name', '')}".strip(),
                faculty=self.lookups.faculty_short_names.get(parsed.faculty_id, ""),
                changes=labels,
            )
        )

    def _update_search_index(self) -> None:
        """Listed people go into every search backend in bulk; people who stopped being listed come out."""
        if not self.index_ids and not self.unindex_ids:
            return
        backends = [backend for _name, backend in get_search_backends_with_name(with_auto_update=True)]
        for start in range(0, len(self.index_ids), INDEX_BATCH_SIZE):
            people = list(Alumnus.get_indexed_objects().filter(pk__in=self.index_ids[start : start + INDEX_BATCH_SIZE]))
            for backend in backends:
                backend.add_bulk(Alumnus, people)
        for start in range(0, len(self.unindex_ids), INDEX_BATCH_SIZE):
            for person in Alumnus.objects.filter(pk__in=self.unindex_ids[start : start + INDEX_BATCH_SIZE]):
                index.remove_object(person)
        if len(self.index_ids) >= ANALYZE_AFTER_ROWS:
            # A large import changes the tables' shape at once; fresh statistics keep the directory's plans fast
            # without waiting for autovacuum (PostgreSQL) or a manual ANALYZE (SQLite).
            from django.db import connection
            from wagtail.search.models import IndexEntry

            with connection.cursor() as cursor:
                for table in (Alumnus._meta.db_table, IndexEntry._meta.db_table):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def import_alumni(source, **kwargs) -> ImportResult:
    """Validate (and with commit=True save) a CSV or XLSX file of alumni; see `AlumniImport`."""
    return AlumniImport(source, **kwargs).run()
