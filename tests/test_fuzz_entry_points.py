"""Every upload and import entry point, driven through its real view (or command) with generated input: the
answer is never a 500, always one of the codes the entry point is meant to give, and a refused input leaves
nothing half-written (no row, no audit event, no stored file).

Covered: the standards import (upload, preview, confirm), FR.APL.01 documents and FR.APL.02 evidence
(upload, then download), the surveillance logbook (upload, then download), the Excel import of certificates
issued before Kompeten, the FR.IA.05 question bank import, the LSP profile with its logo, the credential
check, public verification (page, API, lookup by number and name), complaints (new, tracking), the FR.IA.10
third-party link and ``kompeten restore``. ``kompeten parse`` is fuzzed in tests/standards/parsing/test_fuzz.py.

``make test`` runs the ``ci`` profile (tests/conftest.py), capped further below for the slow entry points;
``make fuzz`` the ``deep`` one. The database is rolled back per test function, not per example: each
example runs inside a savepoint rolled back at its end, and removes the files it stored.
"""

import base64
import datetime
import functools
import gzip
import io
import json
import re
import tarfile
import traceback
import zipfile
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from PIL import Image

from kompeten.assessments.models import Question
from kompeten.assessments.question_bank import HEADER as QUESTION_HEADER
from kompeten.cases.models import Case, CaseStatus, Evidence
from kompeten.certificates import credentials, legacy_import
from kompeten.certificates import services as certificate_services
from kompeten.certificates.models import Certificate, Complaint, SurveillanceLog
from kompeten.cli import main
from kompeten.core.import_jobs import WorkbookImport
from kompeten.core.models import AuditEvent, Counter, LspProfile
from kompeten.ops import backup
from kompeten.schemes.models import Scheme
from kompeten.standards.models import ImportJob, ImportStatus, Standard, Unit
from tests.case_fixtures import PDF
from tests.certificates.test_issuing import competent_case
from tests.standards.parsing import documents

# --- how many examples --------------------------------------------------------------------------------

PROFILE_EXAMPLES = hypothesis_settings.default.max_examples  # 60 under "ci", 10 000 under "deep"
DEEP = PROFILE_EXAMPLES >= 10_000


def fuzz(*, ci: int, deep: int = 10_000):
    """The profile's settings with this entry point's number of examples: the ``ci`` profile keeps the whole
    file well under a minute in ``make test``; ``deep`` (``make fuzz``) runs 10 000, fewer only where one
    example costs a parse or a workbook (said at the test)."""
    return hypothesis_settings(
        max_examples=min(PROFILE_EXAMPLES, deep if DEEP else ci),
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# --- one example, self-contained -----------------------------------------------------------------------


class Undo(Exception):
    """Raised at the end of an example to roll its savepoint back."""


class KnownCrash(Exception):
    """A 500 already reported (see KNOWN_CRASHES): the example ends there."""


class Known(NamedTuple):
    where: str  # the address (a regular expression), or "kompeten restore"
    kind: str = r".*"  # the exception's module.name
    message: str = r".*"
    raised_in: str = r".*"  # the file of the innermost frame


# 500s (and crashes) this file found, reported and not fixed yet (none now: those found are fixed, and their
# reproductions are the tests at the end of this file). An example meeting one ends quietly, so that the
# fuzzing goes on looking for others; each gets a reproduction at the end of this file marked
# xfail(strict=True), and once fixed both are removed.
KNOWN_CRASHES: dict[str, Known] = {}


def known_crash(where: str, error: Exception) -> bool:
    kind = f"{type(error).__module__}.{type(error).__qualname__}"
    frames = traceback.extract_tb(error.__traceback__)
    raised_in = frames[-1].filename if frames else ""
    return any(
        re.fullmatch(known.where, where)
        and re.fullmatch(known.kind, kind)
        and re.fullmatch(known.message, str(error), re.DOTALL)
        and re.fullmatch(known.raised_in, raised_in)
        for known in KNOWN_CRASHES.values()
    )


def isolated(media_root: Path, body) -> None:
    """Run ``body(new_files)`` in a savepoint rolled back afterwards, then remove the files it stored;
    ``new_files()`` are those stored so far."""
    before = stored_files(media_root)
    caches["local"].clear()  # LspProfile.current() and other per-process reads must not outlive the rollback
    mail.outbox = []
    try:
        with transaction.atomic():
            body(lambda: stored_files(media_root) - before)
            raise Undo
    except (Undo, KnownCrash):
        pass
    finally:
        for path in stored_files(media_root) - before:
            path.unlink()


def stored_files(media_root: Path) -> set[Path]:
    return {path for path in media_root.rglob("*") if path.is_file()} if media_root.exists() else set()


def signed_in(user=None, address: str = "127.0.0.1") -> Client:
    client = Client(REMOTE_ADDR=address)
    if user is not None:
        client.force_login(user)
    return client


def answered(client: Client, method: str, url: str, allowed: set[int], **kwargs):
    """The answer to the request; an exception the view let out (a 500) or an unexpected code fails."""
    try:
        response = getattr(client, method)(url, **kwargs)
    except Exception as error:  # the test client re-raises what the view raised: the visitor got a 500
        if known_crash(url.split("?")[0], error):
            raise KnownCrash from error
        raise AssertionError(f"500 from {method.upper()} {url!r}: {type(error).__name__}: {error}") from error
    assert response.status_code in allowed, (method, url, response.status_code)
    return response


def flashed(response) -> tuple[list[str], list[str]]:
    """The success and the error messages the request left for the next page."""
    queued = list(get_messages(response.wsgi_request)) if hasattr(response.wsgi_request, "_messages") else []
    return (
        [str(m) for m in queued if m.level == messages.SUCCESS],
        [str(m) for m in queued if m.level == messages.ERROR],
    )


def import_refusal(response) -> str:
    """Why an Excel upload was refused: at once (a flashed error), or by the background import it queued."""
    errors = flashed(response)[1]
    if errors or response.status_code != 302 or "/impor-excel/" not in response["Location"]:
        return errors[0] if errors else ""
    job = WorkbookImport.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    return job.error if job.status == "refused" else ""


def counts(*models) -> tuple[int, ...]:
    return tuple(model.objects.count() for model in models)


# --- request bodies built by hand, so that file names and fields can hold anything ---------------------

BOUNDARY = "kompeten-fuzz-b0undary-3f9c1e"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def _raw(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def multipart(fields: dict, file_field: str | None = None, file_name: str = "", data: bytes = b"") -> bytes:
    """A multipart body as a browser sends it (``"``, CR and LF of the file name percent-escaped); a file
    name that starts with ``*`` is sent in RFC 2231 form (``filename*=UTF-8''…``)."""
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + _raw(value)
            + b"\r\n"
        )
    if file_field is not None:
        if file_name.startswith("*"):
            disposition = b"filename*=UTF-8''" + quote(_raw(file_name[1:]), safe="").encode()
        else:
            escaped = file_name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
            disposition = b'filename="' + _raw(escaped) + b'"'
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; '.encode()
            + disposition
            + b"\r\nContent-Type: application/octet-stream\r\n\r\n"
            + data
            + b"\r\n"
        )
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def urlencoded(fields: dict) -> str:
    return "&".join(
        f"{quote(_raw(name), safe='')}={quote(_raw(value), safe='')}" for name, value in fields.items()
    )


# --- generated inputs ----------------------------------------------------------------------------------

NO_SURROGATES = st.characters(exclude_categories=("Cs",))
# text as typed, pasted or forged: any character, lone surrogates (sent as broken UTF-8) and NUL included
TEXT = st.one_of(
    st.text(max_size=60),
    st.text(NO_SURROGATES, min_size=200, max_size=3000),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            "{{ 7*7 }}",
            "%(name)s",
            "' OR 1=1 --",
            '=HYPERLINK("http://x")',
            "\u202eexe.pdf",
            "😀" * 50,
            "x" * 10_000,
            "\r\n\r\n",
        ]
    ),
)

MAGIC = [
    b"%PDF-",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    b"\xff\xd8\xff",
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    b"\x89PNG\r\n\x1a\n",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"PK\x03\x04",
    b"PK\x05\x06" + bytes(18),
    b"\x1f\x8b\x08",
    b"GIF89a",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"<html>",
    b"{\\rtf1",
    b"BM",
    b"RIFF\x00\x00\x00\x00WEBP",
]

FILE_NAMES = st.one_of(
    st.sampled_from(["dokumen.pdf", "foto.jpg", "bukti.png", "register.xlsx", "skkni.docx", "a.txt"]),
    st.text(max_size=40),
    st.text(NO_SURROGATES, min_size=250, max_size=600),
    st.lists(
        st.sampled_from(
            [
                "..",
                "/",
                "\\",
                "C:",
                "etc",
                "passwd",
                ".pdf",
                ".xlsx",
                "\x00",
                "&#10;",
                "&#13;",
                "&quot;",
                "&#0;",
                "%00",
                "\u202e",
                "ﬁ",
                "😀",
                "CON",
                " ",
                ".",
                "~",
                "*",
                ";",
                "\t",
            ]
        ),
        max_size=12,
    ).map("".join),
)

EDITS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2**31), st.integers(0, 255)), max_size=8)


def mutated(data: bytes, edits) -> bytes:
    buffer = bytearray(data)
    for kind, position, value in edits:
        if not buffer:
            break
        at = position % len(buffer)
        if kind == 0:
            buffer[at] = value
        elif kind == 1:
            del buffer[at : at + value % 64 + 1]
        else:
            buffer[at:at] = bytes([value]) * (value % 8 + 1)
    return bytes(buffer)


def truncated(data: bytes, cut: int) -> bytes:
    return data[: cut % (len(data) + 1)]


@functools.cache
def image(kind: str, size: int = 3) -> bytes:
    buffer = io.BytesIO()
    pixels = Image.new("RGB", (size, size))
    pixels.putdata([(i * 37 % 256, i * 91 % 256, i * 13 % 256) for i in range(size * size)])
    pixels.save(buffer, format=kind)
    return buffer.getvalue()


@functools.cache
def skkni_pdf() -> bytes:
    return documents.skkni_pdf()


@functools.cache
def skkni_docx() -> bytes:
    return documents.skkni_docx()


@functools.cache
def legacy_template() -> bytes:
    return legacy_import.template_workbook()


def a_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


SAMPLES = {
    "pdf": lambda: PDF,
    "skkni_pdf": skkni_pdf,
    "png": lambda: image("PNG"),
    "jpeg": lambda: image("JPEG"),
    "big_png": lambda: image("PNG", 40),
    "gif": lambda: image("GIF"),
    "xlsx": legacy_template,
    "docx": skkni_docx,
    "zip": a_zip,
    "text": lambda: documents.skkni_text().encode(),
}


def payloads(*samples: str, max_size: int = 2048):
    """Bytes of every sort: random, behind a real magic number, and real files (whole, cut or damaged)."""
    real = st.sampled_from(samples or sorted(SAMPLES)).map(lambda name: SAMPLES[name]())
    return st.one_of(
        st.binary(max_size=max_size),
        st.tuples(st.sampled_from(MAGIC), st.binary(max_size=max_size)).map(b"".join),
        st.builds(truncated, real, st.integers(0, 2**31)),
        st.builds(mutated, real, EDITS),
        real,
    )


ACCEPTED_MAGIC = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")  # what evidence and logbooks take


def evidence_accepted(data: bytes) -> bool:
    return bool(data) and data.startswith(ACCEPTED_MAGIC)


# --- the cast and their objects ------------------------------------------------------------------------

TODAY = datetime.date.today()


@pytest.fixture
def media_root(settings):
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def certificate(cast, scheme):
    """A certificate in force, issued 400 days ago: its first logbook is due."""
    issued = certificate_services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 1))
    Certificate.objects.filter(pk=issued.pk).update(
        issued_on=TODAY - datetime.timedelta(days=400),
        expires_on=TODAY + datetime.timedelta(days=3 * 365 - 400),
    )
    issued.refresh_from_db()
    return issued


@pytest.fixture
def unlimited(settings):
    """Verification without its per-address limit (set once per test: a setting changed in every example
    would stack one override on another)."""
    settings.KOMPETEN_VERIFY_RATE_LIMIT = 0


@pytest.fixture
def credential(certificate) -> str:
    return credentials.credential_jwt(actor=certificate.case.asesi, certificate=certificate)


@pytest.fixture
def open_self_assessment(draft):
    Case.objects.filter(pk=draft.pk).update(status=CaseStatus.VERIFIED)
    draft.refresh_from_db()
    return draft


# --- standards: upload, preview, confirm ---------------------------------------------------------------

IMPORT_KINDS = st.one_of(st.sampled_from(["auto", "skkni", "apl02", "scheme", "unit_listing"]), TEXT)


@fuzz(ci=25, deep=2_000)  # each example parses a document: 2 000 fit the deep run's 15 minutes
@given(
    data=st.one_of(
        payloads("text", "skkni_pdf", "docx", "pdf", "zip"), st.builds(mutated, st.just(b""), EDITS)
    ),
    name=FILE_NAMES,
    kind=IMPORT_KINDS,
)
@example(data=documents.skkni_text().encode(), name="skkni.txt", kind="auto")
@example(data=documents.skkni_text().encode(), name="a\x00b.txt", kind="auto")
@example(data=documents.skkni_text().encode().replace(b"Uji", b"Uji\x00"), name="nul.txt", kind="skkni")
def test_the_standards_import_answers_every_upload(cast, media_root, data, name, kind):
    def body(new_files):
        client = signed_in(cast.admin_lsp)
        before = counts(ImportJob, AuditEvent)
        response = answered(
            client,
            "post",
            reverse("standards:import_list"),
            {200, 302, 400},
            data=multipart({"kind": kind}, "document", name, data),
            content_type=MULTIPART,
        )
        if response.status_code != 302:  # refused: nothing stored
            assert counts(ImportJob, AuditEvent) == before
            assert not new_files()
            return
        job = ImportJob.objects.latest("pk")
        assert ImportJob.objects.count() == before[0] + 1 and job.size == len(data)
        assert [path.read_bytes() for path in new_files()] == [data]
        assert job.status in (ImportStatus.PARSED, ImportStatus.FAILED)
        detail = reverse("standards:import_detail", kwargs={"pk": job.pk})
        answered(client, "get", detail, {200})
        if job.status == ImportStatus.PARSED:
            written = counts(Standard, Unit, Scheme)
            confirm = reverse("standards:import_confirm", kwargs={"pk": job.pk})
            answered(client, "post", confirm, {302})
            job.refresh_from_db()
            assert job.status in (ImportStatus.PARSED, ImportStatus.IMPORTED)
            if job.status == ImportStatus.PARSED:  # refused: nothing written
                assert counts(Standard, Unit, Scheme) == written
            answered(client, "get", detail, {200})
            answered(client, "get", reverse("standards:import_list"), {200})

    isolated(media_root, body)


# --- cases: FR.APL.01 documents and FR.APL.02 evidence --------------------------------------------------

BIG_PDF = b"%PDF-" + bytes(5 * 1024 * 1024)


def stored_or_refused(response, model, before: tuple, data: bytes, new_files):
    """An upload ends in a success message and one new row (and one audit event) with one stored file
    holding exactly the bytes sent; or in an error message (or a 400/404) with nothing written at all.
    Returns the new row, or None."""
    success, errors = flashed(response)
    if not success:
        assert response.status_code != 302 or errors, "a refused upload says why"
        assert counts(model, AuditEvent) == before
        assert not new_files()
        return None
    assert evidence_accepted(data) and len(data) <= 5 * 1024 * 1024, "only a PDF, JPG or PNG is taken"
    assert counts(model, AuditEvent) == (before[0] + 1, before[1] + 1)
    assert [path.read_bytes() for path in new_files()] == [data]
    return model.objects.latest("pk")


@fuzz(ci=40, deep=3_000)  # each example renders the case page: 3 000 fit the deep run
@given(
    data=payloads("pdf", "png", "jpeg", "gif", "zip"),
    name=FILE_NAMES,
    requirement=st.one_of(st.none(), st.integers(-5, 2**70)),
)
@example(data=PDF, name="ijazah.pdf", requirement=None)
@example(data=BIG_PDF, name="besar.pdf", requirement=None)
@example(data=b"", name="kosong.pdf", requirement=None)
@example(data=PDF, name="a&#10;b.pdf", requirement=None)
@example(data=PDF, name="*a\nb.pdf", requirement=None)
@example(data=PDF, name="a\x00b.pdf", requirement=None)
def test_an_apl01_document_upload_is_stored_whole_or_refused_cleanly(
    applicant, draft, media_root, data, name, requirement
):
    real = draft.scheme.evidence.order_by("pk").first()
    required = set(draft.scheme.evidence.values_list("pk", flat=True))

    def body(new_files):
        client = signed_in(applicant)
        pk = real.pk if requirement is None else requirement
        url = f"/permohonan/{draft.pk}/dokumen/{pk}/"  # a negative pk matches no address: 404
        before = counts(Evidence, AuditEvent)
        response = answered(
            client,
            "post",
            url,
            {302, 400, 404},
            data=multipart({}, "file", name, data),
            content_type=MULTIPART,
        )
        evidence = stored_or_refused(response, Evidence, before, data, new_files)
        assert evidence is None or pk in required
        downloads(client, response, draft, evidence, data)

    isolated(media_root, body)


@fuzz(ci=40, deep=3_000)  # each example renders the FR.APL.02 page: 3 000 fit the deep run
@given(data=payloads("pdf", "png", "jpeg", "gif"), name=FILE_NAMES, note=TEXT)
@example(data=image("PNG"), name="foto.png", note="")
@example(data=PDF, name="&quot;&#13;&#10;x.pdf", note="")
def test_apl02_evidence_upload_is_stored_whole_or_refused_cleanly(
    applicant, open_self_assessment, media_root, data, name, note
):
    case = open_self_assessment

    def body(new_files):
        client = signed_in(applicant)
        before = counts(Evidence, AuditEvent)
        response = answered(
            client,
            "post",
            reverse("cases:apl02_evidence", kwargs={"pk": case.pk}),
            {302, 400},
            data=multipart({"note": note}, "file", name, data),
            content_type=MULTIPART,
        )
        downloads(
            client, response, case, stored_or_refused(response, Evidence, before, data, new_files), data
        )

    isolated(media_root, body)


def downloads(client, response, case, evidence, data: bytes) -> None:
    """The page the upload leads to shows (with the message naming the file), and a stored file comes back
    whole to its owner."""
    if response.status_code == 302:
        answered(client, "get", response["Location"], {200})
    if evidence is not None:
        url = reverse("cases:evidence_file", kwargs={"pk": case.pk, "evidence_pk": evidence.pk})
        assert b"".join(answered(client, "get", url, {200}).streaming_content) == data


# --- certificates: surveillance logbook ------------------------------------------------------------------


@fuzz(ci=40, deep=3_000)  # each example renders the case page: 3 000 fit the deep run
@given(data=payloads("pdf", "png", "jpeg", "gif"), name=FILE_NAMES, note=TEXT)
@example(data=PDF, name="logbook.pdf", note="Proyek 2025")
@example(data=PDF, name="a&#10;b.pdf", note="")
@example(data=PDF, name="*a\nb.pdf", note="")
@example(data=PDF, name="a\x00b.pdf", note="")
def test_a_logbook_upload_is_stored_whole_or_refused_cleanly(certificate, media_root, data, name, note):
    holder = certificate.case.asesi

    def body(new_files):
        client = signed_in(holder)
        before = counts(SurveillanceLog, AuditEvent)
        response = answered(
            client,
            "post",
            reverse("certificates:logbook_submit", kwargs={"pk": certificate.pk}),
            {302, 400},
            data=multipart({"note": note}, "file", name, data),
            content_type=MULTIPART,
        )
        log = stored_or_refused(response, SurveillanceLog, before, data, new_files)
        if response.status_code == 302:
            answered(client, "get", response["Location"], {200})
        if log is not None:  # the holder and the LSP download it whole
            url = reverse("certificates:logbook_file", kwargs={"log_pk": log.pk})
            assert b"".join(answered(client, "get", url, {200}).streaming_content) == data
            answered(signed_in(certificate.issued_by), "get", url, {200})
            answered(signed_in(certificate.issued_by), "get", f"/sertifikat/{certificate.pk}/", {200})

    isolated(media_root, body)


# --- certificates issued before Kompeten (Excel) ---------------------------------------------------------

LEGACY_HEADERS = [name for column in legacy_import.COLUMNS for name in (column.header, column.english)]
ESCAPES = ["_x0000_", "_x0001_", "_xD800_", "_x000A_", "_xFFFF_", "_x00"]
CELL = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(ESCAPES),
    st.sampled_from(
        [
            "=1+1",
            '=HYPERLINK("http://contoh")',
            "=A1/0",
            "#REF!",
            "aktif",
            "dicabut",
            "kedaluwarsa",
            "31-02-2024",
            "2024-13-01",
            "01-01-0000",
            "9999-12-31",
            "SKM/UJI/001/2026/00007/2025",
            "REG-2025-000042",
            "REG-2025-999999999999",
            "SKM/UJI/001/2026",
            "M.70MKT00.001.2 Riset; X Y",
            "CONTOH/0001/2024",
        ]
    ),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 1, 1)),
    st.datetimes(min_value=datetime.datetime(1900, 1, 1)),
    st.times(),
)


def cell_value(value):
    """What openpyxl will write: it refuses control characters (and XML cannot hold NUL)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def workbook(header: list, rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append([cell_value(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_legacy_row(n: int) -> list:
    return [
        f"LAMA/{n:04d}/2023",
        f"REG-LAMA-{n:04d}",
        "Budi Santoso",
        "SKM/LAMA/001",
        "Konsultan Pemasaran",
        TODAY - datetime.timedelta(days=365),
        TODAY + datetime.timedelta(days=2 * 365),
        "",
        "M.70MKT00.001.2 Melakukan Riset Pasar",
        "aktif",
    ]


LEGACY_WORKBOOKS = st.builds(
    workbook,
    st.one_of(
        st.just([column.header for column in legacy_import.COLUMNS]),
        st.lists(st.one_of(st.sampled_from(LEGACY_HEADERS), CELL), max_size=14),
        st.permutations([column.header for column in legacy_import.COLUMNS]),
    ),
    st.lists(
        st.one_of(
            st.lists(CELL, max_size=12),
            st.integers(1, 50).map(good_legacy_row),
            st.tuples(st.integers(1, 50), st.integers(0, 9), CELL).map(
                lambda t: [*good_legacy_row(t[0])[: t[1]], t[2], *good_legacy_row(t[0])[t[1] + 1 :]]
            ),
        ),
        max_size=8,
    ),
)


@fuzz(ci=30, deep=3_000)  # each example writes and reads a workbook: 3 000 fit the deep run
@given(
    data=st.one_of(
        LEGACY_WORKBOOKS,
        st.builds(mutated, LEGACY_WORKBOOKS, EDITS),
        st.builds(truncated, LEGACY_WORKBOOKS, st.integers(0, 2**31)),
        payloads("xlsx", "zip", "docx", "pdf"),
    ),
    name=FILE_NAMES,
)
@example(data=workbook([c.header for c in legacy_import.COLUMNS], [good_legacy_row(1)]), name="lama.xlsx")
@example(
    data=workbook(
        [c.header for c in legacy_import.COLUMNS],
        [[*good_legacy_row(1)[:2], "Budi _x0000_ Santoso", *good_legacy_row(1)[3:]]],
    ),
    name="nul.xlsx",
)
@example(
    data=workbook(
        [c.header for c in legacy_import.COLUMNS],
        [[*good_legacy_row(1)[:2], "Budi _xD800_ Santoso", *good_legacy_row(1)[3:]]],
    ),
    name="surrogate.xlsx",
)
def test_the_legacy_certificate_import_is_all_or_nothing(cast, media_root, data, name):
    def body(new_files):
        client = signed_in(cast.admin_lsp)
        before = counts(Certificate, AuditEvent)
        last = dict(Counter.objects.values_list("key", "last"))
        response = answered(
            client,
            "post",
            reverse("certificates:legacy_import"),
            {200, 302, 400},
            data=multipart({}, "file", name, data),
            content_type=MULTIPART,
        )
        assert not new_files()  # an ended import keeps its report, not the file
        events = AuditEvent.objects.filter(code="kompeten.certificate.imported")
        if response.status_code != 302 or import_refusal(response):  # refused: not one certificate or counter
            assert response.status_code == 400 or import_refusal(response), "a refused file says why"
            assert counts(Certificate) == before[:1] and not events.exists()
            assert dict(Counter.objects.values_list("key", "last")) == last
            return
        imported = Certificate.objects.filter(imported=True).order_by("pk")
        assert imported.count() == counts(Certificate)[0] - before[0] > 0
        assert events.count() == 1
        answered(client, "get", reverse("certificates:list"), {200})
        for item in imported[:3]:
            answered(client, "get", reverse("certificates:verify", kwargs={"token": item.token}), {200})
            answered(client, "get", reverse("certificates:detail", kwargs={"pk": item.pk}), {200})

    isolated(media_root, body)


# --- FR.IA.05 question bank (Excel) ----------------------------------------------------------------------


def question_workbooks(codes: list[str]):
    question_cell = st.one_of(CELL, st.sampled_from(codes), st.sampled_from(list("ABCDEabcde")))
    good = st.tuples(st.sampled_from(codes), st.text(min_size=1, max_size=20)).map(
        lambda t: [t[0], t[1], "Satu", "Dua", None, None, None, "B"]
    )
    return st.builds(
        workbook,
        st.one_of(
            st.just(QUESTION_HEADER), st.lists(st.one_of(st.sampled_from(QUESTION_HEADER), CELL), max_size=9)
        ),
        st.lists(st.one_of(good, st.lists(question_cell, max_size=10)), max_size=6),
    )


@fuzz(ci=30, deep=3_000)  # each example writes and reads a workbook: 3 000 fit the deep run
@given(data=st.data(), name=FILE_NAMES)
def test_the_question_bank_import_is_all_or_nothing(cast, scheme, media_root, data, name):
    unit = scheme.scheme_units.order_by("order").first().unit
    books = question_workbooks([unit.code, unit.code_printed or unit.code, "X.99"])
    content = data.draw(
        st.one_of(
            books,
            st.builds(mutated, books, EDITS),
            st.builds(truncated, books, st.integers(0, 2**31)),
            payloads("xlsx", "zip", "pdf"),
        ),
        label="file",
    )

    def body(new_files):
        client = signed_in(cast.manajer)
        url = reverse("assessments:question_bank", kwargs={"scheme_pk": scheme.pk})
        before = counts(Question, AuditEvent)
        before_imported = AuditEvent.objects.filter(code="kompeten.question_bank.imported").count()
        response = answered(
            client, "post", url, {302, 400}, data=multipart({}, "file", name, content), content_type=MULTIPART
        )
        assert not new_files()  # an ended import keeps its report, not the file
        refusal = import_refusal(response)
        after = counts(Question, AuditEvent)
        imported = AuditEvent.objects.filter(code="kompeten.question_bank.imported").count()
        if not refusal and response.status_code == 302:
            assert after[0] > before[0] and imported == before_imported + 1
            answered(client, "get", url, {200}, data={"format": "xlsx"})
        else:  # refused: not one question
            assert response.status_code == 400 or refusal, "a refused file says why"
            assert after[0] == before[0] and imported == before_imported
        answered(client, "get", url, {200})

    isolated(media_root, body)


# --- the LSP profile and its logo ------------------------------------------------------------------------


@fuzz(ci=30, deep=3_000)  # each example opens an image and renders two pages: 3 000 fit the deep run
@given(
    logo=st.one_of(st.none(), payloads("png", "jpeg", "gif", "big_png", "pdf")),
    name=FILE_NAMES,
    fields=st.fixed_dictionaries(
        {
            "name": st.one_of(st.just("LSP Uji"), TEXT),
            "bnsp_licence_number": TEXT,
            "licence_valid_until": st.one_of(st.dates().map(str), TEXT),
            "address": TEXT,
            "phone": TEXT,
            "email": st.one_of(st.emails(), TEXT),
            "website": st.one_of(st.just("lsp.contoh.id"), TEXT),
            "head_name": TEXT,
            "head_title": TEXT,
        },
        optional={"logo-clear": st.just("on")},
    ),
)
@example(logo=image("PNG"), name="logo.png", fields={"name": "LSP Uji"})
@example(logo=image("PNG"), name="a\x00b.png", fields={"name": "LSP Uji"})
@example(logo=image("PNG"), name="*a\nb.png", fields={"name": "LSP Uji"})
def test_the_lsp_profile_saves_whole_or_not_at_all(cast, media_root, logo, name, fields):
    def body(new_files):
        client = signed_in(cast.admin_lsp)
        before = counts(LspProfile, AuditEvent)
        response = answered(
            client,
            "post",
            reverse("core:lsp_profile_edit"),
            {200, 302, 400},
            data=multipart(fields, None if logo is None else "logo", name, logo or b""),
            content_type=MULTIPART,
        )
        if response.status_code != 302:  # refused: the profile as it was, no logo stored
            assert counts(LspProfile, AuditEvent) == before
            assert not new_files()
            return
        assert len(new_files()) <= 1
        assert counts(AuditEvent) == (before[1] + 1,)
        caches["local"].clear()
        answered(signed_in(), "get", reverse("core:lsp_logo"), {200, 404})
        answered(signed_in(), "get", reverse("schemes:landing"), {200})
        answered(client, "get", reverse("core:lsp_profile_edit"), {200})

    isolated(media_root, body)


# --- the credential check (a pasted VC-JWT) --------------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str):
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def forged_tokens(real: str):
    """Pasted text: anything, the real credential damaged, or re-assembled from forged parts."""
    header, payload, signature = real.split(".")
    headers = st.fixed_dictionaries(
        {
            "alg": st.sampled_from(["RS256", "HS256", "none", "ES256", "", "PS256"]),
            "kid": st.sampled_from([unb64url(header)["kid"], "x", "", "../../etc"]),
        },
        optional={"typ": st.text(max_size=5), "crit": JSON_VALUES, "jwk": JSON_VALUES},
    )
    return st.one_of(
        TEXT,
        st.builds(mutated, st.just(real.encode()), EDITS).map(lambda raw: raw.decode("latin-1")),
        st.builds(
            lambda h, p, s: ".".join([b64url(json.dumps(h).encode()), b64url(json.dumps(p).encode()), s]),
            st.one_of(headers, JSON_VALUES),
            st.one_of(st.just(unb64url(payload)), JSON_VALUES),
            st.one_of(st.just(signature), st.just(""), st.text("ABCdef0123-_", max_size=60)),
        ),
        st.lists(st.sampled_from([header, payload, signature, ".", "=", "", "A", " "]), max_size=7).map(
            "".join
        ),
        st.just(real),
        st.just(f"  {real}\n"),
    )


@fuzz(ci=60, deep=5_000)  # each example verifies an RSA signature when the key matches
@given(data=st.data())
def test_the_credential_check_answers_every_paste(unlimited, certificate, credential, media_root, data):
    real = credential
    token = data.draw(forged_tokens(real), label="credential")

    def body(new_files):
        response = answered(
            signed_in(),
            "post",
            reverse("certificates:credential_check"),
            {200, 400},
            data=urlencoded({"credential": token}),
            content_type="application/x-www-form-urlencoded",
        )
        if token.strip() == real:
            assert response.status_code == 200 and certificate.number in response.content.decode()

    isolated(media_root, body)


# --- public verification: page, API, lookup by number and name --------------------------------------------

TOKENS = st.one_of(
    st.text(NO_SURROGATES, max_size=80).map(lambda text: quote(text.encode(), safe="")),
    st.text(NO_SURROGATES, max_size=80).map(lambda text: quote(text.encode(), safe="/")),
    st.binary(max_size=60).map(lambda raw: quote(raw, safe="")),
    st.text("abcdefABCDEF0123456789-_", min_size=1, max_size=5000),
    st.sampled_from(["%00", "a%00b", "..%2F..%2F", "%2e%2e", "%ED%A0%80", "%C0%AF", "%FF", "%25", "%"]),
)


@fuzz(ci=60)
@given(token=TOKENS, damage=EDITS, which=st.sampled_from(["verify", "verify_api"]))
@example(token="", damage=[], which="verify")  # the real token, undamaged
def test_verification_answers_every_token(unlimited, certificate, media_root, token, damage, which):
    prefix = "/api/verifikasi/" if which == "verify_api" else "/verifikasi/"
    if not token:  # the real token, possibly damaged
        token = quote(mutated(certificate.token.encode(), damage), safe="")

    def body(new_files):
        response = answered(signed_in(), "get", f"{prefix}{token}/", {200, 400, 404})
        if response["Content-Type"] == "application/json":  # not when the token took the path elsewhere
            assert response.json()["found"] is (response.status_code == 200)

    isolated(media_root, body)


@fuzz(ci=60)
@given(number=TEXT, name=TEXT, real=st.booleans())
@example(number="", name="", real=True)
def test_the_lookup_answers_every_number_and_name(unlimited, certificate, media_root, number, name, real):
    if real:
        number, name = certificate.number + number, certificate.holder_name + name

    def body(new_files):
        query = urlencoded({"number": number, "name": name})
        response = answered(
            signed_in(), "get", f"{reverse('certificates:lookup')}?{query}", {200, 302, 400, 404}
        )
        if response.status_code == 302:
            assert response["Location"] == reverse("certificates:verify", kwargs={"token": certificate.token})

    isolated(media_root, body)


# --- complaints and the other public links with a code -----------------------------------------------------

ADDRESSES = st.one_of(st.ip_addresses(v=4).map(str), st.ip_addresses(v=6).map(str))


@fuzz(ci=60, deep=5_000)  # each example renders two pages when received
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            "name": st.one_of(st.just("Siti"), TEXT),
            "email": st.one_of(st.just("siti@contoh.id"), st.emails(), TEXT),
            "subject": st.one_of(st.just("Asesmen"), TEXT),
            "description": st.one_of(st.just("Jadwal berubah."), TEXT),
        },
    ),
    as_candidate=st.booleans(),
    address=ADDRESSES,
)
@example(
    fields={"name": "Siti", "email": "siti@contoh.id", "subject": "Asesmen", "description": "Tidak adil."},
    as_candidate=False,
    address="10.0.0.1",
)
def test_a_complaint_is_received_whole_or_refused(cast, media_root, fields, as_candidate, address):
    def body(new_files):
        client = signed_in(cast.asesi if as_candidate else None, address)
        before = counts(Complaint, AuditEvent)
        response = answered(
            client,
            "post",
            reverse("certificates:complaint_new"),
            {200, 302, 400, 429},
            data=multipart(fields),
            content_type=MULTIPART,
        )
        if response.status_code != 302:
            assert counts(Complaint, AuditEvent) == before
            return
        assert counts(Complaint, AuditEvent) == (before[0] + 1, before[1] + 1)
        answered(client, "get", response["Location"], {200})
        answered(signed_in(cast.admin_lsp), "get", reverse("certificates:complaint_list"), {200})

    isolated(media_root, body)


@fuzz(ci=40)
@given(code=TOKENS, which=st.sampled_from(["/pengaduan/lacak/", "/pihak-ketiga/"]))
def test_tracking_and_third_party_links_answer_every_code(cast, media_root, code, which):
    def body(new_files):
        answered(signed_in(), "get", f"{which}{code}/", {200, 400, 404, 410})

    isolated(media_root, body)


# --- kompeten restore ------------------------------------------------------------------------------------


def tar_gz(members: list[tuple[str, bytes | None]]) -> bytes:
    """A gzipped tar of (name, content) members; content None is a directory."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in members:
            info = tarfile.TarInfo(name)
            if content is None:
                info.type = tarfile.DIRTYPE
                archive.addfile(info)
            else:
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


MANIFESTS = st.fixed_dictionaries(
    {},
    optional={
        "format": st.one_of(st.just(backup.FORMAT), JSON_VALUES),
        "format_version": st.one_of(st.just(backup.FORMAT_VERSION), JSON_VALUES),
        "migrations": st.one_of(
            st.just({"core": ["0001_initial"]}),
            st.dictionaries(
                st.sampled_from(["core", "cases", "x"]), st.lists(JSON_VALUES, max_size=3), max_size=3
            ),
            JSON_VALUES,
        ),
        "files": st.one_of(
            st.just({}), st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=2), JSON_VALUES
        ),
        "data": st.one_of(st.just({"sha256": "0" * 64}), JSON_VALUES),
        "objects": st.one_of(st.integers(), JSON_VALUES),
    },
)
ARCHIVES = st.one_of(
    st.binary(max_size=512),
    st.binary(max_size=512).map(gzip.compress),
    st.builds(
        lambda manifest, extra: tar_gz([(backup.MANIFEST, json.dumps(manifest).encode()), *extra]),
        MANIFESTS,
        st.lists(
            st.tuples(
                st.sampled_from([backup.DATA, "files/x", "files/../x", "/etc/x", backup.FIELD_KEY]),
                st.one_of(st.none(), st.binary(max_size=64)),
            ),
            max_size=3,
        ),
    ),
    st.builds(
        lambda manifest: tar_gz([(backup.MANIFEST, manifest)]),
        st.one_of(
            st.binary(max_size=200),
            st.integers(1, 200_000).map(lambda depth: b"[" * depth + b"]" * depth),
            st.just(b'{"format": "kompeten-backup", "format_version": 1'),
        ),
    ),
    st.just(tar_gz([(backup.MANIFEST, None)])),
    st.builds(mutated, st.just(tar_gz([(backup.MANIFEST, b"{}")])), EDITS),
)


@fuzz(ci=30, deep=10_000)
@given(archive=ARCHIVES)
def test_restore_refuses_every_damaged_archive_in_one_line(cast, tmp_path, capsys, media_root, archive):
    path = tmp_path / "cadangan.tar.gz"
    path.write_bytes(archive)

    def body(new_files):
        rows = backup.models_with_rows()
        capsys.readouterr()
        try:
            code = main(["restore", str(path)])
        except Exception as error:
            if known_crash("kompeten restore", error):
                raise KnownCrash from error
            raise AssertionError(f"kompeten restore crashed: {type(error).__name__}: {error}") from error
        err = capsys.readouterr().err
        assert code == 2 and err.startswith(f"kompeten restore: {path}: ") and err.count("\n") == 1, err
        assert backup.models_with_rows() == rows

    isolated(media_root, body)


# --- reproductions of the crashes found (KNOWN_CRASHES) ---------------------------------------------------


TITLED = documents.skkni_text().replace(
    "NOMOR 7 TAHUN 2024\n", "NOMOR 7 TAHUN 2024\nTENTANG\nPENETAPAN STANDAR KOMPETENSI KERJA NASIONAL UJI\n"
)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(documents.skkni_text(), id="no TENTANG title"),
        pytest.param(TITLED.replace("TAHUN 2024", "TAHUN 12345"), id="year 12345"),
        pytest.param(TITLED.replace("NOMOR 7 ", f"NOMOR {10**30} "), id="number 10^30"),
        pytest.param(
            TITLED.replace("C.10ABC00.001.1", "C.10ABC00.001.1" + "9" * 90), id="unit code 105 chars"
        ),
    ],
)
def test_confirming_an_skkni_read_with_impossible_facts_is_refused_not_a_500(cast, text):
    client = signed_in(cast.admin_lsp)
    client.raise_request_exception = False
    client.post(
        reverse("standards:import_list"),
        data=multipart({"kind": "auto"}, "document", "skkni.txt", text.encode()),
        content_type=MULTIPART,
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PARSED, job.error
    response = client.post(reverse("standards:import_confirm", kwargs={"pk": job.pk}))
    assert response.status_code == 302, response.status_code
    assert Standard.objects.count() == 0 and Unit.objects.count() == 0
    assert flashed(response)[1]
    job.refresh_from_db()
    assert job.status == ImportStatus.PARSED  # nothing lost: the document can be looked at or cancelled


def rezipped(data: bytes, name: str, change) -> bytes:
    """The workbook with one member's content changed."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.namelist():
            content = source.read(member)
            target.writestr(member, change(content) if member == name else content)
    return buffer.getvalue()


def needing_zip_version(data: bytes, version: int) -> bytes:
    """The archive with its first central directory entry asking for a newer zip version to extract it."""
    damaged = bytearray(data)
    entry = damaged.find(b"PK\x01\x02")
    damaged[entry + 6 : entry + 8] = version.to_bytes(2, "little")
    return bytes(damaged)


def with_broken_deflate(data: bytes, name: str) -> bytes:
    """The archive with the compressed data of one member starting with an invalid deflate block."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    damaged = bytearray(data)
    header = info.header_offset
    start = header + 30 + int.from_bytes(damaged[header + 26 : header + 28], "little")
    start += int.from_bytes(damaged[header + 28 : header + 30], "little")
    damaged[start : start + 4] = b"\xff\xff\xff\xff"
    return bytes(damaged)


QUESTION_BOOK = workbook(QUESTION_HEADER, [])


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(with_broken_deflate(QUESTION_BOOK, "xl/workbook.xml"), id="zlib.error"),
        pytest.param(needing_zip_version(QUESTION_BOOK, 89), id="NotImplementedError"),
        pytest.param(rezipped(QUESTION_BOOK, "xl/workbook.xml", lambda xml: xml[:-5]), id="XMLSyntaxError"),
        pytest.param(
            rezipped(
                QUESTION_BOOK, "xl/workbook.xml", lambda xml: xml.replace(b'activeTab="0"', b'activeTab="3"')
            ),
            id="AttributeError",
        ),
    ],
)
def test_the_question_bank_refuses_a_damaged_workbook_not_a_500(cast, scheme, data):
    client = signed_in(cast.manajer)
    client.raise_request_exception = False
    url = reverse("assessments:question_bank", kwargs={"scheme_pk": scheme.pk})
    response = client.post(url, data=multipart({}, "file", "soal.xlsx", data), content_type=MULTIPART)
    assert response.status_code == 302, response.status_code
    assert import_refusal(response) and Question.objects.count() == 0


def test_the_legacy_import_refuses_an_unsupported_zip_not_a_500(cast):
    client = signed_in(cast.admin_lsp)
    client.raise_request_exception = False
    data = needing_zip_version(workbook([c.header for c in legacy_import.COLUMNS], [good_legacy_row(1)]), 89)
    response = client.post(
        reverse("certificates:legacy_import"),
        data=multipart({}, "file", "lama.xlsx", data),
        content_type=MULTIPART,
    )
    assert response.status_code in (200, 302), response.status_code
    assert import_refusal(response) and Certificate.objects.count() == 0


def restore(tmp_path, manifest: bytes) -> int:
    path = tmp_path / "cadangan.tar.gz"
    path.write_bytes(tar_gz([(backup.MANIFEST, manifest)]))
    return main(["restore", str(path)])


def test_restore_refuses_a_deeply_nested_manifest_in_one_line(cast, tmp_path, capsys):
    assert restore(tmp_path, b"[" * 100_000 + b"]" * 100_000) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_restore_refuses_a_manifest_with_migration_names_not_strings(cast, tmp_path, capsys):
    manifest = {
        "format": backup.FORMAT,
        "format_version": backup.FORMAT_VERSION,
        "migrations": {"core": [["0001_initial"]]},
        "files": {},
        "data": {"sha256": "0" * 64},
        "objects": 0,
    }
    assert restore(tmp_path, json.dumps(manifest).encode()) == 2
    assert capsys.readouterr().err.count("\n") == 1
