"""Reading an alumni file as rows of text: CSV (comma, semicolon or tab; UTF-8 with or without BOM, UTF-16, or
the Windows-1250 Romanian Excel saves) or the first sheet of an XLSX workbook, streamed, never whole in memory."""

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from alumni.importing.results import ImportFileError
from home.text import normalize_cedillas


def open_binary(source) -> tuple[IO[bytes], bool]:
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
            # Each line is normalised before it is split: one pass over the text instead of one call per cell.
            lines = (_clean_text(line) for line in itertools.chain([first_line], text))
            yield from csv.reader(lines, delimiter=delimiter)
        except csv.Error as error:
            raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from error
    finally:
        text.detach()  # the caller owns the binary stream


# The letters `normalize_cedillas` replaces: a line without any of them (most lines) is left as it is.
_CEDILLA_LETTERS = tuple("şŞţŢ")


def _clean_text(text: str) -> str:
    """Cedillas as the comma-below letters, and no NUL characters (no database stores them in text)."""
    if any(letter in text for letter in _CEDILLA_LETTERS):
        text = normalize_cedillas(text)
    return text.replace("\x00", "") if "\x00" in text else text


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _clean_text(str(value))


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


def estimate_rows(stream: IO[bytes], filename: str = "") -> int | None:
    """The data rows of a file, roughly, for a progress bar: a CSV's lines less the header, or the size a workbook
    records for its first sheet; None when the file does not say. The stream is left at its start."""
    try:
        if _is_xlsx(stream, filename):
            import openpyxl

            workbook = openpyxl.load_workbook(stream, read_only=True)
            try:
                last_row = workbook.worksheets[0].max_row
            finally:
                workbook.close()
            return max(last_row - 1, 0) if last_row else None
        lines, last = 0, b""
        while chunk := stream.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
        if last and last != b"\n":
            lines += 1
        return max(lines - 1, 0)
    except (ImportFileError, zipfile.BadZipFile, KeyError, ValueError, IndexError, OSError, ElementTree.ParseError):
        return None
    finally:
        stream.seek(0)
