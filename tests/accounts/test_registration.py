import datetime
import json
import re

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from kompeten.accounts.models import ApplicantProfile, PersonalDataConsent, Role, User
from kompeten.core.audit import audit_events_for
from tests.factories import UserFactory

SIGNUP = reverse("account_signup")
PROFILE = reverse("accounts:applicant_profile")


def register(client, email="budi@contoh.id", consent="on"):
    data = {
        "email": email,
        "password1": "sandi-kuat-2026!",
        "password2": "sandi-kuat-2026!",
        "full_name": "Budi Santoso",
    }
    if consent:
        data["consent"] = consent
    return client.post(SIGNUP, data)


def test_a_candidate_registers_consents_verifies_the_address_and_signs_in(client, db):
    page = client.get(SIGNUP).content.decode()
    assert "Undang-Undang Nomor 27 Tahun 2022" in page
    register(client)
    user = User.objects.get(email="budi@contoh.id")
    assert user.full_name == "Budi Santoso" and user.roles == [Role.ASESI]
    consent = PersonalDataConsent.objects.get(user=user)
    assert "Pelindungan Data Pribadi" in consent.text and consent.given_at
    assert audit_events_for(user)[0].code == "kompeten.applicant.registered"
    # The address must be verified before the account can be used.
    client.logout()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "sandi-kuat-2026!"})
    assert response.status_code == 302 and "confirm-email" in response.url
    link = re.search(r"http://\S+/akun/confirm-email/\S+/", mail.outbox[-1].body).group()
    client.get(link)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "sandi-kuat-2026!"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:role_dashboard", kwargs={"role_slug": "asesi"})
    assert "Lengkapi profil Anda sebelum mengajukan permohonan sertifikasi." in response.content.decode()


def test_registration_without_consent_is_refused_and_creates_nothing(client, db):
    response = register(client, consent=None)
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert not User.objects.exists()


def test_registration_can_be_closed_by_the_lsp(client, db, settings):
    settings.KOMPETEN_SIGNUP_OPEN = False
    assert "Daftar Ditutup" in client.get(SIGNUP).content.decode()


def profile_data(**overrides):
    return {
        "full_name": "Siti Rahma",
        "nationality": "WNI",
        "nik": "3171015708900002",
        "province": "31",
        "place_of_birth": "Jakarta",
        "date_of_birth": "1990-08-17",
        "sex": "P",
        "address": "Jl. Melati 5, Jakarta",
        "phone": "0812-1111-2222",
        "last_education": "S1",
        "employer": "PT Contoh",
        "job_title": "Staf Pemasaran",
        "employer_address": "Jl. Sudirman 1",
        **overrides,
    }


@pytest.fixture
def asesi(cast):
    client_user = cast.asesi
    return client_user


def test_the_profile_saves_and_keeps_the_nik_encrypted(client, asesi):
    client.force_login(asesi)
    response = client.post(PROFILE, profile_data(), follow=True)
    assert "Profil Anda telah disimpan." in response.content.decode()
    profile = ApplicantProfile.objects.get(user=asesi)
    assert profile.nik == "3171015708900002" and profile.nik_masked == "3171************"
    assert profile.is_complete
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik_encrypted FROM accounts_applicantprofile WHERE id = %s", [profile.pk])
        stored = cursor.fetchone()[0]
    assert "3171015708900002" not in stored
    event = audit_events_for(asesi)[0]
    assert "nik" in event.data["fields"] and "3171015708900002" not in json.dumps(event.data)


def test_a_nik_that_disagrees_with_the_profile_is_explained_and_nothing_saved(client, asesi):
    client.force_login(asesi)
    page = client.post(PROFILE, profile_data(sex="L")).content.decode()
    assert "tidak sesuai dengan tanggal lahir Anda" in page
    assert not ApplicantProfile.objects.filter(user=asesi, nik_masked__gt="").exists()


def test_a_nik_already_registered_elsewhere_is_answered_like_any_other_and_the_lsp_checks_it(
    client, asesi, cast
):
    other = UserFactory(roles=[Role.ASESI])
    client.force_login(other)
    first = client.post(PROFILE, profile_data(), follow=True).content.decode()
    client.force_login(asesi)
    second = client.post(PROFILE, profile_data(), follow=True).content.decode()
    # the same answer whether the NIK was known or not: registering reveals nobody's NIK
    assert "Profil Anda telah disimpan." in first and "Profil Anda telah disimpan." in second
    assert "sudah terdaftar" not in second
    holder, pending = ApplicantProfile.objects.get(user=other), ApplicantProfile.objects.get(user=asesi)
    assert holder.nik_digest and not holder.nik_pending
    assert pending.nik == "3171015708900002" and pending.nik_digest is None and pending.nik_pending
    notice = cast.admin_lsp.notifications.get()
    assert "NIK yang sudah terdaftar pada akun lain" in notice.text and str(pending.pk) in notice.link
    assert "kompeten.applicant.nik_pending" in [event.code for event in audit_events_for(asesi)]
    # saving again changes nothing and tells the LSP nothing new
    client.post(PROFILE, profile_data())
    assert cast.admin_lsp.notifications.count() == 1


def test_foreigners_give_a_passport_number_instead(client, asesi):
    client.force_login(asesi)
    page = client.post(PROFILE, profile_data(nationality="WNA", nik="", province="")).content.decode()
    assert "Warga negara asing wajib mengisi nomor paspor." in page
    client.post(PROFILE, profile_data(nationality="WNA", nik="", province="", passport_number="X1234567"))
    profile = ApplicantProfile.objects.get(user=asesi)
    assert (profile.passport_number, profile.nik) == ("X1234567", "")


def test_a_candidate_downloads_all_their_data(client, asesi):
    client.force_login(asesi)
    client.post(PROFILE, profile_data())
    response = client.get(reverse("accounts:my_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == asesi.email
    assert data["profile"]["nik"] == "3171015708900002"
    assert data["profile"]["date_of_birth"] == datetime.date(1990, 8, 17).isoformat()


@pytest.mark.parametrize("role", ["admin_lsp", "manajer", "komite", "asesor", "admin_tuk"])
def test_the_candidate_profile_page_is_for_candidates(client, cast, role):
    client.force_login(getattr(cast, role))
    assert client.get(PROFILE).status_code == 403


def test_personal_data_is_visible_to_the_person_and_lsp_management_only(cast):
    profile = ApplicantProfile.objects.create(user=cast.asesi)
    assert cast.asesi.has_perm("accounts.view_applicantprofile", profile)
    assert cast.admin_lsp.has_perm("accounts.view_applicantprofile", profile)
    assert cast.manajer.has_perm("accounts.view_applicantprofile", profile)
    for user in [cast.asesor, cast.komite, cast.admin_tuk, UserFactory(roles=[Role.ASESI])]:
        assert not user.has_perm("accounts.view_applicantprofile", profile)


def test_the_download_holds_the_cases_documents_answers_and_what_was_recorded_about_the_person(
    client, with_documents
):
    asesi = with_documents.asesi
    client.force_login(asesi)
    data = json.loads(client.get(reverse("accounts:my_data")).content)
    (case,) = data["cases"]
    assert case["reference"] == with_documents.reference and len(case["documents"]) == 2
    about = [event["event"] for event in data["events_about_me"]]
    assert "kompeten.case.evidence_uploaded" in about and "kompeten.applicant.profile_updated" in about
    assert data["certificates"] == [] and isinstance(data["notifications"], list)


def test_a_person_asks_the_lsp_to_correct_their_data_and_the_admin_lsp_is_told(client, asesi, cast):
    client.force_login(asesi)
    url = reverse("accounts:correction_request")
    refused = client.post(url, {"text": "  "}, follow=True).content.decode()
    assert "Tuliskan apa yang salah dan seharusnya bagaimana." in refused
    page = client.post(url, {"text": "Tanggal lahir saya 18 Agustus."}, follow=True).content.decode()
    assert "Permintaan Anda telah dikirim ke LSP" in page
    notice = cast.admin_lsp.notifications.get()
    assert "meminta LSP memperbaiki datanya: Tanggal lahir saya 18 Agustus." in notice.text
    assert audit_events_for(asesi)[0].code == "kompeten.applicant.correction_requested"
    assert "Minta LSP memperbaiki data saya" in client.get(PROFILE).content.decode()
