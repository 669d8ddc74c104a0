import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompeten.schemes.models import SchemeStatus
from tests.factories import SchemeFactory, UnitFactory


def detail_url(scheme) -> str:
    return reverse("schemes:detail", kwargs={"pk": scheme.pk})


@pytest.fixture
def active_scheme(db):
    unit = UnitFactory(code="M.70MKT00.003.2", title="Melaksanakan Analisis Lingkungan Bisnis", elements=2)
    scheme = SchemeFactory(title="Konsultan Pemasaran", status=SchemeStatus.ACTIVE, units=[unit])
    scheme.requirements.create(text="Pendidikan minimal D3", order=1)
    scheme.evidence.create(kind="administrative", text="Fotokopi KTP", order=1)
    return scheme


def test_the_landing_page_lists_active_schemes_only(client, active_scheme):
    SchemeFactory(title="Skema Draf Rahasia")
    SchemeFactory(title="Skema Lama", status=SchemeStatus.RETIRED)
    page = client.get(reverse("schemes:landing")).content.decode()
    assert "Konsultan Pemasaran" in page
    assert "Skema sertifikasi aktif" in page
    assert "1 unit" in page
    assert "Skema Draf Rahasia" not in page and "Skema Lama" not in page


def test_the_landing_page_searches_by_title_or_number(client, active_scheme):
    SchemeFactory(title="Teknisi Jaringan", code="SKM/TJ/01", status=SchemeStatus.ACTIVE)
    page = client.get(reverse("schemes:landing"), {"q": "tj/01"}).content.decode()
    assert "Teknisi Jaringan" in page and "Konsultan Pemasaran" not in page
    page = client.get(reverse("schemes:landing"), {"q": "tidak ada"}).content.decode()
    assert "Tidak ada skema aktif yang cocok dengan “tidak ada”." in page


def test_the_landing_page_paginates(client, db):
    for n in range(25):
        SchemeFactory(title=f"Skema {n:02d}", status=SchemeStatus.ACTIVE)
    first = client.get(reverse("schemes:landing")).content.decode()
    second = client.get(reverse("schemes:landing"), {"page": 2}).content.decode()
    assert "Skema 00" in first and "Skema 24" not in first
    assert "Skema 24" in second
    assert client.get(reverse("schemes:landing"), {"page": "bukan-angka"}).status_code == 200


def test_an_anonymous_visitor_reads_units_elements_and_kuk_of_an_active_scheme(client, active_scheme):
    page = client.get(detail_url(active_scheme)).content.decode()
    assert "Melaksanakan Analisis Lingkungan Bisnis" in page
    assert "M.70MKT00.003.2" in page
    assert "Elemen 1: Elemen 1" in page
    assert "Kriteria 2.2 dipenuhi." in page
    assert "Pendidikan minimal D3" in page and "Fotokopi KTP" in page
    assert "Riwayat" not in page  # the audit trail is for LSP staff


def test_a_draft_scheme_is_hidden_from_the_public_but_shown_to_management(client, cast):
    scheme = SchemeFactory(status=SchemeStatus.DRAFT)
    assert client.get(detail_url(scheme)).status_code == 404
    client.force_login(cast.asesi)
    assert client.get(detail_url(scheme)).status_code == 404
    client.force_login(cast.manajer)
    page = client.get(detail_url(scheme)).content.decode()
    assert "Aktifkan skema" in page and "Riwayat" in page


def test_an_unknown_scheme_is_a_friendly_404(client, db):
    response = client.get(reverse("schemes:detail", kwargs={"pk": 99999}))
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_the_scheme_page_costs_the_same_queries_for_one_unit_or_many(client, db):
    small = SchemeFactory(status=SchemeStatus.ACTIVE, units=[UnitFactory(elements=1)])
    large = SchemeFactory(status=SchemeStatus.ACTIVE, units=[UnitFactory(elements=4) for _ in range(6)])
    client.get(detail_url(small))  # warm the per-process caches (LSP profile, content types)
    with CaptureQueriesContext(connection) as small_queries:
        client.get(detail_url(small))
    with CaptureQueriesContext(connection) as large_queries:
        client.get(detail_url(large))
    assert len(large_queries) == len(small_queries)


def test_management_activates_a_draft_from_its_page(client, cast):
    scheme = SchemeFactory(units=[UnitFactory()])
    client.force_login(cast.manajer)
    response = client.post(reverse("schemes:activate", kwargs={"pk": scheme.pk}), follow=True)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.ACTIVE
    assert "Skema telah aktif dan terbuka untuk pemohon." in response.content.decode()


def test_activating_an_empty_scheme_shows_why_it_was_refused(client, cast):
    scheme = SchemeFactory()
    client.force_login(cast.admin_lsp)
    response = client.post(reverse("schemes:activate", kwargs={"pk": scheme.pk}), follow=True)
    assert "Skema tanpa unit kompetensi tidak dapat diaktifkan." in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.DRAFT


@pytest.mark.parametrize("role", ["komite", "asesor", "asesi", "admin_tuk"])
def test_other_roles_cannot_activate_or_retire(client, cast, role):
    draft = SchemeFactory(units=[UnitFactory()])
    active = SchemeFactory(status=SchemeStatus.ACTIVE, units=[UnitFactory()])
    client.force_login(getattr(cast, role))
    assert client.post(reverse("schemes:activate", kwargs={"pk": draft.pk})).status_code == 403
    assert client.post(reverse("schemes:retire", kwargs={"pk": active.pk})).status_code == 403
    draft.refresh_from_db()
    active.refresh_from_db()
    assert (draft.status, active.status) == (SchemeStatus.DRAFT, SchemeStatus.ACTIVE)


def test_status_changes_need_a_post(client, cast):
    scheme = SchemeFactory(status=SchemeStatus.ACTIVE, units=[UnitFactory()])
    client.force_login(cast.admin_lsp)
    assert client.get(reverse("schemes:retire", kwargs={"pk": scheme.pk})).status_code == 405
    response = client.post(reverse("schemes:retire", kwargs={"pk": scheme.pk}))
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.RETIRED


def test_provisional_units_are_flagged_on_the_scheme_page(client, cast):
    scheme = SchemeFactory(
        units=[UnitFactory(code=None, is_provisional=True, title="Melaksanakan Media Relations")]
    )
    client.force_login(cast.manajer)
    page = client.get(detail_url(scheme)).content.decode()
    assert "unit sementara" in page and "Melaksanakan Media Relations" in page


def resolve_url(scheme, unit):
    return reverse("schemes:unit_resolve", kwargs={"pk": scheme.pk, "unit_pk": unit.pk})


def test_management_resolves_a_provisional_unit_by_code_and_can_then_activate(client, cast):
    known = UnitFactory(code="M.70MKT00.027.2", elements=1)
    provisional = UnitFactory(code=None, is_provisional=True, title="Menyusun Pelayanan yang Khas")
    scheme = SchemeFactory(units=[provisional])
    client.force_login(cast.manajer)
    assert "Ganti dengan unit berkode" in client.get(detail_url(scheme)).content.decode()
    response = client.post(resolve_url(scheme, provisional), {"code": "M.70.MKT00.027.2"}, follow=True)
    assert "Unit sekarang M.70MKT00.027.2" in response.content.decode()
    assert scheme.scheme_units.get().unit == known
    client.post(reverse("schemes:activate", kwargs={"pk": scheme.pk}))
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.ACTIVE


def test_resolving_with_an_unknown_code_is_explained_and_changes_nothing(client, cast):
    provisional = UnitFactory(code=None, is_provisional=True)
    scheme = SchemeFactory(units=[provisional])
    client.force_login(cast.admin_lsp)
    response = client.post(resolve_url(scheme, provisional), {"code": "X.99ZZZ00.001.1"}, follow=True)
    assert "Tidak ada unit berkode X.99ZZZ00.001.1; impor dulu standarnya." in response.content.decode()
    assert scheme.scheme_units.get().unit == provisional


@pytest.mark.parametrize("role", ["komite", "asesor", "asesi", "admin_tuk"])
def test_other_roles_cannot_resolve_units(client, cast, role):
    UnitFactory(code="M.70MKT00.027.2")
    provisional = UnitFactory(code=None, is_provisional=True)
    scheme = SchemeFactory(units=[provisional])
    client.force_login(getattr(cast, role))
    assert client.post(resolve_url(scheme, provisional), {"code": "M.70MKT00.027.2"}).status_code == 403
    assert scheme.scheme_units.get().unit == provisional
