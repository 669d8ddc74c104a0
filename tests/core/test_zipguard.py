"""Crafted Office files (zip bombs) are refused from the archive's directory, before anything parses them."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from kompeten.assessments.models import Question
from kompeten.certificates.legacy_import import legacy_certificates_import
from kompeten.core import workbooks, zipguard
from kompeten.core.errors import DomainError

SHEET = "xl/worksheets/sheet1.xml"


def xlsx(rows=(("Kode Unit", "Pertanyaan"),)) -> bytes:
    book = Workbook()
    for row in rows:
        workbooks.append_row(book.active, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet(data: bytes, transform) -> bytes:
    """The workbook with its first sheet's XML replaced by ``transform(xml)``."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item.filename)
            out.writestr(item.filename, transform(content) if item.filename == SHEET else content)
    return target.getvalue()


def empty_rows(count: int):
    """A sheet of ``count`` empty rows after the header: megabytes of XML that compress to kilobytes."""
    return lambda xml: xml.replace(b"</row></sheetData>", b"</row>" + b"<row/>" * count + b"</sheetData>")


def bomb() -> bytes:
    return with_sheet(xlsx(), empty_rows(20_000_000))  # 115 MB of rows in about 120 KB


@pytest.fixture
def nothing_parses(monkeypatch):
    """openpyxl must not be asked to open the file."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a refused file")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_member_compressed_a_thousand_times_is_refused():
    data = with_sheet(xlsx(), empty_rows(2_000_000))  # 12 MB, within the size limit
    assert len(data) < 100_000
    with pytest.raises(zipguard.ZipRefused) as error:
        zipguard.check_zip(data, max_total=100 * zipguard.MB, max_ratio=100, max_members=50)
    assert error.value.reason == "ratio"


@pytest.mark.parametrize(
    ("limits", "reason"),
    [
        ({"max_total": 2 * zipguard.MB, "max_ratio": 10_000, "max_members": 50}, "size"),
        ({"max_total": 200 * zipguard.MB, "max_ratio": 10_000, "max_members": 3}, "members"),
    ],
)
def test_an_archive_too_large_or_of_too_many_parts_is_refused(limits, reason):
    data = with_sheet(xlsx(), empty_rows(1_000_000))
    with pytest.raises(zipguard.ZipRefused) as error:
        zipguard.check_zip(io.BytesIO(data), **limits)
    assert error.value.reason == reason


def test_a_real_workbook_passes_and_a_file_object_is_left_where_it_was():
    handle = io.BytesIO(xlsx([("a", "b")] * 500))
    handle.seek(3)
    summary = zipguard.check_zip(handle, max_total=zipguard.MB * 10, max_ratio=100, max_members=50)
    assert SHEET in summary.names and summary.total > 0 and handle.tell() == 3


def test_something_that_is_not_a_zip_is_refused_as_damaged():
    with pytest.raises(zipguard.ZipRefused) as error:
        zipguard.check_zip(b"PK\x03\x04 not really", max_total=1, max_ratio=1, max_members=1)
    assert error.value.reason == "damaged"


def test_the_refusal_speaks_indonesian(db):
    with pytest.raises(zipguard.ZipRefused) as error:
        zipguard.check_zip(bomb(), max_total=100 * zipguard.MB, max_ratio=100, max_members=50)
    assert str(error.value) == (
        "Berkas ini berisi 115 MB setelah dibuka, melebihi batas 100 MB; berkas tidak dibaca. "
        "Pecah menjadi beberapa berkas yang lebih kecil."
    )


def test_the_legacy_import_refuses_a_zip_bomb_without_opening_it(cast, nothing_parses):
    upload = SimpleUploadedFile("register.xlsx", bomb())
    with pytest.raises(DomainError) as error:
        legacy_certificates_import(actor=cast.admin_lsp, upload=upload)
    assert str(error.value).startswith("Berkas ini berisi 115 MB setelah dibuka")


def test_the_question_bank_refuses_a_zip_bomb_without_opening_it(client, cast, scheme, nothing_parses):
    client.force_login(cast.manajer)
    response = client.post(
        reverse("assessments:question_bank", kwargs={"scheme_pk": scheme.pk}),
        {"file": SimpleUploadedFile("soal.xlsx", with_sheet(xlsx(), empty_rows(2_000_000)))},
        follow=True,
    )
    assert (
        "kali, jauh melebihi dokumen yang wajar; berkas terlihat sengaja dibuat" in response.content.decode()
    )
    assert not Question.objects.exists()


def test_a_sheet_declaring_a_million_rows_is_refused_before_its_rows_are_read(cast):
    data = with_sheet(
        xlsx(), lambda xml: xml.replace(b'<dimension ref="A1:B1"/>', b'<dimension ref="A1:B1048576"/>')
    )
    with pytest.raises(DomainError) as error:
        workbooks.sheet_rows(data, max_columns=2, max_rows=10, too_many_rows="%(max)s")
    assert str(error.value) == str(workbooks.TOO_MANY_SHEET_ROWS % {"limit": 10 * 2 + 1000})


def test_a_sheet_of_more_empty_rows_than_it_says_is_refused_as_it_is_read(cast, monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_RATIO", 10_000)
    data = with_sheet(xlsx(), empty_rows(100_000))
    with pytest.raises(DomainError) as error:
        workbooks.sheet_rows(data, max_columns=2, max_rows=10, too_many_rows="%(max)s")
    assert str(error.value) == str(workbooks.TOO_MANY_SHEET_ROWS % {"limit": 1020})
