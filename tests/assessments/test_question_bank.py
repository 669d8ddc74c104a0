import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kompeten.assessments import question_bank
from kompeten.assessments.models import Question
from kompeten.assessments.question_bank import HEADER


def workbook(rows, header=HEADER) -> bytes:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, scheme, data, name="soal.xlsx"):
    return client.post(
        reverse("assessments:question_bank", kwargs={"scheme_pk": scheme.pk}),
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_questions_import_from_excel_and_export_back(client, cast, scheme):
    unit = scheme.scheme_units.first().unit
    client.force_login(cast.manajer)
    data = workbook(
        [
            [unit.code, "Apa yang disiapkan?", "Alat", "Makanan", None, None, None, "A"],
            [unit.code_printed, "Kapan diperiksa?", "Pagi", "Sebelum dipakai", "Malam", None, None, "b"],
        ]
    )
    response = upload(client, scheme, data)
    assert "2 baris diimpor." in response.content.decode()
    assert list(Question.objects.order_by("pk").values_list("answer", flat=True)) == [0, 1]
    exported = client.get(
        reverse("assessments:question_bank", kwargs={"scheme_pk": scheme.pk}), {"format": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADER)
    assert rows[2][1:5] + rows[2][7:] == ("Kapan diperiksa?", "Pagi", "Sebelum dipakai", "Malam", "B")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda code: b"not a workbook", "bukan buku kerja Excel"),
        (lambda code: workbook([], header=[]), "Buku kerja kosong"),
        (lambda code: workbook([], header=["Soal", "Jawaban"]), "Baris pertama harus judul kolom"),
        (
            lambda code: workbook([["X.99", "Soal", "A", "B", None, None, None, "A"]]),
            "Baris 2: X.99 bukan unit skema ini.",
        ),
        (
            lambda code: workbook([[code, "Soal", "Satu", None, None, None, None, "A"]]),
            "Baris 2: soal harus memiliki teks dan paling sedikit dua pilihan.",
        ),
        (
            lambda code: workbook([[code, "Soal", "Satu", "Dua", None, None, None, "D"]]),
            "Baris 2: kunci harus huruf salah satu pilihan.",
        ),
        (
            lambda code: workbook(
                [
                    [code, "Soal", "Satu", "Dua", None, None, None, "A"],
                    ["X.99", "Soal", "A", "B", None, None, None, "A"],
                ]
            ),
            "Baris 3: X.99 bukan unit skema ini.",
        ),
    ],
    ids=["garbage", "empty", "header", "unit", "options", "key", "one-bad-row"],
)
def test_a_bad_workbook_is_refused_whole_with_its_reason(client, cast, scheme, make, message):
    client.force_login(cast.manajer)
    response = upload(client, scheme, make(scheme.scheme_units.first().unit.code))
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_a_workbook_with_too_many_questions_is_refused_whole(client, cast, scheme, monkeypatch):
    monkeypatch.setattr(question_bank, "MAX_QUESTIONS", 2)
    code = scheme.scheme_units.first().unit.code
    client.force_login(cast.manajer)
    response = upload(client, scheme, workbook([[code, "Soal", "A", "B", None, None, None, "A"]] * 3))
    assert "lebih dari 2 soal" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize("role", ["asesi", "asesor", "komite", "admin_tuk"])
def test_the_bank_is_managed_by_the_lsp(client, cast, scheme, role):
    client.force_login(getattr(cast, role))
    assert (
        client.get(reverse("assessments:question_bank", kwargs={"scheme_pk": scheme.pk})).status_code == 403
    )
