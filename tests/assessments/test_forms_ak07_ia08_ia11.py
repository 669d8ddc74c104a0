"""FR.AK.07 reasonable adjustments, FR.IA.08 portfolio verification and FR.IA.11 review of test material."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse

from kompeten.assessments import conduct
from kompeten.assessments.models import Adjustment, InstrumentRecord, Question
from kompeten.cases.models import Evidence
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from tests.assessment_fixtures import consented
from tests.assessments.test_reports import pdf_text


def url(name, participant, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"pk": participant.pk, **kwargs})


def record_adjustments(participant, **overrides):
    arguments = {
        "potential": 3,
        "answers": {"4": {"needed": True, "note": "Waktu tambahan 30 menit"}},
        "agreed": "Waktu tes tertulis diperpanjang 30 menit.",
    } | overrides
    return conduct.adjustment_record(actor=participant.asesor, participant=participant, **arguments)


def test_ak07_is_signed_by_the_assessor_then_agreed_by_the_candidate(participant):
    adjustment = record_adjustments(participant)
    assert adjustment.asesor_signed_at and adjustment.asesi_signed_at is None
    assert adjustment.answers["4"] == {"needed": True, "note": "Waktu tambahan 30 menit"}
    agreed = conduct.adjustment_confirm(actor=participant.case.asesi, participant=participant)
    assert agreed.asesi_signed_at is not None
    assert {"kompeten.ak07.recorded", "kompeten.ak07.agreed"} <= {
        e.code for e in audit_events_for(participant.case)
    }


def test_changing_ak07_asks_the_candidate_to_agree_again(participant):
    record_adjustments(participant)
    conduct.adjustment_confirm(actor=participant.case.asesi, participant=participant)
    changed = record_adjustments(participant, potential=5)
    assert changed.potential == 5 and changed.asesi_signed_at is None


def test_ak07_refuses_a_needed_adjustment_without_the_agreed_change_and_a_wrong_potential(participant):
    with pytest.raises(DomainError, match="Uraikan penyesuaian"):
        record_adjustments(participant, agreed="  ")
    with pytest.raises(DomainError, match="potensi asesi"):
        record_adjustments(participant, potential=7)


def test_only_the_assessor_records_and_only_the_candidate_agrees_to_ak07(participant, cast):
    with pytest.raises(PermissionDenied):
        conduct.adjustment_record(
            actor=participant.case.asesi, participant=participant, potential=1, answers={}, agreed=""
        )
    record_adjustments(participant)
    with pytest.raises(PermissionDenied):
        conduct.adjustment_confirm(actor=cast.komite, participant=participant)


def test_the_ak07_pages_record_and_agree(client, participant):
    client.force_login(participant.asesor)
    response = client.post(
        url("adjustment_record", participant),
        {
            "potential": "2",
            "needed-1": "yes",
            "note-1": "Juru bahasa isyarat",
            "agreed": "Didampingi juru bahasa.",
        },
        follow=True,
    )
    assert "FR.AK.07 dicatat" in response.content.decode()
    client.force_login(participant.case.asesi)
    page = client.get(url("participant", participant)).content.decode()
    assert "Juru bahasa isyarat" in page
    response = client.post(url("adjustment_confirm", participant), follow=True)
    assert "Anda telah menyetujui FR.AK.07." in response.content.decode()
    assert Adjustment.objects.get(participant=participant).asesi_signed_at


def add_document(case, name="Sertifikat pelatihan.pdf") -> Evidence:
    evidence = Evidence(
        case=case, original_name=name, content_type="application/pdf", size=8, sha256="0" * 64
    )
    evidence.file.save(name, ContentFile(b"%PDF-1.4"), save=True)
    return evidence


def test_ia08_records_valid_authentic_current_sufficient_per_document(client, participant):
    consented(participant)
    document = add_document(participant.case)
    client.force_login(participant.asesor)
    page = client.get(url("instrument", participant, kind="IA.08")).content.decode()
    assert "Sertifikat pelatihan.pdf" in page and f'data-key="asli:{document.pk}"' in page
    for check in ("valid", "asli", "terkini", "memadai"):
        response = client.post(
            url("instrument_save", participant, kind="IA.08"),
            {"key": f"{check}:{document.pk}", "value": "ya", "version": "0"},
        )
        assert json.loads(response.content) == {"ok": True, "v": 1}
    refused = client.post(
        url("instrument_save", participant, kind="IA.08"),
        {"key": f"valid:{document.pk}", "value": "K", "version": "1"},
    )
    assert refused.status_code == 400 and "ya atau tidak" in json.loads(refused.content)["error"]
    record = InstrumentRecord.objects.get(participant=participant, kind="IA.08")
    assert record.value(f"memadai:{document.pk}") == "ya"


def test_ia11_lists_the_review_items_with_yes_or_no(client, participant):
    consented(participant)
    client.force_login(participant.asesor)
    page = client.get(url("instrument", participant, kind="IA.11")).content.decode()
    assert 'data-key="item:8"' in page and 'data-key="item:9"' not in page
    conduct.instrument_field_save(
        actor=participant.asesor,
        participant=participant,
        kind="IA.11",
        key="item:1",
        value="tidak",
        version=0,
    )
    assert InstrumentRecord.objects.get(participant=participant, kind="IA.11").value("item:1") == "tidak"


def test_ak07_ia08_and_ia11_render_as_pdfs(client, participant):
    consented(participant)
    record_adjustments(participant)
    document = add_document(participant.case)
    conduct.instrument_field_save(
        actor=participant.asesor,
        participant=participant,
        kind="IA.08",
        key=f"valid:{document.pk}",
        value="ya",
        version=0,
    )
    conduct.instrument_field_save(
        actor=participant.asesor,
        participant=participant,
        kind="IA.11",
        key="note:2",
        value="Bahasa lugas",
        version=0,
    )
    client.force_login(participant.asesor)
    for form, expected in [
        ("fr-ak-07", "Waktu tes tertulis diperpanjang 30 menit."),
        ("fr-ia-08", "Sertifikat pelatihan.pdf"),
        ("fr-ia-11", "Bahasa lugas"),
    ]:
        text = pdf_text(client.get(url("form_pdf", participant, form=form)))
        assert expected in text and participant.case.asesi.full_name in text


def test_a_practical_task_sets_out_its_brief_above_the_questions_and_prints_it(client, participant):
    consented(participant)
    for key, value in [
        ("note:scenario", "Menyusun rencana pemasaran produk UMKM"),
        ("question:1", "Sebutkan target pasar"),
        ("answer:1", "Ibu rumah tangga"),
        ("result:1", "K"),
    ]:
        conduct.instrument_field_save(
            actor=participant.asesor, participant=participant, kind="IA.02", key=key, value=value, version=0
        )
    client.force_login(participant.asesor)
    page = client.get(url("instrument", participant, kind="IA.02")).content.decode()
    assert "Skenario tugas" in page and 'data-key="note:steps"' in page
    assert "Menyusun rencana pemasaran produk UMKM" in page
    text = pdf_text(client.get(url("form_pdf", participant, form="fr-ia-02")))
    assert "FR.IA.02. TUGAS PRAKTIK DEMONSTRASI" in text
    assert "Menyusun rencana pemasaran produk UMKM" in text and "Ibu rumah tangga" in text


@pytest.mark.parametrize("form", ["fr-ia-03", "fr-ia-04", "fr-ia-06", "fr-ia-07", "fr-ia-09"])
def test_every_question_instrument_prints_even_before_it_is_filled(client, participant, form):
    client.force_login(participant.asesor)
    text = pdf_text(client.get(url("form_pdf", participant, form=form)))
    assert f"FR.IA.{form[-2:]}." in text and participant.case.asesi.full_name in text


def test_each_question_is_bound_to_a_kuk_of_the_scheme(client, participant):
    from tests.factories import UnitFactory

    consented(participant)
    kuk = participant.session.scheme.scheme_units.first().unit.elements.first().criteria.first()
    foreign = UnitFactory(elements=1).elements.first().criteria.first()
    with pytest.raises(DomainError, match="KUK dari skema ini"):
        conduct.instrument_field_save(
            actor=participant.asesor,
            participant=participant,
            kind="IA.07",
            key="kukref:1",
            value=str(foreign.pk),
            version=0,
        )
    for key, value in [("kukref:1", str(kuk.pk)), ("question:1", "Apa alatnya?")]:
        conduct.instrument_field_save(
            actor=participant.asesor, participant=participant, kind="IA.07", key=key, value=value, version=0
        )
    client.force_login(participant.asesor)
    page = client.get(url("instrument", participant, kind="IA.07")).content.decode()
    assert f'<option value="{kuk.pk}" selected>' in page
    text = pdf_text(client.get(url("form_pdf", participant, form="fr-ia-07")))
    assert f"KUK {kuk.number}" in text and "Apa alatnya?" in text


def test_the_candidate_reads_the_forms_they_sign_and_concluded_instruments_but_never_the_key_or_the_supervisor(
    client, participant
):
    consented(participant)
    record_adjustments(participant)
    unit = participant.session.scheme.scheme_units.first().unit
    Question.objects.create(unit=unit, text="Soal rahasia", options=["A", "B"], answer=1)
    conduct.test_open(actor=participant.asesor, participant=participant)
    client.force_login(participant.case.asesi)
    for form in ("fr-ia-05", "fr-ia-10", "fr-ia-01", "fr-ia-07"):
        assert client.get(url("form_pdf", participant, form=form)).status_code == 403
    for form in ("fr-ak-01", "fr-ak-07"):
        assert client.get(url("form_pdf", participant, form=form)).status_code == 200
    conduct.instrument_conclude(
        actor=participant.asesor, participant=participant, kind="IA.07", recommendation="K"
    )
    assert client.get(url("form_pdf", participant, form="fr-ia-07")).status_code == 200


def test_ak07_cannot_be_agreed_after_ak02(participant):
    from tests.assessments.test_reports import recorded

    record_adjustments(participant)
    recorded(participant)
    with pytest.raises(DomainError, match=r"sebelum FR\.AK\.02"):
        conduct.adjustment_confirm(actor=participant.case.asesi, participant=participant)


@pytest.mark.parametrize("typed", ["²", "٣", "-1", "x"])
def test_a_potential_that_is_not_a_plain_number_is_refused_with_a_message(client, participant, typed):
    client.force_login(participant.asesor)
    response = client.post(url("adjustment_record", participant), {"potential": typed}, follow=True)
    assert response.status_code == 200 and "Pilih potensi asesi" in response.content.decode()
