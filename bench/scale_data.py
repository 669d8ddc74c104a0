"""An LSP of a given size, generated in bulk for load and scale measurements: ``generate(asesi=100_000)`` writes
100 000 candidates with 120 000 cases, about 1 000 000 FR.APL.02 answers, the jadwal, assessors, TUKs,
certificates and audit events that go with them, in minutes (bulk inserts; every account shares one password
hash, computed once).

Everything else scales with the number of candidates, so that what one person sees stays the same size:
one assessor per 500 candidates (about 600 cases each), one TUK per 2 000, jadwal of 20 participants.
The shape of the cases follows a working LSP: most certified, some not yet competent, the rest spread over
every step from draft to decision. Deterministic: the same size gives the same data.

Run on its own against ``DATABASE_URL`` (migrated): ``python bench/scale_data.py 100000``.
"""

import datetime
import itertools
import sys

SCHEMES, UNITS_PER_SCHEME, ELEMENTS_PER_UNIT = 10, 5, 2  # ten elements to answer in FR.APL.02
CANDIDATES_PER_ASSESSOR, CANDIDATES_PER_TUK, PARTICIPANTS_PER_SESSION = 500, 2_000, 20
BATCH = 5_000
PASSWORD = "bench-password"  # every generated account's

# Out of every 100 cases, by the last two digits of the case's number: the status it is in.
STATUS_SHARES = [
    ("draft", 3),
    ("submitted", 3),
    ("returned", 1),
    ("rejected", 1),
    ("verified", 3),
    ("self_assessed", 3),
    ("asesor_assigned", 3),
    ("apl02_continue", 3),
    ("apl02_not_continue", 1),
    ("scheduled", 3),
    ("consented", 1),
    ("assessing", 1),
    ("recommended", 3),
    ("competent", 2),
    ("not_yet_competent", 12),
    ("certified", 57),
]
STATUS_BY_PERCENT = [status for status, share in STATUS_SHARES for _ in range(share)]
assert len(STATUS_BY_PERCENT) == 100
NOT_SELF_ASSESSED = {"draft", "submitted", "returned", "rejected", "verified"}
NOT_ASSIGNED = NOT_SELF_ASSESSED | {"self_assessed"}
# The jadwal a case is in: still to be held, held and waiting for the committee, or held and decided.
PHASE = {
    **dict.fromkeys(("scheduled", "consented", "assessing"), "upcoming"),
    "recommended": "awaiting decision",
    **dict.fromkeys(("competent", "not_yet_competent", "certified"), "decided"),
}


def batches(items, size: int = BATCH):
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _staff(role, count: int, prefix: str, password: str, *, is_staff: bool = False) -> list:
    from kompeten.accounts.models import RoleAssignment, User

    users = User.objects.bulk_create(
        User(
            email=f"{prefix}{n}@skala.kompeten.id",
            full_name=f"{prefix.title()} {n}",
            password=password,
            is_staff=is_staff,
        )
        for n in range(1, count + 1)
    )
    RoleAssignment.objects.bulk_create(RoleAssignment(user=user, role=role) for user in users)
    return users


def _schemes() -> tuple[list, dict, dict]:
    """The schemes, and by scheme its units as a certificate lists them and its elements' ids in order."""
    from kompeten.schemes.models import Scheme, SchemeKind, SchemeStatus, SchemeUnit
    from kompeten.standards.models import Criterion, Element, Standard, Unit

    standard = Standard.objects.create(number=1, year=2022, title="Standar Kompetensi Skala")
    schemes, units, elements = [], {}, {}
    for s in range(SCHEMES):
        scheme = Scheme.objects.create(
            code=f"SKM/SKALA/{s:03d}/2026",
            title=f"Skema Skala {s}",
            kind=SchemeKind.OKUPASI,
            status=SchemeStatus.ACTIVE,
        )
        units[scheme.pk], elements[scheme.pk] = [], []
        for u in range(1, UNITS_PER_SCHEME + 1):
            unit = Unit.objects.create(
                standard=standard,
                code=f"M.70SKL00.{s * UNITS_PER_SCHEME + u:03d}.1",
                code_printed=f"M.70SKL00.{s * UNITS_PER_SCHEME + u:03d}.1",
                title=f"Melaksanakan Pekerjaan Skala {s}.{u}",
            )
            SchemeUnit.objects.create(scheme=scheme, unit=unit, order=u)
            units[scheme.pk].append({"code": unit.code, "title": unit.title})
            for e in range(1, ELEMENTS_PER_UNIT + 1):
                element = Element.objects.create(unit=unit, number=str(e), title=f"Elemen {e}", order=e)
                elements[scheme.pk].append(element.pk)
                Criterion.objects.bulk_create(
                    Criterion(element=element, number=f"{e}.{k}", text=f"Kriteria {e}.{k} dipenuhi.", order=k)
                    for k in (1, 2, 3)
                )
        schemes.append(scheme)
    return schemes, units, elements


def generate(asesi: int) -> dict:
    """Writes the LSP into the (migrated, empty) default database; returns what was written and whom to sign
    in as: one user of each role, the assessor, the candidate and the TUK admin being typical ones."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from kompeten.accounts.models import ApplicantProfile, Role, RoleAssignment, User
    from kompeten.assessments.models import (
        AssessmentSession,
        Participant,
        SessionAssessor,
        SessionStatus,
        Tuk,
    )
    from kompeten.cases.models import Case, SelfAssessment
    from kompeten.certificates.models import Certificate, CertificateStatus, new_verification_token
    from kompeten.core.models import AuditEvent

    password = make_password(PASSWORD)
    now = timezone.now()
    with transaction.atomic():
        admin, manajer, komite = (
            _staff(role, 1, prefix, password, is_staff=role != Role.KOMITE_TEKNIS)[0]
            for role, prefix in (
                (Role.ADMIN_LSP, "admin"),
                (Role.MANAJER_SERTIFIKASI, "manajer"),
                (Role.KOMITE_TEKNIS, "komite"),
            )
        )
        assessors = _staff(Role.ASESOR, max(1, asesi // CANDIDATES_PER_ASSESSOR), "asesor", password)
        tuk_admins = _staff(Role.ADMIN_TUK, max(1, asesi // CANDIDATES_PER_TUK), "admintuk", password)
        tuks = Tuk.objects.bulk_create(
            Tuk(name=f"TUK Skala {n}", kind="sewaktu", address=f"Jalan Skala {n}, Jakarta")
            for n in range(len(tuk_admins))
        )
        for tuk, tuk_admin in zip(tuks, tuk_admins, strict=True):
            tuk.admins.add(tuk_admin)
        schemes, units, elements = _schemes()

        candidates = []
        for chunk in batches(range(asesi)):
            users = User.objects.bulk_create(
                User(email=f"asesi{n}@skala.kompeten.id", full_name=f"Asesi Skala {n:06d}", password=password)
                for n in chunk
            )
            RoleAssignment.objects.bulk_create(RoleAssignment(user=user, role=Role.ASESI) for user in users)
            ApplicantProfile.objects.bulk_create(
                ApplicantProfile(
                    user=user,
                    place_of_birth="Bandung",
                    date_of_birth=datetime.date(1990, 1, 1) + datetime.timedelta(days=n % 5000),
                    sex="L" if n % 2 else "P",
                    address=f"Jalan Asesi {n}, Bandung",
                    phone=f"0812{n:08d}",
                )
                for n, user in zip(chunk, users, strict=True)
            )
            candidates.extend(users)

        # Every candidate's case in one scheme; one in five has a second case in the next scheme. The cases in
        # a jadwal are grouped twenty at a time by scheme and phase (PHASE), each group with one
        # assessor; the other assigned cases go round the assessors.
        plan = [(user, schemes[n % SCHEMES]) for n, user in enumerate(candidates)]
        plan += [(user, schemes[(n + 1) % SCHEMES]) for n, user in enumerate(candidates) if n % 5 == 0]
        statuses = [STATUS_BY_PERCENT[number % 100] for number in range(len(plan))]
        open_group, group_keys, members = {}, [], []
        group_of = {}
        for number, ((_user, scheme), status) in enumerate(zip(plan, statuses, strict=True)):
            if status in PHASE:
                key = (scheme.pk, PHASE[status])
                group = open_group.get(key)
                if group is None or len(members[group]) == PARTICIPANTS_PER_SESSION:
                    group = open_group[key] = len(group_keys)
                    group_keys.append(key)
                    members.append([])
                members[group].append(number)
                group_of[number] = group

        def assessor_of(number: int):
            if statuses[number] in NOT_ASSIGNED:
                return None
            return assessors[group_of.get(number, number) % len(assessors)]

        case_type = ContentType.objects.get_for_model(Case)
        cases = []
        for start, chunk in zip(itertools.count(0, BATCH), batches(plan), strict=False):
            batch = []
            for number, (user, scheme) in enumerate(chunk, start=start):
                status = statuses[number]
                opened = now - datetime.timedelta(days=30 + (number * 7) % 1000, minutes=number % 1440)
                batch.append(
                    Case(
                        reference=f"APL-SKL-{number:07d}",
                        asesi=user,
                        scheme=scheme,
                        scheme_code=scheme.code,
                        purpose="sertifikasi",
                        status=status,
                        created_at=opened,
                        submitted_at=None if status == "draft" else opened,
                        verified_by=None if status in ("draft", "submitted", "returned") else admin,
                        asesor=assessor_of(number),
                    )
                )
            cases.extend(Case.objects.bulk_create(batch))
            AuditEvent.objects.bulk_create(
                AuditEvent(
                    actor=case.asesi,
                    code="kompeten.case.submitted",
                    object_type=case_type,
                    object_id=str(case.pk),
                    object_repr=case.reference,
                )
                for case in batch
                if case.status != "draft"
            )

        answers = 0
        for chunk in batches([case for case in cases if case.status not in NOT_SELF_ASSESSED], BATCH // 10):
            rows = SelfAssessment.objects.bulk_create(
                SelfAssessment(
                    case=case,
                    element_id=element,
                    answer="BK" if (case.pk + index) % 23 == 0 else "K",
                    evidence_note="Sertifikat pelatihan dan surat keterangan kerja.",
                    version=1,
                )
                for case in chunk
                for index, element in enumerate(elements[case.scheme_id])
            )
            answers += len(rows)

        # The jadwal: upcoming ones in the coming month, those waiting for the committee in the past week,
        # decided ones two weeks after their cases were opened.
        sessions = []
        for group, ((scheme_pk, phase), numbers) in enumerate(zip(group_keys, members, strict=True)):
            starts = {
                "upcoming": now + datetime.timedelta(days=1 + group % 30),
                "awaiting decision": now - datetime.timedelta(days=1 + group % 7),
                "decided": max(cases[number].created_at for number in numbers) + datetime.timedelta(days=14),
            }[phase]
            sessions.append(
                AssessmentSession(
                    reference=f"JDW-SKL-{group:06d}",
                    scheme_id=scheme_pk,
                    tuk=tuks[group % len(tuks)],
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=8),
                    quota=PARTICIPANTS_PER_SESSION,
                    status=SessionStatus.PLANNED if phase == "upcoming" else SessionStatus.DONE,
                    created_by=admin,
                )
            )
        AssessmentSession.objects.bulk_create(sessions, batch_size=BATCH)
        SessionAssessor.objects.bulk_create(
            (
                SessionAssessor(
                    session=session, asesor=cases[numbers[0]].asesor, declared_at=session.starts_at
                )
                for session, numbers in zip(sessions, members, strict=True)
            ),
            batch_size=BATCH,
        )
        participants = Participant.objects.bulk_create(
            (
                Participant(session=session, case=cases[number], asesor=cases[number].asesor)
                for session, numbers in zip(sessions, members, strict=True)
                for number in numbers
            ),
            batch_size=BATCH,
        )

        certificates = []
        for case in cases:
            if case.status != "certified":
                continue
            issued_on = (case.created_at + datetime.timedelta(days=21)).date()
            certificates.append(
                Certificate(
                    case=case,
                    number=f"{case.scheme.code}/{case.pk:07d}/{issued_on.year}",
                    registration_number=f"REG-SKL-{case.pk:07d}",
                    sequence_key=f"{issued_on.year}",
                    sequence=case.pk,
                    token=new_verification_token(),
                    holder_name=case.asesi.full_name,
                    scheme_code=case.scheme.code,
                    scheme_title=case.scheme.title,
                    units=units[case.scheme_id],
                    issued_on=issued_on,
                    expires_on=issued_on + datetime.timedelta(days=3 * 365),
                    status=CertificateStatus.ACTIVE,
                    issued_by=admin,
                    issued_at=now - datetime.timedelta(minutes=case.pk % 100_000),
                )
            )
        Certificate.objects.bulk_create(certificates, batch_size=BATCH)

    with_two_cases = candidates[0]
    return {
        "asesi": len(candidates),
        "cases": len(cases),
        "kuk_answers": answers,
        "sessions": len(sessions),
        "participants": len(participants),
        "certificates": len(certificates),
        "assessors": len(assessors),
        "tuks": len(tuks),
        "users": {
            "admin_lsp": admin.pk,
            "manajer": manajer.pk,
            "komite": komite.pk,
            "asesor": assessors[0].pk,
            "asesi": with_two_cases.pk,
            "admin_tuk": tuk_admins[0].pk,
        },
        "tokens": [certificate.token for certificate in certificates[:: max(1, len(certificates) // 2000)]],
    }


if __name__ == "__main__":
    import json
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompeten.settings")
    django.setup()
    summary = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
    print(json.dumps({key: value for key, value in summary.items() if key != "tokens"}))
