"""Workbooks of several sheets (a synthesis, the dashboard), typed cells, no control characters (a spreadsheet
cannot hold them); the admin's downloads and the management command write the same bytes."""

from __future__ import annotations

import io
import re

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    return _CONTROL.sub(" ", value) if isinstance(value, str) else value


def workbook_bytes(sheets: list[tuple[str, list, list[list]]]) -> bytes:
    """An XLSX file of `sheets`: (title, header, rows) each. Text that looks like a formula stays text."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([str(label) for label in header])
        for row in rows:
            sheet.append([_typed(sheet, _cell(value)) for value in row])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _typed(sheet, value):
    """Text that starts with "=" is written as text, never as a formula."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx_response(filename: str, sheets) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
