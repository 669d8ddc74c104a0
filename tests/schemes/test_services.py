import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from kompeten.schemes.models import EvidenceKind, Scheme, SchemeKind, SchemeStatus
from kompeten.schemes.services import SCHEME_RETIRE, scheme_activate, scheme_create, scheme_retire
from tests.factories import SchemeFactory, UnitFactory


def test_a_new_scheme_keeps_its_units_requirements_evidence_and_methods_in_order(cast):
    units = [UnitFactory(), UnitFactory(), UnitFactory()]
    scheme = scheme_create(
        actor=cast.manajer,
        code="SKM/KLS/01",
        title="Pelayanan Publik",
        kind=SchemeKind.KLASTER,
        units=[units[2], units[0], units[1]],
        requirements=["Pendidikan minimal D3", "Pengalaman 2 tahun"],
        basic_evidence=["Ijazah"],
        admin_evidence=["KTP", "Pasfoto"],
        methods=[{"candidates": "Berpengalaman", "methods": ["Portofolio", "Wawancara"]}],
        rights=["Hak banding"],
        obligations=["Menjaga sertifikat"],
        fee=750000,
    )
    assert scheme.status == SchemeStatus.DRAFT
    assert list(scheme.scheme_units.values_list("unit", flat=True)) == [units[2].pk, units[0].pk, units[1].pk]
    assert list(scheme.requirements.values_list("text", flat=True)) == [
        "Pendidikan minimal D3",
        "Pengalaman 2 tahun",
    ]
    assert list(scheme.evidence.filter(kind=EvidenceKind.ADMINISTRATIVE).values_list("text", flat=True)) == [
        "KTP",
        "Pasfoto",
    ]
    assert scheme.methods.get().methods == ["Portofolio", "Wawancara"]
    assert audit_events_for(scheme)[0].code == "kompeten.scheme.created"


def test_a_kkni_scheme_without_a_level_is_refused_with_a_message(cast):
    with pytest.raises(ValidationError, match=re.escape("Skema KKNI wajib mencantumkan jenjang KKNI.")):
        scheme_create(actor=cast.manajer, code="SKM/K/1", title="Teknisi", kind=SchemeKind.KKNI)
    assert not Scheme.objects.exists()


def test_activation_opens_a_draft_and_retires_the_version_it_replaces(cast):
    unit = UnitFactory()
    old = SchemeFactory(code="SKM/01", version=1, status=SchemeStatus.ACTIVE, units=[unit])
    new = SchemeFactory(code="SKM/01", version=2, units=[unit])
    scheme_activate(actor=cast.manajer, scheme=new)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (SchemeStatus.RETIRED, SchemeStatus.ACTIVE)
    assert audit_events_for(old)[0].data == {"from": "active", "to": "retired", "replaced_by": new.pk}
    assert audit_events_for(new)[0].code == "kompeten.scheme.activated"


def test_a_scheme_without_units_cannot_be_activated(cast):
    scheme = SchemeFactory()
    with pytest.raises(DomainError, match=re.escape("Skema tanpa unit kompetensi tidak dapat diaktifkan.")):
        scheme_activate(actor=cast.manajer, scheme=scheme)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.DRAFT


def test_an_active_scheme_cannot_be_activated_again(cast):
    scheme = SchemeFactory(status=SchemeStatus.ACTIVE, units=[UnitFactory()])
    with pytest.raises(DomainError, match=re.escape("Hanya skema berstatus Draf yang dapat diaktifkan.")):
        scheme_activate(actor=cast.manajer, scheme=scheme)


def test_retiring_closes_an_active_scheme_and_only_an_active_one(cast):
    scheme = SchemeFactory(status=SchemeStatus.ACTIVE, units=[UnitFactory()])
    scheme_retire(actor=cast.admin_lsp, scheme=scheme)
    assert Scheme.objects.get(pk=scheme.pk).status == SchemeStatus.RETIRED
    with pytest.raises(DomainError) as refused:
        scheme_retire(actor=cast.admin_lsp, scheme=scheme)
    assert refused.value.message == SCHEME_RETIRE.refused


@pytest.mark.parametrize("role", ["komite", "asesor", "asesi", "admin_tuk"])
def test_only_lsp_management_activates_and_retires_schemes(cast, role):
    scheme = SchemeFactory(units=[UnitFactory()])
    with pytest.raises(PermissionDenied):
        scheme_activate(actor=getattr(cast, role), scheme=scheme)
    with pytest.raises(PermissionDenied):
        scheme_create(actor=getattr(cast, role), code="X", title="X", kind=SchemeKind.OKUPASI)
    assert Scheme.objects.get(pk=scheme.pk).status == SchemeStatus.DRAFT


def test_a_scheme_holding_a_provisional_unit_cannot_be_activated(cast):
    scheme = SchemeFactory(units=[UnitFactory(), UnitFactory(code=None, is_provisional=True)])
    with pytest.raises(DomainError, match="unit sementara"):
        scheme_activate(actor=cast.manajer, scheme=scheme)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.DRAFT
