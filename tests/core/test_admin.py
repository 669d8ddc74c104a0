import json

import pytest
from django.contrib import admin
from django.urls import reverse

from kompeten.accounts.models import Role, User
from kompeten.core.audit import audit_events_for
from kompeten.core.models import AuditEvent
from kompeten.schemes.models import SchemeStatus
from kompeten.standards.models import Unit
from tests.factories import SchemeFactory, UnitFactory

REGISTERED = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


def test_every_kompeten_model_is_in_the_admin():
    for expected in [
        ("accounts", "user"),
        ("core", "auditevent"),
        ("core", "lspprofile"),
        ("standards", "standard"),
        ("standards", "unit"),
        ("standards", "element"),
        ("schemes", "scheme"),
    ]:
        assert expected in REGISTERED


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_admin_lsp_opens_every_list_in_indonesian(client, cast, app, model):
    client.force_login(cast.admin_lsp)
    response = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200
    assert "Administrasi Kompeten" in response.content.decode()


@pytest.mark.parametrize("role", ["komite", "asesor", "asesi", "admin_tuk"])
def test_non_staff_roles_cannot_enter_the_admin(client, cast, role):
    client.force_login(getattr(cast, role))
    response = client.get(reverse("admin:standards_unit_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_the_manager_reads_standards_but_cannot_change_them(client, cast):
    unit = UnitFactory()
    client.force_login(cast.manajer)
    assert client.get(reverse("admin:standards_unit_changelist")).status_code == 200
    response = client.post(
        reverse("admin:standards_unit_change", args=[unit.pk]), {"code": unit.code, "title": "Diubah"}
    )
    assert response.status_code == 403
    assert Unit.objects.get(pk=unit.pk).title != "Diubah"


def test_units_are_searched_by_code_and_title(client, cast):
    UnitFactory(code="J.63OPR00.001.2", title="Mengoperasikan Komputer")
    UnitFactory(code="M.70MKT00.003.2", title="Analisis Bisnis")
    client.force_login(cast.admin_lsp)
    page = client.get(reverse("admin:standards_unit_changelist"), {"q": "komputer"}).content.decode()
    assert "J.63OPR00.001.2" in page and "M.70MKT00.003.2" not in page


def test_the_unit_page_edits_elements_inline_and_links_to_their_kuk(client, cast):
    unit = UnitFactory(elements=2)
    client.force_login(cast.admin_lsp)
    page = client.get(reverse("admin:standards_unit_change", args=[unit.pk])).content.decode()
    assert "Elemen 2" in page
    element = unit.elements.get(order=1)
    assert reverse("admin:standards_element_change", args=[element.pk]) in page
    element_page = client.get(reverse("admin:standards_element_change", args=[element.pk])).content.decode()
    assert "Kriteria 1.2 dipenuhi." in element_page


def test_an_admin_change_is_audited_and_shown_on_the_object(client, cast):
    unit = UnitFactory(title="Judul Lama")
    client.force_login(cast.admin_lsp)
    data = {
        "standard": unit.standard_id,
        "code": unit.code,
        "code_printed": unit.code,
        "title": "Judul Baru",
        "description": "",
        "knowledge": "Prinsip analisis bisnis\r\n\r\n  Teknik SWOT  ",
        "skills": "",
        "attitudes": "",
        "critical_aspects": "",
        "variables": json.dumps(unit.variables),
        "initial-variables": json.dumps(unit.variables),  # the hidden initial value the admin form carries
        "elements-TOTAL_FORMS": "0",
        "elements-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:standards_unit_change", args=[unit.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit.refresh_from_db()
    assert unit.title == "Judul Baru"
    assert unit.knowledge == ["Prinsip analisis bisnis", "Teknik SWOT"]
    [event] = audit_events_for(unit)
    assert (event.code, event.actor) == ("kompeten.admin.changed", cast.admin_lsp)
    assert event.data == {"fields": ["title", "knowledge"]}
    page = client.get(reverse("admin:standards_unit_change", args=[unit.pk])).content.decode()
    assert "Diubah di halaman admin" in page


def test_the_audit_log_cannot_be_edited_in_the_admin(client, cast):
    AuditEvent(code="kompeten.test.event").save()
    event = AuditEvent.objects.get()
    client.force_login(cast.admin_lsp)
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    response = client.post(reverse("admin:core_auditevent_change", args=[event.pk]), {"code": "forged"})
    assert response.status_code == 403
    assert AuditEvent.objects.get().code == "kompeten.test.event"


def test_roles_are_given_in_the_user_admin_through_the_service(client, cast):
    client.force_login(cast.admin_lsp)
    user = cast.asesi
    response = client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "email": user.email,
            "full_name": user.full_name,
            "roles": [Role.ASESI, Role.MANAJER_SERTIFIKASI],
            "is_active": "on",
            "assessor_profile-TOTAL_FORMS": "0",
            "assessor_profile-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(pk=user.pk)
    assert user.roles == [Role.MANAJER_SERTIFIKASI, Role.ASESI]
    assert user.is_staff
    assert "kompeten.user.roles_changed" in [event.code for event in audit_events_for(user)]


def test_schemes_are_activated_from_the_admin_through_the_service(client, cast):
    ready = SchemeFactory(units=[UnitFactory()])
    empty = SchemeFactory()
    client.force_login(cast.manajer)
    response = client.post(
        reverse("admin:schemes_scheme_changelist"),
        {"action": "activate", "_selected_action": [ready.pk, empty.pk]},
        follow=True,
    )
    ready.refresh_from_db()
    empty.refresh_from_db()
    assert (ready.status, empty.status) == (SchemeStatus.ACTIVE, SchemeStatus.DRAFT)
    assert "Skema tanpa unit kompetensi tidak dapat diaktifkan." in response.content.decode()
