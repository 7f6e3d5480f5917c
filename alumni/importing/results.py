"""What an import reports: the counts, every error by row, column and reason, and a sample of the changes."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


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
    index_failed: bool = False  # committed, but the search index could not be brought up to date (logged)

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
