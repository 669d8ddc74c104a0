import io

import pdfplumber
import pytest
from django.urls import reverse

from kompeten.assessments import conduct
from kompeten.core.errors import DomainError
from tests.assessment_fixtures import consented


def recorded(participant):
    participant.case.refresh_from_db()
    if participant.case.status == "scheduled":
        consented(participant)
    kuk = participant.session.scheme.scheme_units.first().unit.elements.first().criteria.first()
    conduct.instrument_field_save(
        actor=participant.asesor,
        participant=participant,
        kind="IA.01",
        key=f"kuk:{kuk.pk}",
        value="K",
        version=0,
    )
    conduct.instrument_conclude(
        actor=participant.asesor, participant=participant, kind="IA.01", recommendation="K"
    )
    units = [str(u) for u in participant.session.scheme.scheme_units.values_list("unit_id", flat=True)]
    conduct.record_sign(
        actor=participant.asesor,
        participant=participant,
        evidence=conduct.record_draft(participant),
        sufficient=dict.fromkeys(units, True),
        recommendation="K",
        follow_up="Tidak ada",
    )
    return participant


def all_yes():
    return {str(n): {"yes": True, "comment": ""} for n in range(1, 11)}


def test_feedback_comes_after_ak02_once_and_complete(participant):
    consented(participant)
    with pytest.raises(DomainError, match=r"setelah asesor mencatat FR\.AK\.02"):
        conduct.feedback_submit(actor=participant.case.asesi, participant=participant, answers=all_yes())
    recorded(participant)
    with pytest.raises(DomainError, match="Jawab setiap butir"):
        conduct.feedback_submit(
            actor=participant.case.asesi, participant=participant, answers={"1": {"yes": True}}
        )
    feedback = conduct.feedback_submit(
        actor=participant.case.asesi, participant=participant, answers=all_yes(), note="Lancar"
    )
    assert feedback.answers["10"]["yes"] is True
    with pytest.raises(DomainError, match="sudah memberikan umpan balik"):
        conduct.feedback_submit(actor=participant.case.asesi, participant=participant, answers=all_yes())


def test_the_session_report_waits_for_every_ak02(participant):
    consented(participant)
    with pytest.raises(DomainError, match=r"FR\.AK\.02 untuk setiap asesi"):
        conduct.session_report_sign(actor=participant.asesor, session=participant.session)
    recorded(participant)
    report = conduct.session_report_sign(
        actor=participant.asesor, session=participant.session, positives="Tepat waktu"
    )
    assert report.positives == "Tepat waktu"


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_the_assessment_forms_render_as_pdfs(client, participant):
    recorded(participant)
    conduct.session_report_sign(
        actor=participant.asesor, session=participant.session, suggestions="Tambah alat"
    )
    client.force_login(participant.asesor)
    for form, title in [
        ("fr-ak-01", "FR.AK.01. PERSETUJUAN ASESMEN DAN KERAHASIAAN"),
        ("fr-ia-01", "FR.IA.01. CEKLIS OBSERVASI"),
        ("fr-ak-02", "FR.AK.02. REKAMAN ASESMEN KOMPETENSI"),
    ]:
        text = pdf_text(
            client.get(reverse("assessments:form_pdf", kwargs={"pk": participant.pk, "form": form}))
        )
        assert title in text and participant.case.asesi.full_name in text
    text = pdf_text(
        client.get(reverse("assessments:session_report_pdf", kwargs={"pk": participant.session.pk}))
    )
    assert "FR.AK.05. LAPORAN ASESMEN" in text and "Tambah alat" in text


def test_another_candidate_cannot_get_the_assessment_pdfs(client, participant, other_applicant):
    recorded(participant)
    client.force_login(other_applicant)
    for form in ("fr-ak-01", "fr-ia-01", "fr-ak-02"):
        assert (
            client.get(
                reverse("assessments:form_pdf", kwargs={"pk": participant.pk, "form": form})
            ).status_code
            == 403
        )
    assert (
        client.get(
            reverse("assessments:session_report_pdf", kwargs={"pk": participant.session.pk})
        ).status_code
        == 403
    )


def test_every_ak02_of_a_session_renders_in_the_background(client, participant, cast):
    recorded(participant)
    client.force_login(cast.manajer)
    response = client.post(
        reverse("assessments:session_print", kwargs={"pk": participant.session.pk}), follow=True
    )
    assert "1 formulir FR.AK.02 sedang dicetak di latar belakang." in response.content.decode()
    participant.record.refresh_from_db()
    assert participant.record.pdf.name.endswith(".pdf")
    with participant.record.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert "1 dari 1 sudah dicetak" in response.content.decode()


def test_the_written_test_third_party_and_feedback_forms_render_as_pdfs(client, participant):
    from kompeten.assessments import third_party
    from kompeten.assessments.models import Question

    consented(participant)
    unit = participant.session.scheme.scheme_units.first().unit
    question = Question.objects.create(
        unit=unit, text="Apa tujuan segmentasi pasar?", options=["A", "B", "C"], answer=1
    )
    attempt = conduct.test_start(
        actor=participant.case.asesi,
        attempt=conduct.test_open(actor=participant.asesor, participant=participant),
    )
    conduct.test_answer(actor=participant.case.asesi, attempt=attempt, question_id=question.pk, option=1)
    conduct.test_submit(actor=participant.case.asesi, attempt=attempt)
    request = third_party.request_create(
        actor=participant.asesor,
        participant=participant,
        supervisor_name="Pak Budi",
        supervisor_email="budi@kantor.id",
        workplace="PT Contoh",
    )
    third_party.request_answer(
        token=request.token,
        answers={str(n): n != 2 for n in range(1, len(third_party.QUESTIONS) + 1)},
        relationship="Atasan langsung",
        duration="3 tahun",
        qualifications="Manajer pemasaran",
        judgement="Bekerja rapi dan tepat waktu.",
        training="Tidak ada",
    )
    recorded(participant)
    conduct.feedback_submit(
        actor=participant.case.asesi, participant=participant, answers=all_yes(), note="Asesor ramah"
    )
    client.force_login(participant.asesor)
    for form, expected in [
        ("fr-ia-05", "Apa tujuan segmentasi pasar?"),
        ("fr-ia-10", "Bekerja rapi dan tepat waktu."),
        ("fr-ak-03", "Asesor ramah"),
    ]:
        text = pdf_text(
            client.get(reverse("assessments:form_pdf", kwargs={"pk": participant.pk, "form": form}))
        )
        assert expected in text
        if form == "fr-ia-05":
            assert "100% (batas lulus 70%): K" in text
