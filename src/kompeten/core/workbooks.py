"""Excel workbooks in and out. Writing: one sheet with a bold, frozen header row (``workbook_bytes``). Reading:
the first sheet of an uploaded workbook, whatever the upload turns out to be: a damaged, foreign or oversized
file is refused with a DomainError, never let out as openpyxl's own exception."""

import datetime
import io
import string
import zipfile

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from kompeten.core.errors import DomainError

MAX_UNPACKED_MB = 200  # an .xlsx is a zip: what it may unpack to

NOT_XLSX = _(
    "This file is not an Excel workbook (.xlsx). Save it from Excel or LibreOffice as .xlsx and upload it again."
)
UNPACKS_TOO_LARGE = _("The workbook unpacks to more than %(limit)s MB; split it into several smaller files.")
EMPTY_WORKBOOK = _("The workbook is empty: its first row must hold the column headers.")


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def sheet_rows(
    data: bytes, *, max_columns: int, max_rows: int, too_many_rows: str
) -> tuple[tuple, list[tuple[int, tuple]]]:
    """The header row of the active sheet (the first, when the active one is missing) and its other
    non-empty rows with their numbers as Excel shows them; ``too_many_rows`` (with ``%(max)s``) refuses a
    sheet with more than ``max_rows`` of them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        raise DomainError(NOT_XLSX) from error
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        raise DomainError(UNPACKS_TOO_LARGE % {"limit": MAX_UNPACKED_MB})
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not book.worksheets:
                raise DomainError(EMPTY_WORKBOOK)
            sheet = book.active if book.active in book.worksheets else book.worksheets[0]
            sheet.reset_dimensions()  # read the rows the sheet holds, whatever size it claims
            rows = sheet.iter_rows(max_col=max_columns, values_only=True)
            header = next(rows, None)
            found = []
            for number, row in enumerate(rows, start=2):
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
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
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
