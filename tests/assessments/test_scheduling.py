import datetime
import threading
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from kompeten.accounts.models import AssessorProfile, Role
from kompeten.assessments import services
from kompeten.assessments.models import AssessmentSession
from kompeten.cases.models import Case, CaseStatus
from kompeten.core.audit import audit_events_for
from kompeten.core.errors import DomainError
from tests.assessment_fixtures import ready_case, verified_tuk
from tests.factories import UserFactory

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
TODAY = datetime.date.today()
START = datetime.datetime.combine(TODAY + datetime.timedelta(days=30), datetime.time(8, 0), tzinfo=WITA)


@pytest.fixture
def tuk(cast, scheme):
    return verified_tuk(
        scheme, cast.asesor, name="TUK Balikpapan", address="Jl. A", time_zone="Asia/Makassar"
    )


@pytest.fixture
def session(cast, scheme, tuk):
    return services.session_create(
        actor=cast.manajer,
        scheme=scheme,
        tuk=tuk,
        starts_at=START,
        ends_at=START + datetime.timedelta(hours=8),
        quota=2,
    )


def licence(user, scheme, until=TODAY + datetime.timedelta(days=400)):
    profile, _ = AssessorProfile.objects.get_or_create(
        user=user, defaults={"met_number": f"MET.{user.pk}", "licence_expires_on": until}
    )
    profile.licence_expires_on = until
    profile.save()
    profile.schemes.add(scheme)
    return user


def test_a_session_needs_a_tuk_verified_for_the_scheme_on_that_day(cast, scheme, tuk):
    late = START + datetime.timedelta(days=61)
    with pytest.raises(DomainError, match="belum terverifikasi untuk skema"):
        services.session_create(
            actor=cast.manajer,
            scheme=scheme,
            tuk=tuk,
            starts_at=late,
            ends_at=late + datetime.timedelta(hours=2),
            quota=5,
        )


def test_a_candidate_is_scheduled_with_the_assessor_of_the_review(session, applicant, scheme, asesor):
    case = ready_case(applicant, scheme, asesor)
    participant = services.session_add_participant(actor=cast_of(session).manajer, session=session, case=case)
    case.refresh_from_db()
    assert (participant.asesor, case.status) == (asesor, CaseStatus.SCHEDULED)
    assert audit_events_for(case)[0].code == "kompeten.case.scheduled"
    assert session.assessors.get().asesor == asesor


def cast_of(session):
    from types import SimpleNamespace

    from kompeten.accounts.models import User

    return SimpleNamespace(manajer=User.objects.get(email="manajer@lsp.id"))


def test_another_assessor_needs_a_reason(session, applicant, scheme, asesor):
    other = licence(UserFactory(roles=[Role.ASESOR]), scheme)
    case = ready_case(applicant, scheme, asesor)
    with pytest.raises(DomainError, match="alasan menugaskan asesor lain"):
        services.session_add_participant(
            actor=cast_of(session).manajer, session=session, case=case, asesor=other
        )
    participant = services.session_add_participant(
        actor=cast_of(session).manajer, session=session, case=case, asesor=other, reason="Asesor semula sakit"
    )
    assert participant.reassignment_reason == "Asesor semula sakit"


def test_an_expired_licence_is_refused_with_its_reason(session, applicant, scheme, asesor):
    until = TODAY + datetime.timedelta(days=10)
    licence(asesor, scheme, until=until)
    with pytest.raises(DomainError, match=f"berakhir pada {until:%d-%m-%Y}, sebelum jadwal ini"):
        services.session_add_participant(
            actor=cast_of(session).manajer, session=session, case=ready_case(applicant, scheme, asesor)
        )
    assert Case.objects.get().status == CaseStatus.CONTINUE


def test_an_assessor_without_the_scheme_in_scope_is_refused(session, applicant, scheme, asesor):
    case = ready_case(applicant, scheme, asesor)  # reviewed by the assessor while the scheme was in scope
    asesor.assessor_profile.schemes.clear()
    with pytest.raises(DomainError, match="tidak berwenang menguji skema"):
        services.session_add_participant(actor=cast_of(session).manajer, session=session, case=case)


def test_a_declared_relationship_keeps_the_assessor_off_the_candidate(session, applicant, scheme, asesor):
    services.relationship_declare(actor=asesor, kind="employer", name="pt contoh")  # the candidate's employer
    with pytest.raises(DomainError, match="PT Contoh, tempat"):
        services.session_add_participant(
            actor=cast_of(session).manajer, session=session, case=ready_case(applicant, scheme, asesor)
        )


def test_a_trained_person_is_refused(session, applicant, scheme, asesor):
    services.relationship_declare(actor=asesor, kind="trained", name="x", person=applicant)
    with pytest.raises(DomainError, match="menyatakan hubungan dengan"):
        services.session_add_participant(
            actor=cast_of(session).manajer, session=session, case=ready_case(applicant, scheme, asesor)
        )


def test_an_assessor_is_never_double_booked(session, applicant, other_applicant, scheme, asesor, tuk):
    services.session_add_participant(
        actor=cast_of(session).manajer, session=session, case=ready_case(applicant, scheme, asesor)
    )
    overlapping = services.session_create(
        actor=cast_of(session).manajer,
        scheme=scheme,
        tuk=tuk,
        starts_at=START + datetime.timedelta(hours=4),
        ends_at=START + datetime.timedelta(hours=10),
        quota=3,
    )
    with pytest.raises(DomainError, match=f"sudah ditugaskan di {session.reference} pada waktu yang sama"):
        services.session_add_participant(
            actor=cast_of(session).manajer,
            session=overlapping,
            case=ready_case(other_applicant, scheme, asesor),
        )


def test_the_quota_and_the_case_status_are_respected(session, applicant, other_applicant, scheme, asesor):
    case = ready_case(applicant, scheme, asesor)
    case.status = CaseStatus.VERIFIED
    case.save()
    with pytest.raises(DomainError, match="dapat dilanjutkan"):
        services.session_add_participant(actor=cast_of(session).manajer, session=session, case=case)
    session.quota = 1
    session.save()
    services.session_add_participant(
        actor=cast_of(session).manajer, session=session, case=ready_case(other_applicant, scheme, asesor)
    )
    third = UserFactory(roles=[Role.ASESI])
    with pytest.raises(DomainError, match="penuh"):
        services.session_add_participant(
            actor=cast_of(session).manajer, session=session, case=ready_case(third, scheme, asesor)
        )


def test_the_assessor_declares_no_conflict_of_interest(session, applicant, scheme, asesor):
    services.session_add_participant(
        actor=cast_of(session).manajer, session=session, case=ready_case(applicant, scheme, asesor)
    )
    assignment = services.assessor_declare(actor=asesor, session=session)
    assert assignment.declared_at and "tidak memiliki hubungan" in assignment.declaration


def test_only_management_schedules(session, cast, applicant, scheme, asesor):
    for actor in (cast.asesor, cast.asesi, cast.admin_tuk, cast.komite):
        with pytest.raises(PermissionDenied):
            services.session_add_participant(
                actor=actor, session=session, case=ready_case(applicant, scheme, asesor)
            )
        Case.objects.all().delete()


def test_times_are_shown_in_the_tuks_zone(session):
    assert timezone.localtime(session.starts_at, session.tuk.zone).hour == 8
    assert session.tuk.zone_label == "WITA"


def test_a_session_sent_twice_is_created_once(cast, scheme, tuk, session):
    with pytest.raises(DomainError, match=f"sudah ada sebagai {session.reference}"):
        services.session_create(
            actor=cast.manajer,
            scheme=scheme,
            tuk=tuk,
            starts_at=START,
            ends_at=START + datetime.timedelta(hours=8),
            quota=2,
        )
    assert AssessmentSession.objects.count() == 1


def test_session_references_continue_after_those_written_before_the_counter(cast, scheme, tuk):
    AssessmentSession.objects.create(
        reference=f"JDW-{START.year}-0007",
        scheme=scheme,
        tuk=tuk,
        starts_at=START - datetime.timedelta(days=1),
        ends_at=START - datetime.timedelta(hours=20),
        quota=1,
        created_by=cast.manajer,
    )
    session = services.session_create(
        actor=cast.manajer,
        scheme=scheme,
        tuk=tuk,
        starts_at=START,
        ends_at=START + datetime.timedelta(hours=8),
        quota=2,
    )
    assert session.reference == f"JDW-{START.year}-0008"


def _create_at_once(cast, scheme, tuk, starts):
    barrier = threading.Barrier(len(starts))
    created, refused, errors = [], [], []

    def create(starts_at):
        try:
            barrier.wait()
            created.append(
                services.session_create(
                    actor=cast.manajer,
                    scheme=scheme,
                    tuk=tuk,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=2),
                    quota=5,
                ).reference
            )
        except DomainError as error:
            refused.append(error.message)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(starts_at,)) for starts_at in starts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return created, refused


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real concurrency need PostgreSQL"
)
def test_six_sessions_created_at_once_all_get_distinct_references(transactional_db, cast, scheme, tuk):
    starts = [START + datetime.timedelta(hours=3 * n) for n in range(6)]
    created, refused = _create_at_once(cast, scheme, tuk, starts)
    assert refused == []
    assert sorted(created) == [f"JDW-{START.year}-{n:04d}" for n in range(1, 7)]
    assert AssessmentSession.objects.count() == 6


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real concurrency need PostgreSQL"
)
def test_the_same_session_sent_six_times_at_once_is_created_once(transactional_db, cast, scheme, tuk):
    created, refused = _create_at_once(cast, scheme, tuk, [START] * 6)
    assert created == [f"JDW-{START.year}-0001"]
    assert len(refused) == 5 and all(f"sudah ada sebagai {created[0]}" in message for message in refused)
    assert AssessmentSession.objects.count() == 1
