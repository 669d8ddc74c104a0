"""Excel workbooks in and out.

Writing: every workbook Kompeten writes goes through ``append_row`` (or ``workbook_bytes``), which writes
each text as a string cell, exactly as given: a name or phone number that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is never turned into a formula (openpyxl would write ``=...`` as one),
and is not prefixed with a quote either, so that ``+62...`` reaches BNSP as typed.

Reading: the first sheet of an uploaded workbook, whatever the upload turns out to be: a damaged, foreign,
oversized or crafted file (a zip bomb) is refused with a DomainError before openpyxl parses it, never let
out as openpyxl's own exception."""

import datetime
import io
import re
import string

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from kompeten.core import zipguard
from kompeten.core.errors import DomainError

# An .xlsx is a zip: what it may unpack to, how much one of its parts may be compressed (a real sheet is
# compressed some 5 to 20 times, a sheet of empty rows a thousand times) and how many parts it may hold.
MAX_UNPACKED_MB = 100
MAX_RATIO = 100
MAX_MEMBERS = 500
# Rows a sheet may hold, empty ones included, for each data row it may hold: blank rows between the data
# are fine, a sheet of a million empty rows is refused before it is read through.
ROWS_PER_DATA_ROW = 2
SPARE_ROWS = 1_000

NOT_XLSX = _(
    "This file is not an Excel workbook (.xlsx). Save it from Excel or LibreOffice as .xlsx and upload it again."
)
EMPTY_WORKBOOK = _("The workbook is empty: its first row must hold the column headers.")
TOO_MANY_SHEET_ROWS = _(
    "The sheet holds more than %(limit)s rows, empty ones included; delete the empty rows below the data "
    "or split it into several files."
)


def check_xlsx(data: bytes) -> None:
    """Refuse a file that is not a zip, or is a zip bomb, before anything parses it (see core.zipguard)."""
    try:
        zipguard.check_zip(
            data, max_total=MAX_UNPACKED_MB * zipguard.MB, max_ratio=MAX_RATIO, max_members=MAX_MEMBERS
        )
    except zipguard.ZipRefused as error:
        raise DomainError(NOT_XLSX if error.reason == "damaged" else error.message) from error


# XML 1.0 cannot hold these control characters at all (openpyxl refuses them); they are the only change
# a written text may undergo, so that an export never fails on a stray control character in a name.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_set(cell, value) -> None:
    """Give ``cell`` the value; a text is always a string cell, never a formula, and is not altered."""
    if isinstance(value, str):
        cell.value = _UNWRITABLE.sub("\ufffd", value)
        cell.data_type = "s"  # openpyxl made it "f" when it starts with "="
    else:
        cell.value = value


def append_row(sheet, values) -> None:
    """Write ``values`` as the sheet's next row, each through ``cell_set``."""
    number = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        cell_set(sheet.cell(row=number, column=column), value)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """A workbook as a download named ``filename``."""
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def workbook_bytes(title: str, columns: list[str], rows, widths: tuple[int, ...] = ()) -> bytes:
    """One sheet: a bold, frozen header row, then ``rows``; dates written dd-mm-yyyy as Indonesians read them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title
    append_row(sheet, columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD-MM-YYYY"
    for letter, width in zip(string.ascii_uppercase, widths, strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


PROGRESS_EVERY = 500  # rows


def sheet_rows(
    data: bytes, *, max_columns: int, max_rows: int, too_many_rows: str, progress=None
) -> tuple[tuple, list[tuple[int, tuple]]]:
    """The header row of the active sheet (the first, when the active one is missing) and its other
    non-empty rows with their numbers as Excel shows them; ``too_many_rows`` (with ``%(max)s``) refuses a
    sheet with more than ``max_rows`` of them. ``progress(fraction)``, when given, is told how much of the
    sheet has been read, every few hundred rows (and may stop the reading by raising a DomainError)."""
    check_xlsx(data)
    row_limit = max_rows * ROWS_PER_DATA_ROW + SPARE_ROWS
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not book.worksheets:
                raise DomainError(EMPTY_WORKBOOK)
            sheet = book.active if book.active in book.worksheets else book.worksheets[0]
            declared = sheet.max_row or 0
            if declared > row_limit:  # as the sheet declares it: refused before reading it
                raise DomainError(TOO_MANY_SHEET_ROWS % {"limit": row_limit})
            expected = max(declared, 1) if declared else row_limit
            sheet.reset_dimensions()  # read the rows the sheet holds, whatever size it claims
            rows = sheet.iter_rows(max_col=max_columns, values_only=True)
            header = next(rows, None)
            found = []
            for number, row in enumerate(rows, start=2):
                if number > row_limit:  # the sheet said less than it holds
                    raise DomainError(TOO_MANY_SHEET_ROWS % {"limit": row_limit})
                if progress is not None and number % PROGRESS_EVERY == 0:
                    progress(min(number / expected, 1.0) * 0.8)
                if all(blank(value) for value in row):
                    continue
                if len(found) == max_rows:
                    raise DomainError(too_many_rows % {"max": max_rows})
                found.append((number, row))
        finally:
            book.close()
    except DomainError:
        raise
    except (
        Exception
    ) as error:  # whatever a broken or foreign file makes openpyxl, zipfile, zlib or lxml raise
        raise DomainError(NOT_XLSX) from error
    if header is None or all(blank(value) for value in header):
        raise DomainError(EMPTY_WORKBOOK)
    return header, found
