"""One import run: read the file in batches, check every row, and (when committing) write all of it or nothing.

The file is read as a stream, in batches of `BATCH_SIZE` rows: each batch costs one query to find the people
already known by e-mail, and (when committing) one bulk insert of the new people (COPY on PostgreSQL), one query
for their ids, one bulk update and one bulk insert of the consent log. Rows go to the database as plain tuples
(`inserts`), never as model instances. What stays in memory for the whole file is a map of the e-mail addresses
seen (for duplicates), the errors, the ids to index, and a capped sample of the rows for the preview, so a
100,000-row file does not hold 100,000 people.

Each batch also writes the search index entries of the people it lists (and takes out those it no longer lists)
in the database backends, in bulk (`search_index`), so they commit with the rows. After the commit: the pages that
list people are invalidated, and the listed people are sent to any other backend (Elasticsearch).

A `progress` callable, when given, hears how far the run is after every batch: `progress(phase, done, total)`, with
the rows read while READING (total None: the file is a stream) and the people sent of those to send while
INDEXING; the admin's background job shows it.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backends_with_name

from alumni import name_search
from alumni.consents import CONSENT_FIELDS
from alumni.directory import counts as directory_counts
from alumni.importing.checks import Lookups, ParsedRow, RowChecks
from alumni.importing.columns import DATA_FIELDS
from alumni.importing.inserts import TableRows, update_rows
from alumni.importing.readers import open_binary, read_rows
from alumni.importing.results import CREATE, UPDATE, ImportFileError, ImportResult, RowError, RowSummary
from alumni.importing.search_index import bulk_index_writer, indexed_objects
from alumni.models import Alumnus, Consent
from home.models import Faculty
from home.page_cache import invalidate_on_commit, model_tag

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
INDEX_BATCH_SIZE = 2000
ANALYZE_AFTER_ROWS = 5000  # an import this large refreshes the planner statistics of the tables it filled
SQLITE_CACHE_KIB = 256 * 1024  # SQLite's page cache during an import: enough for 100,000 new people's pages
SAMPLE_LIMIT = 200  # rows of each kind kept for the preview; the counts cover the whole file
LOADED_FIELDS = ("id", "faculty_id", "status", *DATA_FIELDS)
DERIVED_FIELDS = ("sort_key", "folded_name")

# The phases a run reports to its `progress` callable.
READING, INDEXING, FINISHED = "reading", "indexing", "finished"


@contextmanager
def larger_sqlite_cache(connection):
    """SQLite's page cache raised to `SQLITE_CACHE_KIB` while the import writes: each new person goes into the
    people table's indexes at scattered places, and with the default 2 MB cache most of those pages are read and
    written again through the OS (100,000 rows: 29 s instead of 49 s). Memory only, for this connection, set back
    afterwards; durability is unchanged. It also keeps the transaction's pages in memory until the commit, so the
    job's page can still read the database meanwhile (a spill to the file would lock readers out)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def person_of(values: dict) -> Alumnus:
    """An Alumnus holding `values` as its fields, made without the model's __init__ (no defaults, no state): the
    model's own `refresh_derived_fields` and `is_listed` run on it, at a fraction of an instance's cost per row."""
    person = Alumnus.__new__(Alumnus)
    person.__dict__.update(values)
    return person


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
        progress: Callable[[str, int, int | None], None] | None = None,
    ):
        self.source = source
        self.filename = filename or (Path(source).name if isinstance(source, str | Path) else "")
        self.commit = commit
        self.allowed_faculty_ids = None if allowed_faculty_ids is None else frozenset(allowed_faculty_ids)
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.progress = progress
        self.lookups = Lookups()
        self.default_faculty_id = self._resolve_default_faculty(default_faculty)
        self.result = ImportResult(filename=self.filename)
        self.checks = RowChecks(self.result, self.lookups, self.default_faculty_id, self.allowed_faculty_ids)
        self.index_ids: list[int] = []
        self.unindex_ids: list[int] = []
        self.now = timezone.now()
        self._people: TableRows | None = None
        self._consents: TableRows | None = None
        self._decided_at = None
        self._backends: list[tuple] = []  # (search backend, its bulk writer or None)

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

    def _report(self, phase: str, done: int, total: int | None = None) -> None:
        if self.progress is not None:
            self.progress(phase, done, total)

    # Run

    def run(self) -> ImportResult:
        stream, owned = open_binary(self.source)
        try:
            if self.commit:
                with larger_sqlite_cache(connections[router.db_for_write(Alumnus)]), transaction.atomic():
                    self._process(stream)
                    if self.result.has_errors:
                        transaction.set_rollback(True)
                    else:
                        self._refresh_directory()
                self.result.committed = not self.result.has_errors
                if self.result.committed:
                    try:
                        self._after_commit()
                    except Exception:
                        # The rows are saved whatever happens here; `manage.py update_index` repairs the index.
                        logger.exception("The search index was not updated after importing %s", self.filename)
                        self.result.index_failed = True
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
        self._report(FINISHED, self.result.rows)
        return self.result

    def _process(self, stream: IO[bytes]) -> None:
        rows = read_rows(stream, self.filename)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("The file is empty."))
        self.checks.map_header(header)
        self._report(READING, 0)
        parse = self.checks.parse
        batch: list[ParsedRow] = []
        for number, cells in enumerate(rows, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            self.result.rows += 1
            parsed = parse(number, cells)
            if parsed is not None:
                batch.append(parsed)
            if len(batch) >= BATCH_SIZE:
                self._flush(batch)
                batch = []
                self._report(READING, self.result.rows)
        if batch:
            self._flush(batch)
        if self._writing:
            for _backend, writer in self._backends:
                if writer is not None:
                    writer.finish()
        self._report(READING, self.result.rows)

    # Writing

    @property
    def _writing(self) -> bool:
        return self.commit and not self.result.has_errors

    def _tables(self) -> tuple[TableRows, TableRows]:
        if self._people is None:
            self._people = TableRows(Alumnus, now=self.now)
            self._consents = TableRows(Consent, now=self.now)
            self._decided_at = self._people.prepare("decided_at", self.now)
            # The database backends' entries are written with each batch, in the import's transaction; the others
            # (Elasticsearch) are sent the listed people once it has committed.
            self._backends = [
                (backend, bulk_index_writer(backend, Alumnus))
                for _name, backend in get_search_backends_with_name(with_auto_update=True)
            ]
        return self._people, self._consents

    def _flush(self, batch: list[ParsedRow]) -> None:
        existing = {
            row["email"]: row
            for row in Alumnus.objects.filter(email__any_of=[parsed.values["email"] for parsed in batch]).values(
                *LOADED_FIELDS
            )
        }
        created: list[Alumnus] = []
        updated: list[Alumnus] = []
        update_fields: set[str] = set()
        consent_log: list[tuple[Alumnus, str, bool]] = []
        was_listed: set[int] = set()
        for parsed in batch:
            current = existing.get(parsed.values["email"])
            outside = (
                current is not None
                and self.allowed_faculty_ids is not None
                and current["faculty_id"] not in self.allowed_faculty_ids
            )
            if current is None or (outside and not self.commit):
                # A check tells an address of another faculty's person from an unknown one in nothing: both are new.
                self._plan_create(parsed, created, consent_log)
                continue
            if outside:
                # Writing it is refused; the message is the one for every address the user may not import.
                reason = _("This address cannot be imported by you: the alumni office can add it.")
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
            person = person_of({**current, **changes})
            person.refresh_derived_fields()
            updated.append(person)
            update_fields.update(changes)
            for purpose, field_name in CONSENT_FIELDS.items():
                if field_name in changes:
                    consent_log.append((person, purpose, changes[field_name]))
            if current["status"] == Alumnus.Status.APPROVED and current["consent_directory"]:
                was_listed.add(person.id)
        if not self._writing:
            return
        people, consents = self._tables()
        if created:
            people.insert([people.new(self._new_row(person)) for person in created])
            # The insert returns no ids on every database; the batch's e-mail addresses find them in one query.
            ids = dict(
                Alumnus.objects.filter(email__any_of=[person.email for person in created]).values_list("email", "pk")
            )
            for person in created:
                person.id = ids[person.email]
        if updated:
            self._update(people, updated, update_fields)
        # The same record `alumni.consents.set_consent` keeps, written for the whole batch at once.
        at = consents.prepare("at", self.now)
        source = Consent.Source.IMPORT.value
        consents.insert(
            [
                consents.new({"alumnus_id": person.id, "purpose": purpose, "given": given, "at": at, "source": source})
                for person, purpose, given in consent_log
            ]
        )
        listed = [person for person in (*created, *updated) if person.is_listed]
        unlisted = [person.id for person in updated if not person.is_listed and person.id in was_listed]
        self.index_ids.extend(person.id for person in listed)
        self.unindex_ids.extend(unlisted)
        for _backend, writer in self._backends:
            if writer is not None:
                writer.add(listed)
                writer.remove(unlisted)

    def _plan_create(self, parsed: ParsedRow, created: list[Alumnus], consent_log: list) -> None:
        self.result.created += 1
        self._sample(self.result.created_sample, parsed, CREATE, parsed.values)
        if not self._writing:
            return
        person = person_of(
            {"consent_directory": False, **parsed.values, "faculty_id": parsed.faculty_id, "status": "approved"}
        )
        person.refresh_derived_fields()
        created.append(person)
        for purpose, field_name in CONSENT_FIELDS.items():
            if field_name in parsed.values:
                consent_log.append((person, purpose, parsed.values[field_name]))

    def _new_row(self, person: Alumnus) -> dict:
        """The columns of a new person beyond the defaults: the file's values, the derived ones, the decision."""
        values = {name: person.__dict__[name] for name in person.__dict__ if name in self._people.position}
        values["status"] = Alumnus.Status.APPROVED.value
        values["source"] = Alumnus.Source.IMPORT.value
        values["decided_at"] = self._decided_at
        values["decided_by_id"] = self.user.pk if self.user else None
        return values

    def _update(self, people: TableRows, updated: list[Alumnus], update_fields: set[str]) -> None:
        attnames = sorted(update_fields | set(DERIVED_FIELDS))
        fields = [Alumnus._meta.get_field(name) for name in attnames]
        now = people.prepare("updated_at", self.now)
        rows = [
            [people.prepare(name, getattr(person, name)) for name in attnames] + [now, person.id] for person in updated
        ]
        update_rows(Alumnus, [field.column for field in fields] + [Alumnus._meta.get_field("updated_at").column], rows)

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

    def _refresh_directory(self) -> None:
        """The directory's counts and name words, in the import's transaction: rows written in bulk send no
        signals."""
        if self.result.created or self.result.updated:
            directory_counts.rebuild()
            name_search.refresh([*self.index_ids, *self.unindex_ids])

    # After the commit

    def _after_commit(self) -> None:
        """What a committed import changes beyond its own rows: the pages and indexes that show listed people."""
        if not self.index_ids and not self.unindex_ids:
            return
        # Rows written in bulk send no signals: the pages that list people go stale here.
        invalidate_on_commit({model_tag(Alumnus)})
        self._update_search_index()

    def _update_search_index(self) -> None:
        """The search backends not written with the rows (Elasticsearch): listed people go in, in bulk, and people
        who stopped being listed come out."""
        others = [backend for backend, writer in self._backends if writer is None]
        if others:
            self._report(INDEXING, 0, len(self.index_ids))
            for start in range(0, len(self.index_ids), INDEX_BATCH_SIZE):
                chunk = self.index_ids[start : start + INDEX_BATCH_SIZE]
                people = list(indexed_objects(Alumnus, chunk))
                for backend in others:
                    backend.add_bulk(Alumnus, people)
                self._report(INDEXING, start + len(chunk), len(self.index_ids))
            for person in Alumnus.objects.filter(pk__in=self.unindex_ids).iterator():
                for backend in others:
                    backend.delete(person)
        if len(self.index_ids) >= ANALYZE_AFTER_ROWS:
            # A large import changes the tables' shape at once; fresh statistics keep the directory's plans fast
            # without waiting for autovacuum (PostgreSQL) or a manual ANALYZE (SQLite).
            from wagtail.search.models import IndexEntry

            connection = connections[router.db_for_write(Alumnus)]
            with connection.cursor() as cursor:
                for table in (Alumnus._meta.db_table, IndexEntry._meta.db_table):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def import_alumni(source, **kwargs) -> ImportResult:
    """Validate (and with commit=True save) a CSV or XLSX file of alumni; see `AlumniImport`."""
    return AlumniImport(source, **kwargs).run()
