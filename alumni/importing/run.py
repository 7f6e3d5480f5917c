"""One import run: read the file in batches, check every row, and (when committing) write all of it or nothing.

The file is read as a stream, in batches of `BATCH_SIZE` rows: each batch costs one query to find the people
already known by e-mail, and (when committing) one bulk insert and one bulk update. What stays in memory for the
whole file is a map of the e-mail addresses seen (for duplicates), the errors, the ids to index, and a capped
sample of the rows for the preview, so a 100,000-row file does not hold 100,000 model instances.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.search import index
from wagtail.search.backends import get_search_backends_with_name

from alumni.consents import CONSENT_FIELDS
from alumni.importing.checks import Lookups, ParsedRow, RowChecks
from alumni.importing.columns import DATA_FIELDS
from alumni.importing.inserts import insert_rows
from alumni.importing.readers import open_binary, read_rows
from alumni.importing.results import CREATE, UPDATE, ImportFileError, ImportResult, RowError, RowSummary
from alumni.models import Alumnus, Consent
from home.models import Faculty
from home.page_cache import invalidate_on_commit, model_tag

if TYPE_CHECKING:
    from collections.abc import Collection

BATCH_SIZE = 1000
INDEX_BATCH_SIZE = 1000
ANALYZE_AFTER_ROWS = 5000  # an import this large refreshes the planner statistics of the tables it filled
SAMPLE_LIMIT = 200  # rows of each kind kept for the preview; the counts cover the whole file
LOADED_FIELDS = ("id", "faculty_id", "status", *DATA_FIELDS)


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
        self.lookups = Lookups()
        self.default_faculty_id = self._resolve_default_faculty(default_faculty)
        self.result = ImportResult(filename=self.filename)
        self.checks = RowChecks(self.result, self.lookups, self.default_faculty_id, self.allowed_faculty_ids)
        self.index_ids: list[int] = []
        self.unindex_ids: list[int] = []
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

    # Run

    def run(self) -> ImportResult:
        stream, owned = open_binary(self.source)
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
        self.result.error_rows = len(self.checks.error_row_numbers)
        return self.result

    def _process(self, stream: IO[bytes]) -> None:
        rows = read_rows(stream, self.filename)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("The file is empty."))
        self.checks.map_header(header)
        batch: list[ParsedRow] = []
        for number, cells in enumerate(rows, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            self.result.rows += 1
            parsed = self.checks.parse(number, cells)
            if parsed is not None:
                batch.append(parsed)
            if len(batch) >= BATCH_SIZE:
                self._flush(batch)
                batch = []
        if batch:
            self._flush(batch)

    # Writing

    def _flush(self, batch: list[ParsedRow]) -> None:
        existing = {
            row["email"]: row
            for row in Alumnus.objects.filter(email__in=[parsed.values["email"] for parsed in batch]).values(
                *LOADED_FIELDS
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
                reason = _("This person belongs to a faculty you do not manage.")
                self.checks.error(parsed.number, self.checks.header_of("email"), reason)
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

    def _plan_create(self, parsed: ParsedRow, to_create: list[Alumnus], consent_log: list) -> None:
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

    def _sample(self, sample: list[RowSummary], parsed: ParsedRow, action: str, values: dict, changes=()) -> None:
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
        # Rows written in bulk send no signals: the pages that list people go stale here.
        invalidate_on_commit({model_tag(Alumnus)})
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
