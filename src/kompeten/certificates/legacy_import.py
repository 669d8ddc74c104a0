"""Certificates the LSP issued before Kompeten, imported from its Excel register so that public verification
covers them too. One row per certificate under a header row; every row is checked before anything is saved,
and one problem anywhere imports nothing (all or nothing).

An imported certificate has no case and no sequence of Kompeten's counter (``imported=True``). Where its
number (or registration number) has the very form of the numbers Kompeten writes itself (the
``KOMPETEN_CERTIFICATE_NUMBER`` / ``KOMPETEN_REGISTRATION_NUMBER`` patterns), the counter of that year is
moved past it, so that Kompeten never draws that number again.
"""

import dataclasses
import datetime
import functools
import re
import string

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompeten.certificates import numbering
from kompeten.certificates.models import Certificate, CertificateStatus
from kompeten.core import counters, workbooks
from kompeten.core.audit import audit_log
from kompeten.core.errors import DomainError
from kompeten.core.formdata import too_large_message
from kompeten.core.services import require_perm
from kompeten.schemes.models import Scheme, SchemeStatus

MAX_ROWS = 10_000  # certificates in one file
MAX_COLUMNS = 60  # columns read of each row; a register has a dozen
MAX_PROBLEMS = 100  # problems listed; the rest are counted
CHUNK = 500  # values per IN (...) query
EXAMPLE_NUMBER = "CONTOH/0001/2024"  # the template's example row, refused if uploaded as it is
LONGEST_SEQUENCE = 2_000_000_000  # a counter is a PositiveIntegerField

NO_FILE = _("Choose the Excel file (.xlsx) to import.")
EMPTY_FILE = _("The file is empty.")
NO_ROWS = _("The workbook holds no certificate below its header row.")
TOO_MANY_ROWS = _(
    "The file holds more than %(max)s certificates; split it into files of at most %(max)s rows."
)
MISSING_COLUMN = _("The column %(column)s is missing from the header row.")
DUPLICATE_COLUMN = _("The column %(column)s appears twice in the header row.")
ROW = _("Row %(row)s: %(problem)s")
MORE_PROBLEMS = _("… and %(n)s more problems.")
REFUSED = _("Nothing was imported. Correct the problems listed below and upload the file again.")
EMPTY_CELL = _("“%(column)s” is empty.")
TOO_LONG = _("“%(column)s” is longer than %(max)s characters.")
NOT_A_DATE = _(
    "“%(column)s” (%(value)s) is not a date; write it as dd-mm-yyyy or yyyy-mm-dd, or use a date cell."
)
IN_THE_FUTURE = _("“%(column)s” (%(date)s) is in the future.")
EXPIRY_NOT_AFTER_ISSUE = _("“%(expires)s” (%(expires_on)s) is not after “%(issued)s” (%(issued_on)s).")
NO_SCHEME_TITLE = _("“%(column)s” is empty and no scheme with the code %(code)s is known to take it from.")
NO_EXPIRY = _(
    "“%(column)s” is empty and no scheme with the code %(code)s is known to count the validity from."
)
UNKNOWN_STATUS = _("The status “%(value)s” is unknown; write aktif, dibekukan or dicabut, or leave it empty.")
EXPIRED_BUT_VALID = _("The status says expired, but the certificate is valid until %(date)s.")
DUPLICATE_IN_FILE = _("“%(column)s” %(value)s is also in row %(other)s.")
ALREADY_EXISTS = _("“%(column)s” %(value)s already belongs to a certificate in Kompeten.")
EXAMPLE_ROW = _("This is the template's example; replace it with a certificate of yours.")
CHANGED_MEANWHILE = _(
    "Another certificate with one of these numbers was recorded meanwhile; nothing was imported. Upload the "
    "file again."
)


@dataclasses.dataclass(frozen=True)
class Column:
    field: str
    header: str  # as the template writes it
    english: str
    aliases: tuple[str, ...] = ()
    required: bool = False  # the column must be there (its cells may still have a default)
    max_length: int | None = None


COLUMNS = (
    Column(
        "number",
        "Nomor Sertifikat",
        "Certificate Number",
        ("No Sertifikat", "No. Sertifikat", "Certificate No"),
        True,
        200,
    ),
    Column(
        "registration_number",
        "Nomor Registrasi",
        "Registration Number",
        ("No Registrasi", "No. Reg", "No Reg", "Registration No"),
        True,
        200,
    ),
    Column(
        "holder_name",
        "Nama Pemegang",
        "Holder Name",
        ("Nama", "Nama Pemegang Sertifikat", "Holder", "Name"),
        True,
        200,
    ),
    Column("scheme_code", "Kode Skema", "Scheme Code", ("Nomor Skema", "Scheme Number"), True, 100),
    Column("scheme_title", "Judul Skema", "Scheme Title", ("Nama Skema", "Skema", "Scheme"), True, 300),
    Column(
        "issued_on",
        "Tanggal Terbit",
        "Issued On",
        ("Tanggal Diterbitkan", "Tgl Terbit", "Issue Date", "Date of Issue"),
        True,
    ),
    Column(
        "expires_on",
        "Berlaku Sampai",
        "Valid Until",
        ("Berlaku Hingga", "Masa Berlaku", "Expires On", "Expiry Date"),
    ),
    Column("blanko_number", "Nomor Blanko", "Blanko Number", ("No Blanko", "No. Blanko"), max_length=100),
    Column("units", "Unit", "Units", ("Unit Kompetensi", "Units of Competency")),
    Column("status", "Status", "Status"),
)
BY_FIELD = {column.field: column for column in COLUMNS}


def _key(header) -> str:
    """A header as compared: case, spaces and punctuation aside (``No. Sertifikat`` = ``no_sertifikat``)."""
    return re.sub(r"[\W_]+", "", str(header or "").casefold())


HEADER_KEYS = {
    _key(name): column for column in COLUMNS for name in (column.header, column.english, *column.aliases)
}
STATUSES = {
    "aktif": CertificateStatus.ACTIVE,
    "berlaku": CertificateStatus.ACTIVE,
    "active": CertificateStatus.ACTIVE,
    "dibekukan": CertificateStatus.SUSPENDED,
    "suspended": CertificateStatus.SUSPENDED,
    "dicabut": CertificateStatus.WITHDRAWN,
    "withdrawn": CertificateStatus.WITHDRAWN,
    "kedaluwarsa": CertificateStatus.EXPIRED,
    "kadaluwarsa": CertificateStatus.EXPIRED,
    "kadaluarsa": CertificateStatus.EXPIRED,
    "expired": CertificateStatus.EXPIRED,
}
DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?")
UNIT_CODE = re.compile(r"[A-Z0-9]+(?:\.[A-Z0-9]+)+")


class ImportRefused(DomainError):
    """The file is refused; ``problems`` says what to correct, row by row (the message only sums it up)."""

    def __init__(self, problems: list[str]):
        shown = [str(problem) for problem in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            shown.append(str(MORE_PROBLEMS % {"n": len(problems) - MAX_PROBLEMS}))
        super().__init__(REFUSED)
        self.problems = shown

    def __str__(self) -> str:
        return "\n".join([str(self.message), *self.problems])


# --- reading the workbook -----------------------------------------------------------------------------


def _upload_bytes(upload) -> bytes:
    """The upload's content, refused when missing, empty or larger than the import limit."""
    if upload is None:
        raise DomainError(NO_FILE)
    limit_mb = settings.KOMPETEN_IMPORT_MAX_MB
    limit = limit_mb * 1024 * 1024
    size = getattr(upload, "size", None) or 0
    data = b"" if size > limit else upload.read(limit + 1)  # one byte more shows the file is too large
    if size > limit or len(data) > limit:
        size = max(size, len(data))
        raise DomainError(too_large_message(size, limit_mb))
    if not data:
        raise DomainError(EMPTY_FILE)
    return data


def _text(value) -> str:
    """A cell as text: numbers without a trailing ``.0``, dates as yyyy-mm-dd, spacing collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    return " ".join(str(value).split())


def _date(value) -> datetime.date | None:
    """A date cell, or text written dd-mm-yyyy or yyyy-mm-dd (also with / or .); None if it is neither."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    parts = None
    if match := DAY_FIRST.fullmatch(text):
        day, month, year = match.groups()
        parts = (year, month, day)
    elif match := YEAR_FIRST.fullmatch(text):
        parts = match.groups()
    if parts is None:
        return None
    try:
        return datetime.date(*(int(part) for part in parts))
    except ValueError:
        return None


def _units(text: str) -> list[dict]:
    """``CODE Title; CODE Title`` (or one per line) as [{"code", "title"}]; an item without a code keeps its
    text as the title."""
    units = []
    for item in re.split(r"[;\n]", text):
        item = " ".join(item.split())
        if not item:
            continue
        code, _space, title = item.partition(" ")
        if not (UNIT_CODE.fullmatch(code) and any(char.isdigit() for char in code)):
            code, title = "", item
        units.append({"code": code, "title": title.strip(" -:\N{EN DASH}\N{EM DASH}")})
    return units


def _columns(header: tuple) -> tuple[dict[int, Column], dict[str, str]]:
    """Which column of the sheet holds which field, and each field's header as the file writes it."""
    where, named, problems = {}, {}, []
    for index, value in enumerate(header):
        column = HEADER_KEYS.get(_key(value))
        if column is None:
            continue  # a column Kompeten does not read (a running number, remarks …)
        if column.field in named:
            problems.append(DUPLICATE_COLUMN % {"column": f"“{_text(value)}”"})
            continue
        where[index] = column
        named[column.field] = _text(value)
    for column in COLUMNS:
        if column.required and column.field not in named:
            problems.append(MISSING_COLUMN % {"column": f"“{column.header}” ({column.english})"})
    if problems:
        raise ImportRefused(problems)
    return where, named


# --- checking the rows --------------------------------------------------------------------------------


@dataclasses.dataclass
class Row:
    number: int  # as Excel shows it
    certificate: Certificate
    problems: list[str]


def _schemes(codes: set[str]) -> dict[str, Scheme]:
    """The scheme of each code: its active version, else its newest."""
    found: dict[str, Scheme] = {}
    codes = sorted(codes)
    for start in range(0, len(codes), CHUNK):
        for scheme in Scheme.objects.filter(code__in=codes[start : start + CHUNK]).order_by(
            "code", "-version"
        ):
            current = found.get(scheme.code)
            if current is None or (
                scheme.status == SchemeStatus.ACTIVE and current.status != SchemeStatus.ACTIVE
            ):
                found[scheme.code] = scheme
    return found


def _label(named: dict[str, str], field: str) -> str:
    """The column as the file's header names it, else as the template does."""
    return named.get(field) or BY_FIELD[field].header


def _row(number: int, values: dict, named: dict[str, str], schemes: dict[str, Scheme], actor, today) -> Row:
    problems = []

    def text(field: str, required: bool = False) -> str:
        value = _text(values.get(field))
        if required and not value:
            problems.append(EMPTY_CELL % {"column": _label(named, field)})
        longest = BY_FIELD[field].max_length
        if longest and len(value) > longest:
            problems.append(TOO_LONG % {"column": _label(named, field), "max": longest})
        return value

    def date(field: str) -> datetime.date | None:
        value = values.get(field)
        if _text(value) == "":
            return None
        day = _date(value)
        if day is None:
            problems.append(NOT_A_DATE % {"column": _label(named, field), "value": _text(value)})
        return day

    certificate_number = text("number", required=True)
    registration = text("registration_number", required=True)
    holder = text("holder_name", required=True)
    code = text("scheme_code", required=True)
    scheme = schemes.get(code)
    title = text("scheme_title")
    if not title and scheme is not None:
        title = scheme.title
    elif not title:
        problems.append(
            NO_SCHEME_TITLE % {"column": _label(named, "scheme_title"), "code": code}
            if code
            else EMPTY_CELL % {"column": _label(named, "scheme_title")}
        )
    issued_on = date("issued_on")
    if issued_on is None and _text(values.get("issued_on")) == "":
        problems.append(EMPTY_CELL % {"column": _label(named, "issued_on")})
    expires_on = date("expires_on")
    if _text(values.get("expires_on")) == "":
        if scheme is not None and issued_on is not None:
            expires_on = numbering.years_later(issued_on, scheme.validity_years)
        elif scheme is None and code:
            problems.append(NO_EXPIRY % {"column": _label(named, "expires_on"), "code": code})
    if issued_on is not None and issued_on > today:
        problems.append(
            IN_THE_FUTURE % {"column": _label(named, "issued_on"), "date": f"{issued_on:%d-%m-%Y}"}
        )
    if issued_on is not None and expires_on is not None and expires_on <= issued_on:
        problems.append(
            EXPIRY_NOT_AFTER_ISSUE
            % {
                "expires": _label(named, "expires_on"),
                "expires_on": f"{expires_on:%d-%m-%Y}",
                "issued": _label(named, "issued_on"),
                "issued_on": f"{issued_on:%d-%m-%Y}",
            }
        )
    written_status = _text(values.get("status"))
    status = STATUSES.get(written_status.casefold()) if written_status else CertificateStatus.ACTIVE
    if status is None:
        problems.append(UNKNOWN_STATUS % {"value": written_status})
    elif expires_on is not None and expires_on < today:
        if status in (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED):
            status = CertificateStatus.EXPIRED  # as the daily job would have it
    elif status == CertificateStatus.EXPIRED and expires_on is not None:
        problems.append(EXPIRED_BUT_VALID % {"date": f"{expires_on:%d-%m-%Y}"})
    if certificate_number == EXAMPLE_NUMBER:
        problems.append(EXAMPLE_ROW)
    certificate = Certificate(
        case=None,
        imported=True,
        number=certificate_number,
        registration_number=registration,
        sequence_key="",
        sequence=None,
        holder_name=holder,
        scheme_code=code,
        scheme_title=title,
        units=_units(text("units")),
        issued_on=issued_on or today,
        expires_on=expires_on or today,
        status=status or CertificateStatus.ACTIVE,
        blanko_number=text("blanko_number"),
        issued_by=actor,
    )
    return Row(number=number, certificate=certificate, problems=problems)


UNIQUE_FIELDS = ("number", "registration_number", "blanko_number")


def _duplicates_in_file(rows: list[Row], named: dict[str, str]) -> None:
    for field in UNIQUE_FIELDS:
        first: dict[str, int] = {}
        for row in rows:
            value = getattr(row.certificate, field)
            if not value:
                continue
            if value in first:
                row.problems.append(
                    DUPLICATE_IN_FILE
                    % {
                        "column": _label(named, field),
                        "value": value,
                        "other": first[value],
                    }
                )
            else:
                first[value] = row.number


def _existing(field: str, values: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), CHUNK):
        found.update(
            Certificate.objects.filter(**{f"{field}__in": values[start : start + CHUNK]}).values_list(
                field, flat=True
            )
        )
    return found


def _duplicates_in_database(rows: list[Row], named: dict[str, str]) -> None:
    for field in UNIQUE_FIELDS:
        values = sorted({getattr(row.certificate, field) for row in rows} - {""})
        existing = _existing(field, values)
        for row in rows:
            value = getattr(row.certificate, field)
            if value in existing:
                row.problems.append(ALREADY_EXISTS % {"column": _label(named, field), "value": value})


# --- Kompeten's own numbering -------------------------------------------------------------------------

_FIELD_PATTERNS = {"seq": r"\d+", "year": r"\d{4}", "scheme_code": r".+"}


@functools.cache  # the two patterns of the settings, asked for every row
def _number_form(pattern: str) -> re.Pattern | None:
    """A regular expression matching every number ``pattern`` writes, or None for a pattern without {seq}."""
    parts, seen = [], set()
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError:
        return None
    for literal, field, _spec, _conversion in parsed:
        parts.append(re.escape(literal))
        if field is None:
            continue
        if field not in _FIELD_PATTERNS:
            return None
        parts.append(f"(?P={field})" if field in seen else f"(?P<{field}>{_FIELD_PATTERNS[field]})")
        seen.add(field)
    return re.compile("".join(parts), re.DOTALL) if "seq" in seen else None


def kompeten_sequence(value: str, pattern: str, *, this_year: int) -> tuple[str, int] | None:
    """(counter key, sequence) if Kompeten itself could write ``value`` with ``pattern``, else None.

    The number must come out exactly the same when written back (``00012``, not ``12``, for ``{seq:05d}``);
    a pattern without {year} would write it again in any year, so it is held against this year's counter."""
    form = _number_form(pattern)
    match = form.fullmatch(value) if form else None
    if match is None:
        return None
    fields = match.groupdict()
    seq, year = int(fields["seq"]), int(fields.get("year") or this_year)
    try:
        again = numbering.written(pattern, seq=seq, year=year, scheme_code=fields.get("scheme_code", ""))
    except (ValueError, KeyError, IndexError):
        return None
    if again != value or not 0 < seq <= LONGEST_SEQUENCE:
        return None
    return str(year), seq


def _kompeten_sequences(rows: list[Row], today: datetime.date) -> dict[str, int]:
    """The highest sequence per year among the imported numbers written in Kompeten's own form."""
    highest: dict[str, int] = {}
    for row in rows:
        for value, pattern in (
            (row.certificate.number, settings.KOMPETEN_CERTIFICATE_NUMBER),
            (row.certificate.registration_number, settings.KOMPETEN_REGISTRATION_NUMBER),
        ):
            found = kompeten_sequence(value, pattern, this_year=today.year)
            if found is not None:
                key, seq = found
                highest[key] = max(highest.get(key, 0), seq)
    return highest


def _counters_past(highest: dict[str, int]) -> dict[str, int]:
    """Lock each year's counter (so that no certificate is issued meanwhile) and move it past the imported
    numbers; returns the counters moved, with their new value."""
    moved = {}
    for key in sorted(highest):
        if counters.raise_to(numbering.counter_key(key), highest[key]):
            moved[key] = highest[key]
    return moved


# --- the service --------------------------------------------------------------------------------------


def legacy_certificates_import(*, actor, upload, progress=None) -> int:
    """Import the certificates of an Excel register (see the module's doc); returns how many.

    Raises ImportRefused with every problem by row, or DomainError when the file itself is unusable. Run by
    the background worker (see core.import_jobs): ``progress(fraction)`` is told how far it is, and is
    called with 1.0 inside the transaction that writes, last, where it may still stop the import."""
    require_perm(actor, "certificates.issue_certificate")
    data = _upload_bytes(upload)
    header, found = workbooks.sheet_rows(
        data, max_columns=MAX_COLUMNS, max_rows=MAX_ROWS, too_many_rows=TOO_MANY_ROWS, progress=progress
    )
    where, named = _columns(header)
    records = []
    for number, cells in found:
        values = {column.field: cells[index] for index, column in where.items() if index < len(cells)}
        if any(_text(value) for value in values.values()):
            records.append((number, values))
    if not records:
        raise DomainError(NO_ROWS)
    today = timezone.localdate()
    schemes = _schemes({_text(values.get("scheme_code")) for _number, values in records} - {""})
    rows = [_row(number, values, named, schemes, actor, today) for number, values in records]
    if progress is not None:
        progress(0.9)
    _duplicates_in_file(rows, named)
    with transaction.atomic():
        moved = _counters_past(_kompeten_sequences(rows, today))  # first: nothing is issued meanwhile
        _duplicates_in_database(rows, named)
        problems = [ROW % {"row": row.number, "problem": problem} for row in rows for problem in row.problems]
        if problems:
            raise ImportRefused(problems)  # rolls the counters back too
        if progress is not None:
            progress(1.0)
        try:
            with transaction.atomic():
                Certificate.objects.bulk_create([row.certificate for row in rows], batch_size=CHUNK)
        except IntegrityError as error:
            raise DomainError(CHANGED_MEANWHILE) from error
        audit_log(
            actor=actor,
            code="kompeten.certificate.imported",
            data={"count": len(rows), "file": str(getattr(upload, "name", ""))[:255], "counters": moved},
        )
    return len(rows)


# --- the template ---------------------------------------------------------------------------------------


def template_workbook() -> bytes:
    """The header row with one example row, to fill in and upload."""
    example = {
        "number": EXAMPLE_NUMBER,
        "registration_number": "REG-LAMA-2024-0001",
        "holder_name": "Nama Pemegang Contoh",
        "scheme_code": "SKM/CONTOH/001",
        "scheme_title": "Konsultan Pemasaran",
        "issued_on": datetime.date(2024, 3, 15),
        "expires_on": datetime.date(2027, 3, 15),
        "blanko_number": "",
        "units": "M.70MKT00.001.2 Melakukan Riset Pasar; M.70MKT00.002.2 Menyusun Rencana Pemasaran",
        "status": "aktif",
    }
    return workbooks.workbook_bytes(
        "Sertifikat",
        [column.header for column in COLUMNS],
        [[example[column.field] for column in COLUMNS]],
        widths=(24, 22, 28, 20, 32, 15, 15, 16, 60, 12),
    )
