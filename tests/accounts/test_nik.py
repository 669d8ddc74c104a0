"""An NIK given by two accounts: never a 500 nor a tell-tale refusal; the LSP decides whose it is."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from kompeten.accounts import services
from kompeten.accounts.models import ApplicantProfile, Role
from kompeten.core.errors import DomainError
from tests.accounts.test_registration import profile_data
from tests.factories import UserFactory

NIK = "3171015708900002"


def save(user, **overrides):
    data = profile_data(**{"full_name": user.email, **overrides})
    full_name, nik = data.pop("full_name"), data.pop("nik")
    data["date_of_birth"] = __import__("datetime").date(1990, 8, 17)
    return services.applicant_profile_update(actor=user, user=user, full_name=full_name, nik=nik, **data)


def test_a_race_lost_at_the_unique_index_ends_pending_not_in_an_error(db, cast, monkeypatch):
    holder, late = UserFactory(roles=[Role.ASESI]), UserFactory(roles=[Role.ASESI])
    save(holder)
    real = services._nik_holder
    calls = []

    def missed_once(digest, user):  # the other account committed between the check and the save
        calls.append(user)
        return None if len(calls) == 1 else real(digest, user)

    monkeypatch.setattr(services, "_nik_holder", missed_once)
    profile = save(late)
    assert profile.nik_pending and profile.nik_digest is None and profile.nik == NIK
    assert cast.admin_lsp.notifications.count() == 1


def test_the_lsp_confirms_whose_nik_it_is_and_the_former_holder_waits_in_turn(db, cast):
    holder, claimant = UserFactory(roles=[Role.ASESI]), UserFactory(roles=[Role.ASESI])
    save(holder)
    pending = save(claimant)
    with pytest.raises(PermissionDenied):
        services.applicant_nik_confirm(actor=claimant, profile=pending)
    services.applicant_nik_confirm(actor=cast.admin_lsp, profile=pending)
    pending.refresh_from_db()
    former = ApplicantProfile.objects.get(user=holder)
    assert pending.nik_digest and not pending.nik_pending
    assert former.nik_digest is None and former.nik_pending
    services.applicant_nik_refuse(actor=cast.admin_lsp, profile=former)
    former.refresh_from_db()
    assert (former.nik, former.nik_masked, former.nik_pending) == ("", "", False)
    assert "Masukkan NIK" in holder.notifications.get().text
    with pytest.raises(DomainError, match="tidak memiliki NIK yang menunggu"):
        services.applicant_nik_refuse(actor=cast.admin_lsp, profile=former)


def test_the_lsp_finds_the_pending_niks_in_the_admin_and_resolves_them(client, db, cast):
    holder, claimant = UserFactory(roles=[Role.ASESI]), UserFactory(roles=[Role.ASESI])
    save(holder)
    pending = save(claimant)
    client.force_login(cast.admin_lsp)
    listing = client.get("/admin/accounts/applicantprofile/?nik_pending__exact=1").content.decode()
    assert str(claimant) in listing and str(holder) not in listing
    assert NIK not in listing  # masked in the admin as everywhere
    client.post(
        "/admin/accounts/applicantprofile/",
        {"action": "refuse_nik", "_selected_action": [pending.pk]},
    )
    pending.refresh_from_db()
    assert not pending.nik_pending and pending.nik == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the unique index under real concurrency needs PostgreSQL"
)
def test_eight_accounts_saving_the_same_nik_at_once_get_no_error_and_one_holds_it(transactional_db, cast):
    users = [UserFactory(email=f"nik{n}@contoh.id", roles=[Role.ASESI]) for n in range(8)]
    errors = []
    barrier = threading.Barrier(8)

    def run(user):
        try:
            barrier.wait()
            save(user)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    profiles = ApplicantProfile.objects.filter(user__in=users)
    assert profiles.count() == 8
    assert profiles.filter(nik_digest__isnull=False, nik_pending=False).count() == 1
    assert profiles.filter(nik_digest__isnull=True, nik_pending=True).count() == 7
    assert all(profile.nik == NIK for profile in profiles)
    assert cast.admin_lsp.notifications.count() == 7


def test_an_application_is_not_accepted_while_its_candidates_nik_waits_for_the_lsp(with_documents, cast):
    from kompeten.cases.models import CaseStatus
    from kompeten.cases.services import DocumentDecision, case_submit, case_verify

    claimant = save(UserFactory(roles=[Role.ASESI]))  # the same NIK as the candidate of the application
    services.applicant_nik_confirm(actor=cast.admin_lsp, profile=claimant)  # the LSP found it is theirs
    case = case_submit(actor=with_documents.asesi, case=with_documents, declaration=True)
    decide = {
        "documents": {e.pk: DocumentDecision(True) for e in case.evidence.all()},
        "requirements": {r.pk: True for r in case.scheme.requirements.all()},
        "outcome": "accept",
    }
    with pytest.raises(DomainError, match="Akun lain mengisi NIK yang sama dengan asesi ini"):
        case_verify(actor=cast.admin_lsp, case=case, **decide)
    services.applicant_nik_refuse(actor=cast.admin_lsp, profile=with_documents.asesi.applicant_profile)
    # with no NIK the profile is incomplete; the candidate gives theirs and the LSP can go on
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
