"""Spreadsheet exports that cannot run formulas (CSV injection): every CSV cell that starts with =, +, -, @, a tab
or a carriage return is written with a leading apostrophe, which spreadsheets show as text. XLSX stays typed
(Wagtail already writes formula-looking text there as text).

Wagtail's `SpreadsheetExportMixin` writes the CSV of every admin listing and report (snippets, form submissions,
site history...). It has no switch for this, so `install()` wraps its CSV writer once, at start-up: one place for
every export, Wagtail's own reports included. Our own CSV writers call `csv_safe` directly.
"""

from functools import wraps

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A CSV cell value that a spreadsheet shows as text; anything but text passes unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def install() -> None:
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.write_csv_row
    if getattr(original, "csv_safe", False):
        return

    @wraps(original)
    def write_csv_row(self, writer, row_dict):
        row = {
            field: csv_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        }
        return writer.writerow(row)

    write_csv_row.csv_safe = True
    SpreadsheetExportMixin.write_csv_row = write_csv_row
