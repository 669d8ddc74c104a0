import json

import pytest
from django.urls import reverse

from kompeten.assessments import conduct
from kompeten.assessments.models import Question
from tests.assessment_fixtures import consented


def url(name, obj, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"pk": obj.pk, **kwargs})


def test_the_assessor_works_through_the_pages(client, participant):
    client.force_login(participant.asesor)
    page = client.get(url("participant", participant)).content.decode()
    assert "Persetujuan asesmen dan kerahasiaan" in page
    client.post(
        url("consent_propose", participant), {"methods": ["observasi", "lisan"], "agreed_place": "TUK"}
    )
    client.force_login(participant.case.asesi)
    response = client.post(url("consent_confirm", participant), follow=True)
    assert "Anda telah menyetujui FR.AK.01." in response.content.decode()
    client.force_login(participant.asesor)
    page = client.get(url("instrument", participant, kind="IA.01")).content.decode()
    kuk = participant.session.scheme.scheme_units.first().unit.elements.first().criteria.first()
    assert f'data-key="kuk:{kuk.pk}"' in page and "Kriteria 1.1 dipenuhi." in page
    response = client.post(
        url("instrument_save", participant, kind="IA.01"),
        {"key": f"kuk:{kuk.pk}", "value": "K", "version": "0"},
    )
    assert json.loads(response.content) == {"ok": True, "v": 1}
    stale = client.post(
        url("instrument_save", participant, kind="IA.01"),
        {"key": f"kuk:{kuk.pk}", "value": "BK", "version": "0"},
    )
    assert stale.status_code == 409 and json.loads(stale.content)["value"] == "K"


def test_the_answer_key_never_reaches_the_browser(client, participant):
    consented(participant)
    unit = participant.session.scheme.scheme_units.first().unit
    question = Question.objects.create(
        unit=unit, text="Apa ibu kota?", options=["Bandung", "Jakarta", "Medan"], answer=1
    )
    attempt = conduct.test_open(actor=participant.asesor, participant=participant)
    client.force_login(participant.case.asesi)
    page = client.get(url("test", attempt)).content.decode()
    assert "Apa ibu kota?" in page and "Jakarta" in page
    assert "answer" not in page.split("<ol")[1].split("</ol>")[0].replace(
        "data-question", ""
    )  # no key in the questions
    response = client.post(url("test_answer", attempt), {"question": question.pk, "option": "1"})
    assert json.loads(response.content) == {"ok": True}
    client.post(url("test_submit", attempt))
    attempt.refresh_from_db()
    assert attempt.score == 100


@pytest.mark.parametrize("who", ["other_applicant", "unassigned_asesor", "komite"])
def test_nobody_else_reaches_the_assessment(client, participant, other_applicant, cast, who):
    consented(participant)
    unit = participant.session.scheme.scheme_units.first().unit
    Question.objects.create(unit=unit, text="Q", options=["a", "b"], answer=0)
    attempt = conduct.test_open(actor=participant.asesor, participant=participant)
    user = {
        "other_applicant": other_applicant,
        "unassigned_asesor": cast.asesor_and_komite,
        "komite": cast.komite,
    }[who]
    client.force_login(user)
    for name, kwargs in [("participant", {}), ("instrument", {"kind": "IA.01"})]:
        assert client.get(url(name, participant, **kwargs)).status_code == 403
    assert (
        client.post(
            url("instrument_save", participant, kind="IA.01"), {"key": "kuk:1", "value": "K", "version": "0"}
        ).status_code
        == 403
    )
    assert client.post(url("record_sign", participant)).status_code == 403
    assert client.get(url("test", attempt)).status_code == 403
    assert client.post(url("test_answer", attempt), {"question": "1", "option": "0"}).status_code == 403


def test_the_candidate_cannot_fill_the_assessors_instruments(client, participant):
    consented(participant)
    client.force_login(participant.case.asesi)
    response = client.post(
        url("instrument_save", participant, kind="IA.01"), {"key": "kuk:1", "value": "K", "version": "0"}
    )
    assert response.status_code == 403


def test_a_participant_that_does_not_exist_is_a_404_and_an_unstarted_instrument_opens_empty(
    client, participant
):
    client.force_login(participant.asesor)
    missing = reverse("assessments:instrument", kwargs={"pk": participant.pk + 999, "kind": "IA.01"})
    assert client.get(missing).status_code == 404
    page = client.get(url("instrument", participant, kind="IA.01"))
    assert page.status_code == 200 and "Simpulkan dan kunci" in page.content.decode()
