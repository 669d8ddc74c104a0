import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kompeten.assessments import planning
from kompeten.cases.selectors import scheme_outline
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from tests.assessment_fixtures import session_at, verified_tuk


def every_kuk(scheme) -> list[int]:
    return [kuk.pk for unit in scheme_outline(scheme) for element in unit.elements for kuk in element.kuk]


def complete(plan, actor):
    return planning.plan_save(
        actor=actor,
        plan=plan,
        texts={"candidate_group": "Lulusan SMK", "purpose": "Sertifikasi", "context": "TUK sewaktu"},
        kuk_plans={
            str(pk): {"evidence": "Hasil observasi", "types": ["L"], "methods": ["CL"]}
            for pk in every_kuk(plan.scheme)
        },
        modifications={"1": {"present": True, "text": "Asesi tunarungu"}},
        instrument_map={"IA.01": ["1", "3"], "IA.05": ["5"]},
    )


@pytest.fixture
def plan(cast, scheme):
    return planning.plan_start(actor=cast.manajer, scheme=scheme)


def test_a_first_version_starts_as_an_empty_draft(plan, scheme):
    assert (plan.version, plan.published_at, plan.kuk_plans) == (1, None, {})
    assert planning.current_plan(scheme) is None


def test_saving_keeps_the_plan_per_kuk_and_the_instrument_map(plan, cast):
    saved = complete(plan, cast.manajer)
    saved.refresh_from_db()
    assert set(saved.kuk_plans) == {str(pk) for pk in every_kuk(saved.scheme)}
    assert saved.instrument_map == {"IA.01": [1, 3], "IA.05": [5]}
    assert saved.modifications["1"] == {"present": True, "text": "Asesi tunarungu"}
    assert {e.code for e in audit_events_for(saved)} == {"kompeten.plan.started", "kompeten.plan.saved"}


def test_publishing_is_refused_while_a_kuk_has_no_type_or_method(plan, cast):
    with pytest.raises(DomainError, match="belum lengkap"):
        planning.plan_publish(actor=cast.manajer, plan=plan)
    assert planning.plan_gaps(plan)


def test_a_kuk_from_another_scheme_or_an_unknown_method_is_refused(plan, cast):
    with pytest.raises(DomainError, match="KUK"):
        planning.plan_save(
            actor=cast.manajer,
            plan=plan,
            texts={},
            kuk_plans={"999999": {}},
            modifications={},
            instrument_map={},
        )
    kuk = str(every_kuk(plan.scheme)[0])
    with pytest.raises(DomainError, match="Jenis bukti atau metode"):
        planning.plan_save(
            actor=cast.manajer,
            plan=plan,
            texts={},
            kuk_plans={kuk: {"types": ["X"], "methods": []}},
            modifications={},
            instrument_map={},
        )
    with pytest.raises(DomainError, match="1 sampai 5"):
        planning.plan_save(
            actor=cast.manajer,
            plan=plan,
            texts={},
            kuk_plans={},
            modifications={},
            instrument_map={"IA.01": ["9"]},
        )


def test_a_published_version_never_changes_and_the_next_starts_from_its_content(plan, cast, scheme):
    published = planning.plan_publish(actor=cast.manajer, plan=complete(plan, cast.manajer))
    with pytest.raises(DomainError, match="tidak dapat diubah"):
        complete(plan, cast.manajer)
    second = planning.plan_start(actor=cast.manajer, scheme=scheme)
    assert second.version == 2
    assert second.kuk_plans == published.kuk_plans
    assert second.instrument_map == published.instrument_map
    assert planning.current_plan(scheme) == plan
    with pytest.raises(DomainError, match="masih draf"):
        planning.plan_start(actor=cast.manajer, scheme=scheme)


def test_a_session_keeps_the_version_it_was_planned_with(plan, cast, scheme, asesor):
    planning.plan_publish(actor=cast.manajer, plan=complete(plan, cast.manajer))
    session = session_at(verified_tuk(scheme, asesor, name="TUK A", days=30), scheme, cast.manajer)
    newer = planning.plan_start(actor=cast.manajer, scheme=scheme)
    planning.plan_publish(actor=cast.manajer, plan=complete(newer, cast.manajer))
    session.refresh_from_db()
    assert session.plan == plan


def test_an_applicant_or_an_assessor_without_the_scheme_cannot_write_a_plan(cast, scheme, plan):
    with pytest.raises(PermissionDenied):
        planning.plan_start(actor=cast.asesi, scheme=scheme)
    with pytest.raises(PermissionDenied):  # cast.asesor has no assessor profile covering the scheme
        planning.plan_publish(actor=cast.asesor, plan=plan)


def test_a_draft_scheme_is_hidden_from_assessors_planning(client, asesor, scheme):
    scheme.status = "draft"
    scheme.save()
    client.force_login(asesor)
    assert client.get(reverse("assessments:plans", kwargs={"scheme_pk": scheme.pk})).status_code == 404


def test_the_plan_page_saves_the_form_and_publishes(client, asesor, plan):
    client.force_login(asesor)
    data = {
        "purpose": "Sertifikasi",
        "map-IA.01": ["1", "2"],
        "modification-1": "ada",
        "modification-text-1": "Juru bahasa",
    }
    for pk in every_kuk(plan.scheme):
        data |= {f"types-{pk}": ["L", "T"], f"methods-{pk}": ["CL", "DPL"], f"evidence-{pk}": "Observasi"}
    response = client.post(reverse("assessments:plan", kwargs={"pk": plan.pk}), data, follow=True)
    assert "Rencana disimpan." in response.content.decode()
    plan.refresh_from_db()
    assert plan.instrument_map == {"IA.01": [1, 2]}
    assert all(row["types"] == ["L", "T"] for row in plan.kuk_plans.values())
    client.post(reverse("assessments:plan_publish", kwargs={"pk": plan.pk}))
    plan.refresh_from_db()
    assert plan.published_at is not None
    page = client.get(reverse("assessments:plan", kwargs={"pk": plan.pk})).content.decode()
    assert "<fieldset disabled" in page


def test_the_plan_pages_are_closed_to_applicants(client, cast, plan):
    client.force_login(cast.asesi)
    assert client.get(reverse("assessments:plan", kwargs={"pk": plan.pk})).status_code == 403
    assert client.get(reverse("assessments:plans", kwargs={"scheme_pk": plan.scheme.pk})).status_code == 403
    assert (
        client.get(reverse("assessments:plan_pdf", kwargs={"pk": plan.pk, "form": "fr-mapa-01"})).status_code
        == 403
    )


def test_a_new_version_is_started_from_the_list_and_an_open_draft_is_named(client, cast, plan):
    client.force_login(cast.manajer)
    url = reverse("assessments:plans", kwargs={"scheme_pk": plan.scheme.pk})
    response = client.post(url, follow=True)
    assert "Versi 1 masih draf" in response.content.decode()


@pytest.mark.parametrize("form", ["fr-mapa-01", "fr-mapa-02"])
def test_both_plan_forms_render_as_pdf(client, cast, plan, form):
    complete(plan, cast.manajer)
    client.force_login(cast.manajer)
    response = client.get(reverse("assessments:plan_pdf", kwargs={"pk": plan.pk, "form": form}))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("typed", ["²", "٣", "0", "6"])
def test_a_candidate_potential_that_is_not_1_to_5_is_refused_with_a_message(client, asesor, plan, typed):
    client.force_login(asesor)
    response = client.post(
        reverse("assessments:plan", kwargs={"pk": plan.pk}), {"map-IA.01": [typed]}, follow=True
    )
    assert response.status_code == 200 and "1 sampai 5" in response.content.decode()
