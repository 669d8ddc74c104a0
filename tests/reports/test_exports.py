"""BNSP exports read back with openpyxl: the blanko request list of a jadwal and the certificate register."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from kompeten.certificates import services
from kompeten.reports.exports import BLANKO_COLUMNS, REGISTER_COLUMNS
from tests.certificates.test_decisions import signed


def rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_blanko_request_lists_each_decided_candidate_with_the_bnsp_columns(client, cast, participant):
    signed(participant)
    services.decision_record(actor=cast.komite, case=participant.case, competent=True)
    certificate = services.certificate_issue(actor=cast.admin_lsp, case=participant.case)
    client.force_login(cast.admin_lsp)
    header, row = rows(
        client.get(reverse("certificates:blanko_export", kwargs={"pk": participant.session.pk}))
    )
    assert list(header) == BLANKO_COLUMNS
    record = dict(zip(header, row, strict=True))
    assert record["nama"] == participant.case.asesi.full_name
    assert record["nik"] == participant.case.asesi.applicant_profile.nik and len(record["nik"]) == 16
    assert record["keputusan"] == "K" and record["no_sertifikat"] == certificate.number
    assert record["no_registrasi_asesor"] == participant.asesor.assessor_profile.met_number


def test_the_register_lists_every_certificate_with_its_status(client, cast, participant):
    signed(participant)
    services.decision_record(actor=cast.komite, case=participant.case, competent=True)
    certificate = services.certificate_issue(actor=cast.admin_lsp, case=participant.case)
    client.force_login(cast.manajer)
    header, row = rows(client.get(reverse("certificates:register_export")))
    assert list(header) == REGISTER_COLUMNS
    assert row[0] == certificate.number and row[7] == "active"


def test_the_exports_are_for_the_lsp_only(client, cast, participant):
    client.force_login(cast.komite)
    assert client.get(reverse("certificates:register_export")).status_code == 403
    assert (
        client.get(reverse("certificates:blanko_export", kwargs={"pk": participant.session.pk})).status_code
        == 403
    )
