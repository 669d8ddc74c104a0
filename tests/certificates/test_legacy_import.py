"""Certificates the LSP issued before Kompeten, imported from Excel: all rows or none, verifiable like any
other, and Kompeten's own numbering kept clear of them."""

import datetime
import io

import pdfplumber
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from kompeten.certificates import legacy_import, lifecycle, numbering, services
from kompeten.certificates.legacy_import import ImportRefused, legacy_certificates_import
from kompeten.certificates.models import Certificate, CertificateStatus
from kompeten.core import counters, workbooks
from kompeten.core.errors import DomainError
from kompeten.core.formdata import too_large_message
from kompeten.core.import_jobs import WorkbookImport
from kompeten.core.models import AuditEvent, Counter, Notification
from kompeten.reports.exports import REGISTER_COLUMNS
from tests.certificates.test_issuing import competent_case
from tests.reports.test_exports import rows as sheet_rows

HEADER = [
    "Nomor Sertifikat",
    "Nomor Registrasi",
    "Nama Pemegang",
    "Kode Skema",
    "Judul Skema",
    "Tanggal Terbit",
    "Berlaku Sampai",
    "Nomor Blanko",
    "Unit",
    "Status",
]
TODAY = timezone.localdate()
A_YEAR_AGO = TODAY - datetime.timedelta(days=365)
IN_TWO_YEARS = TODAY + datetime.timedelta(days=730)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "register-lama.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def good_row(n: int = 1, **changes) -> list:
    row = {
        "number": f"LSP-LAMA/{n:04d}/2023",
        "registration": f"MKT 0000 {n:04d} 2023",
        "holder": f"Pemegang Lama {n}",
        "code": "SKM/LAMA/001",
        "title": "Pemasar Digital",
        "issued": A_YEAR_AGO,
        "expires": IN_TWO_YEARS,
        "blanko": f"B-{n:07d}",
        "units": "",
        "status": "",
    }
    row.update(changes)
    return list(row.values())


def import_rows(cast, rows, header=HEADER) -> int:
    return legacy_certificates_import(actor=cast.admin_lsp, upload=upload(xlsx(rows, header)))


def refused(cast, rows=None, *, data: bytes | None = None, header=HEADER) -> list[str]:
    """The problems of a refused file; nothing is imported and nothing is logged."""
    with pytest.raises(ImportRefused) as error:
        legacy_certificates_import(
            actor=cast.admin_lsp, upload=upload(data if data is not None else xlsx(rows, header))
        )
    assert not Certificate.objects.filter(imported=True).exists()
    assert not AuditEvent.objects.filter(code="kompeten.certificate.imported").exists()
    return error.value.problems


def unusable(cast, data: bytes, name: str = "register-lama.xlsx") -> str:
    """The one message of a file that cannot be read at all."""
    with pytest.raises(DomainError) as error:
        legacy_certificates_import(actor=cast.admin_lsp, upload=upload(data, name))
    assert not isinstance(error.value, ImportRefused)
    assert not Certificate.objects.exists()
    return str(error.value)


def row_problem(row: int, problem) -> str:
    return str(legacy_import.ROW % {"row": row, "problem": problem})


@pytest.fixture
def imported(cast, scheme):
    """Four certificates: date cells and text dates, a default title and expiry from a scheme in Kompeten,
    units, and each status."""
    rows = [
        good_row(
            1,
            units="M.70MKT00.001.2 Melakukan Riset Pasar; M.70MKT00.002.2 - Menyusun Rencana Pemasaran",
            status="aktif",
        ),
        good_row(
            2,
            code=scheme.code,
            title="",
            issued=A_YEAR_AGO.strftime("%d-%m-%Y"),
            expires="",
            blanko="",
            status="Dibekukan",
        ),
        good_row(3, issued="2015-06-01", expires="01/06/2018", status="DICABUT"),
        good_row(4, issued=datetime.datetime(2016, 2, 3), expires="2019-02-03", status=""),
    ]
    assert import_rows(cast, rows) == 4
    return {c.number: c for c in Certificate.objects.filter(imported=True)}


def test_it_imports_every_row_with_its_fields(cast, scheme, imported):
    first = imported["LSP-LAMA/0001/2023"]
    assert (first.case, first.sequence, first.sequence_key, first.imported) == (None, None, "", True)
    assert first.registration_number == "MKT 0000 0001 2023" and first.holder_name == "Pemegang Lama 1"
    assert (first.scheme_code, first.scheme_title) == ("SKM/LAMA/001", "Pemasar Digital")
    assert (first.issued_on, first.expires_on) == (A_YEAR_AGO, IN_TWO_YEARS)
    assert first.blanko_number == "B-0000001" and first.issued_by == cast.admin_lsp
    assert first.units == [
        {"code": "M.70MKT00.001.2", "title": "Melakukan Riset Pasar"},
        {"code": "M.70MKT00.002.2", "title": "Menyusun Rencana Pemasaran"},
    ]
    assert first.status == CertificateStatus.ACTIVE and len(first.token) >= 32
    assert len({c.token for c in imported.values()}) == 4

    from_scheme = imported["LSP-LAMA/0002/2023"]
    assert from_scheme.scheme_title == scheme.title and from_scheme.issued_on == A_YEAR_AGO
    assert from_scheme.expires_on == numbering.years_later(A_YEAR_AGO, scheme.validity_years)
    assert from_scheme.status == CertificateStatus.SUSPENDED and from_scheme.units == []

    withdrawn = imported["LSP-LAMA/0003/2023"]
    assert (withdrawn.issued_on, withdrawn.expires_on) == (
        datetime.date(2015, 6, 1),
        datetime.date(2018, 6, 1),
    )
    assert withdrawn.status == CertificateStatus.WITHDRAWN  # withdrawn stays withdrawn past its validity
    past = imported["LSP-LAMA/0004/2023"]
    assert past.issued_on == datetime.date(2016, 2, 3) and past.status == CertificateStatus.EXPIRED

    (event,) = AuditEvent.objects.filter(code="kompeten.certificate.imported")
    assert event.actor == cast.admin_lsp
    assert event.data == {"count": 4, "file": "register-lama.xlsx", "counters": {}}


def test_headers_are_matched_whatever_their_case_spacing_or_language(cast):
    header = [
        "  CERTIFICATE number ",
        "registration_number",
        "Holder Name",
        "scheme code",
        "Scheme Title",
        "issued on",
        "Valid  Until",
        "Remarks",  # a column Kompeten does not read
    ]
    row = [*good_row(1)[:7], "dicetak ulang 2022"]
    assert import_rows(cast, [row], header=header) == 1
    certificate = Certificate.objects.get()
    assert certificate.number == "LSP-LAMA/0001/2023" and certificate.blanko_number == ""


def test_anyone_verifies_an_imported_certificate_like_any_other(client, imported):
    certificate = imported["LSP-LAMA/0001/2023"]
    page = client.get(reverse("certificates:verify", kwargs={"token": certificate.token}))
    assert page.status_code == 200
    text = page.content.decode()
    assert certificate.holder_name in text and certificate.number in text and "Pemasar Digital" in text
    data = client.get(reverse("certificates:verify_api", kwargs={"token": certificate.token})).json()
    assert data == {
        "found": True,
        "status": "active",
        "number": "LSP-LAMA/0001/2023",
        "registration_number": "MKT 0000 0001 2023",
        "holder": "Pemegang Lama 1",
        "scheme": {"code": "SKM/LAMA/001", "title": "Pemasar Digital"},
        "issued_on": A_YEAR_AGO.isoformat(),
        "expires_on": IN_TWO_YEARS.isoformat(),
    }
    suspended = imported["LSP-LAMA/0002/2023"]
    api = client.get(reverse("certificates:verify_api", kwargs={"token": suspended.token})).json()
    assert api["status"] == "suspended"
    found = client.get(
        reverse("certificates:lookup"), {"number": certificate.number, "name": "pemegang  lama 1"}
    )
    assert found.status_code == 302 and found["Location"].endswith(f"/verifikasi/{certificate.token}/")


def test_the_register_export_includes_imported_certificates(client, cast, imported):
    client.force_login(cast.admin_lsp)
    header, *records = sheet_rows(client.get(reverse("certificates:register_export")))
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in records}
    assert list(header) == REGISTER_COLUMNS and len(by_number) == 4
    record = by_number["LSP-LAMA/0001/2023"]
    assert record["nama"] == "Pemegang Lama 1" and record["status"] == "active"
    assert record["tanggal_terbit"] == A_YEAR_AGO.isoformat() and record["no_blanko"] == "B-0000001"
    assert by_number["LSP-LAMA/0004/2023"]["status"] == "expired"


def test_the_list_and_detail_pages_show_an_imported_certificate(client, cast, imported):
    certificate = imported["LSP-LAMA/0002/2023"]
    client.force_login(cast.admin_lsp)
    listing = client.get(reverse("certificates:list")).content.decode()
    assert certificate.number in listing and reverse("certificates:legacy_import") in listing
    page = client.get(reverse("certificates:detail", kwargs={"pk": certificate.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="imported"' in text and certificate.holder_name in text
    assert 'id="surveillance"' not in text  # no holder account, no logbook
    assert reverse("certificates:pdf", kwargs={"pk": certificate.pk}) in text


def test_the_pdf_of_an_imported_certificate_renders_as_a_copy(client, cast, imported):
    certificate = imported["LSP-LAMA/0001/2023"]
    client.force_login(cast.admin_lsp)
    response = client.get(reverse("certificates:pdf", kwargs={"pk": certificate.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(b"".join(response.streaming_content))) as pdf:
        front, back = (page.extract_text() for page in pdf.pages)
    assert "SERTIFIKAT KOMPETENSI" in front and certificate.holder_name in front
    assert certificate.number in front and "sebelum Kompeten" in " ".join(front.split())
    assert "Melakukan Riset Pasar" in back
    certificate.refresh_from_db()
    assert not certificate.pdf  # rendered when asked, not stored
    without_units = imported["LSP-LAMA/0002/2023"]
    response = client.get(reverse("certificates:pdf", kwargs={"pk": without_units.pk}))
    with pdfplumber.open(io.BytesIO(b"".join(response.streaming_content))) as pdf:
        assert len(pdf.pages) == 1


def test_the_lsp_suspends_and_withdraws_an_imported_certificate_without_telling_anyone(
    client, cast, imported
):
    certificate = imported["LSP-LAMA/0001/2023"]
    client.force_login(cast.admin_lsp)
    response = client.post(
        reverse("certificates:status", kwargs={"pk": certificate.pk}),
        {"action": "suspend", "reason": "Aduan pemalsuan"},
    )
    assert response.status_code == 302
    lifecycle.certificate_change_status(
        actor=cast.manajer, certificate=certificate, action="withdraw", reason="Terbukti palsu"
    )
    api = client.get(reverse("certificates:verify_api", kwargs={"token": certificate.token})).json()
    assert api["status"] == "withdrawn" and not Notification.objects.exists()


def test_surveillance_and_recertification_are_refused_not_broken_for_an_imported_certificate(
    client, cast, imported, settings
):
    certificate = imported["LSP-LAMA/0001/2023"]
    for user in (cast.admin_lsp, cast.asesi):
        client.force_login(user)
        for name in ("recertification", "logbook_submit"):
            response = client.post(reverse(f"certificates:{name}", kwargs={"pk": certificate.pk}))
            assert response.status_code == 403
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=TODAY + datetime.timedelta(days=settings.KOMPETEN_EXPIRY_REMINDER_DAYS - 1)
    )
    result = lifecycle.certificates_daily(today=TODAY)
    assert result["reminded"] == 0 and result["surveillance_warned"] == 0


def test_a_problem_in_one_row_imports_nothing_and_every_problem_is_listed_by_row(cast):
    problems = refused(
        cast,
        [
            good_row(1),
            good_row(2, holder="", issued="31-02-2023"),
            good_row(3),
            good_row(4, expires=A_YEAR_AGO - datetime.timedelta(days=1)),
        ],
    )
    assert problems == [
        row_problem(3, legacy_import.EMPTY_CELL % {"column": "Nama Pemegang"}),
        row_problem(3, legacy_import.NOT_A_DATE % {"column": "Tanggal Terbit", "value": "31-02-2023"}),
        row_problem(
            5,
            legacy_import.EXPIRY_NOT_AFTER_ISSUE
            % {
                "expires": "Berlaku Sampai",
                "expires_on": f"{A_YEAR_AGO - datetime.timedelta(days=1):%d-%m-%Y}",
                "issued": "Tanggal Terbit",
                "issued_on": f"{A_YEAR_AGO:%d-%m-%Y}",
            },
        ),
    ]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"number": " "}, legacy_import.EMPTY_CELL % {"column": "Nomor Sertifikat"}),
        ({"registration": None}, legacy_import.EMPTY_CELL % {"column": "Nomor Registrasi"}),
        ({"code": ""}, legacy_import.EMPTY_CELL % {"column": "Kode Skema"}),
        ({"issued": ""}, legacy_import.EMPTY_CELL % {"column": "Tanggal Terbit"}),
        (
            {"issued": "kemarin"},
            legacy_import.NOT_A_DATE % {"column": "Tanggal Terbit", "value": "kemarin"},
        ),
        (
            {"expires": "2026-13-01"},
            legacy_import.NOT_A_DATE % {"column": "Berlaku Sampai", "value": "2026-13-01"},
        ),
        (
            {"expires": A_YEAR_AGO},
            legacy_import.EXPIRY_NOT_AFTER_ISSUE
            % {
                "expires": "Berlaku Sampai",
                "expires_on": f"{A_YEAR_AGO:%d-%m-%Y}",
                "issued": "Tanggal Terbit",
                "issued_on": f"{A_YEAR_AGO:%d-%m-%Y}",
            },
        ),
        (
            {"issued": TODAY + datetime.timedelta(days=1)},
            legacy_import.IN_THE_FUTURE
            % {"column": "Tanggal Terbit", "date": f"{TODAY + datetime.timedelta(days=1):%d-%m-%Y}"},
        ),
        (
            {"title": ""},
            legacy_import.NO_SCHEME_TITLE % {"column": "Judul Skema", "code": "SKM/LAMA/001"},
        ),
        (
            {"expires": ""},
            legacy_import.NO_EXPIRY % {"column": "Berlaku Sampai", "code": "SKM/LAMA/001"},
        ),
        ({"status": "hilang"}, legacy_import.UNKNOWN_STATUS % {"value": "hilang"}),
        (
            {"status": "kedaluwarsa"},
            legacy_import.EXPIRED_BUT_VALID % {"date": f"{IN_TWO_YEARS:%d-%m-%Y}"},
        ),
        (
            {"holder": "N" * 201},
            legacy_import.TOO_LONG % {"column": "Nama Pemegang", "max": 200},
        ),
        ({"number": legacy_import.EXAMPLE_NUMBER}, legacy_import.EXAMPLE_ROW),
    ],
)
def test_a_bad_cell_is_named_with_its_row(cast, changes, problem):
    assert refused(cast, [good_row(1), good_row(2, **changes)]) == [row_problem(3, problem)]


def test_a_number_twice_in_the_file_is_refused(cast):
    problems = refused(
        cast,
        [
            good_row(1),
            good_row(2, number="LSP-LAMA/0001/2023"),
            good_row(3, registration="MKT 0000 0001 2023", blanko="B-0000001"),
        ],
    )
    assert problems == [
        row_problem(
            3,
            legacy_import.DUPLICATE_IN_FILE
            % {"column": "Nomor Sertifikat", "value": "LSP-LAMA/0001/2023", "other": 2},
        ),
        row_problem(
            4,
            legacy_import.DUPLICATE_IN_FILE
            % {"column": "Nomor Registrasi", "value": "MKT 0000 0001 2023", "other": 2},
        ),
        row_problem(
            4, legacy_import.DUPLICATE_IN_FILE % {"column": "Nomor Blanko", "value": "B-0000001", "other": 2}
        ),
    ]


def test_numbers_already_in_kompeten_are_refused(cast, scheme):
    issued = services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 1))
    lifecycle.certificate_blanko_set(actor=cast.admin_lsp, certificate=issued, blanko_number="B-0000003")
    problems = refused(
        cast,
        [
            good_row(1, number=issued.number),
            good_row(2, registration=issued.registration_number),
            good_row(3),
        ],
    )
    assert problems == [
        row_problem(2, legacy_import.ALREADY_EXISTS % {"column": "Nomor Sertifikat", "value": issued.number}),
        row_problem(
            3,
            legacy_import.ALREADY_EXISTS
            % {"column": "Nomor Registrasi", "value": issued.registration_number},
        ),
        row_problem(4, legacy_import.ALREADY_EXISTS % {"column": "Nomor Blanko", "value": "B-0000003"}),
    ]
    assert Certificate.objects.count() == 1


def test_an_import_cannot_be_imported_twice(cast):
    assert import_rows(cast, [good_row(1)]) == 1
    with pytest.raises(ImportRefused) as error:
        import_rows(cast, [good_row(1)])
    assert row_problem(
        2, legacy_import.ALREADY_EXISTS % {"column": "Nomor Sertifikat", "value": "LSP-LAMA/0001/2023"}
    ) in str(error.value)
    assert Certificate.objects.count() == 1


def test_missing_and_repeated_columns_are_named(cast):
    header = ["Nomor Sertifikat", "Nama", "Nama Pemegang", "Kode Skema", "Tanggal Terbit"]
    problems = refused(cast, [["X/1", "A", "A", "S", A_YEAR_AGO]], header=header)
    assert problems == [
        str(legacy_import.DUPLICATE_COLUMN % {"column": "“Nama Pemegang”"}),
        str(legacy_import.MISSING_COLUMN % {"column": "“Nomor Registrasi” (Registration Number)"}),
        str(legacy_import.MISSING_COLUMN % {"column": "“Judul Skema” (Scheme Title)"}),
    ]


def test_too_many_rows_are_refused(cast, monkeypatch):
    monkeypatch.setattr(legacy_import, "MAX_ROWS", 2)
    assert import_rows(cast, [good_row(1), [], good_row(2)]) == 2  # an empty row is left aside
    with pytest.raises(DomainError) as error:
        import_rows(cast, [good_row(n) for n in range(3, 6)])
    assert str(error.value) == str(legacy_import.TOO_MANY_ROWS % {"max": 2})
    assert Certificate.objects.count() == 2


def test_the_problems_listed_are_capped(cast, monkeypatch):
    monkeypatch.setattr(legacy_import, "MAX_PROBLEMS", 3)
    problems = refused(cast, [good_row(n, holder="") for n in range(1, 6)])
    assert len(problems) == 4 and problems[-1] == str(legacy_import.MORE_PROBLEMS % {"n": 2})


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x00\x01garbage\xff" * 50, "register.xlsx"),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "register.xlsx"),  # a renamed PDF
        (b"PK\x05\x06" + b"\x00" * 18, "kosong.xlsx"),  # an empty zip
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(cast, data, name):
    assert unusable(cast, data, name) == str(workbooks.NOT_XLSX)


def test_a_zip_that_is_not_a_workbook_is_refused(cast):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert unusable(cast, buffer.getvalue()) == str(workbooks.NOT_XLSX)


def test_an_empty_file_workbook_or_sheet_is_refused(cast):
    assert unusable(cast, b"") == str(legacy_import.EMPTY_FILE)
    assert unusable(cast, xlsx([], header=None)) == str(workbooks.EMPTY_WORKBOOK)
    assert unusable(cast, xlsx([])) == str(legacy_import.NO_ROWS)
    assert unusable(cast, xlsx([[None, None], ["", " "]])) == str(legacy_import.NO_ROWS)


def test_a_file_over_the_limit_is_refused_before_it_is_read(cast, settings):
    settings.KOMPETEN_IMPORT_MAX_MB = 1
    data = xlsx([good_row(1)]) + b"\x00" * (1024 * 1024)
    message = unusable(cast, data)
    assert message == too_large_message(len(data), 1)


def test_a_workbook_that_unpacks_too_large_is_refused(cast, monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_UNPACKED_MB", 0)
    assert unusable(cast, xlsx([good_row(1)])).endswith(
        "melebihi batas 0 MB; berkas tidak dibaca. Pecah menjadi beberapa berkas yang lebih kecil."
    )


def test_no_file_is_a_clear_refusal(cast):
    with pytest.raises(DomainError) as error:
        legacy_certificates_import(actor=cast.admin_lsp, upload=None)
    assert str(error.value) == str(legacy_import.NO_FILE)


def test_only_the_lsp_imports(client, cast):
    with pytest.raises(PermissionDenied):
        legacy_certificates_import(actor=cast.asesi, upload=upload(xlsx([good_row(1)])))
    with pytest.raises(PermissionDenied):
        legacy_certificates_import(actor=cast.komite, upload=upload(xlsx([good_row(1)])))
    page, template = reverse("certificates:legacy_import"), reverse("certificates:legacy_template")
    for url in (page, template):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    client.force_login(cast.asesi)
    assert client.get(page).status_code == 403 and client.get(template).status_code == 403
    assert client.post(page, {"file": upload(xlsx([good_row(1)]))}).status_code == 403
    assert not Certificate.objects.exists()
    client.force_login(cast.manajer)
    assert client.get(page).status_code == 200


# --- Kompeten's numbering ---------------------------------------------------------------------------------


def test_an_imported_number_in_kompetens_own_form_moves_the_counter_past_it(cast, scheme, settings):
    year = TODAY.year
    rows = [
        good_row(1, number=f"{scheme.code}/00007/{year}", code=scheme.code),
        good_row(2, registration=f"REG-{year}-000009"),
        good_row(3, number=f"{scheme.code}/5/{year}"),  # not what Kompeten writes ({seq:05d}): no collision
        good_row(4, number=f"{scheme.code}/00040/{year - 3}"),
    ]
    assert import_rows(cast, rows) == 4
    assert counters.current(f"certificate:{year}") == 9
    assert counters.current(f"certificate:{year - 3}") == 40
    event = AuditEvent.objects.get(code="kompeten.certificate.imported")
    assert event.data["counters"] == {str(year): 9, str(year - 3): 40}
    issued = services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 1))
    assert issued.sequence == 10 and issued.number == f"{scheme.code}/00010/{year}"
    assert issued.registration_number == f"REG-{year}-000010"


def test_a_counter_already_past_the_imported_numbers_stays_where_it_is(cast, scheme):
    year = TODAY.year
    for n in range(1, 4):
        services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, n))
    assert import_rows(cast, [good_row(1, number=f"LAIN/00002/{year}")]) == 1
    assert counters.current(f"certificate:{year}") == 3
    assert services.certificate_issue(actor=cast.admin_lsp, case=competent_case(scheme, 4)).sequence == 4


def test_a_refused_import_leaves_the_counter_alone(cast, scheme):
    year = TODAY.year
    refused(cast, [good_row(1, number=f"{scheme.code}/00007/{year}"), good_row(2, holder="")])
    assert not Counter.objects.filter(key=f"certificate:{year}").exists()


@pytest.mark.parametrize(
    ("value", "pattern", "expected"),
    [
        ("SKM/UJI/001/2026/00012/2025", "{scheme_code}/{seq:05d}/{year}", ("2025", 12)),
        ("SKM/00012/2025", "{scheme_code}/{seq:05d}/{year}", ("2025", 12)),
        ("SKM/12/2025", "{scheme_code}/{seq:05d}/{year}", None),
        ("REG-2025-000003", "REG-{year}-{seq:06d}", ("2025", 3)),
        ("REG-2025-3", "REG-{year}-{seq:06d}", None),
        ("MKT 0000 0001 2023", "REG-{year}-{seq:06d}", None),
        ("LSP/0042", "LSP/{seq:04d}", ("2026", 42)),  # a pattern without the year: this year's counter
        ("SKM/00000/2025", "{scheme_code}/{seq:05d}/{year}", None),
        ("anything", "{unknown}-{seq}", None),
    ],
)
def test_kompeten_sequence_recognises_only_numbers_kompeten_would_write(value, pattern, expected):
    assert legacy_import.kompeten_sequence(value, pattern, this_year=2026) == expected


# --- the pages ------------------------------------------------------------------------------------------


def test_the_template_round_trip_through_the_pages(client, cast, scheme):
    client.force_login(cast.admin_lsp)
    response = client.get(reverse("certificates:legacy_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet["A2"].value == legacy_import.EXAMPLE_NUMBER

    buffer = io.BytesIO()
    book.save(buffer)
    untouched = client.post(
        reverse("certificates:legacy_import"),
        {"file": upload(buffer.getvalue(), "templat.xlsx")},
        follow=True,
    )
    assert untouched.status_code == 200 and untouched.redirect_chain[0][0].startswith("/impor-excel/")
    assert escape(row_problem(2, legacy_import.EXAMPLE_ROW)) in untouched.content.decode()
    assert not Certificate.objects.exists()

    for cell, value in zip(
        sheet[2],
        ["LSP/2021/0456", "REG LAMA 0456", "Dewi Lestari", scheme.code, "", "15-03-2024", None, "", "", ""],
        strict=True,
    ):
        cell.value = value
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        reverse("certificates:legacy_import"),
        {"file": upload(buffer.getvalue(), "templat.xlsx")},
        follow=True,
    )
    job = WorkbookImport.objects.get(status="done")
    assert response.redirect_chain == [(reverse("core:workbook_import", kwargs={"pk": job.pk}), 302)]
    assert "1 baris diimpor." in response.content.decode()
    certificate = Certificate.objects.get()
    assert certificate.imported and certificate.holder_name == "Dewi Lestari"
    assert certificate.scheme_title == scheme.title and certificate.issued_on == datetime.date(2024, 3, 15)
    assert certificate.expires_on == datetime.date(2024 + scheme.validity_years, 3, 15)


def test_the_page_explains_the_columns_and_shows_a_file_level_refusal(client, cast):
    client.force_login(cast.admin_lsp)
    url = reverse("certificates:legacy_import")
    page = client.get(url).content.decode()
    assert reverse("certificates:legacy_template") in page and 'type="file"' in page
    assert all(header in page for header in HEADER)
    response = client.post(url, {"file": upload(b"%PDF-1.4 bukan excel", "register.xlsx")})
    assert response.status_code == 200
    assert escape(str(workbooks.NOT_XLSX)) in response.content.decode()
    missing = client.post(url, {})
    assert "Pilih berkas Excel (.xlsx)." in missing.content.decode()
    assert not WorkbookImport.objects.exists()
