"""The data download of a person (UU PDP: the right of access): it reads the account, the cases and the
certificates, so it lives here, above every app it reads."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from kompeten.accounts.models import ApplicantProfile, User
from kompeten.cases.models import Case
from kompeten.certificates.models import Certificate
from kompeten.core.models import AuditEvent


def applicant_data_export(user: User) -> dict:
    """Everything Kompeten holds about a person, for them to download (UU PDP: the right of access)."""
    profile = ApplicantProfile.objects.filter(user=user).first()
    data = {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
            "roles": [role.value for role in user.roles],
        },
        "profile": None,
        "consents": [
            {"text": consent.text, "given_at": consent.given_at.isoformat()}
            for consent in user.consents.all()
        ],
        "activity": [
            {"time": event.created_at.isoformat(), "event": event.code, "data": event.data}
            for event in AuditEvent.objects.filter(actor=user).order_by("created_at")[:1000]
        ],
    }

    data["cases"] = [
        {
            "reference": case.reference,
            "scheme": case.scheme.code,
            "scheme_title": case.scheme.title,
            "purpose": case.purpose,
            "status": case.status,
            "opened_at": case.created_at.isoformat(),
            "documents": [
                {"name": item.original_name, "sha256": item.sha256, "status": item.status, "note": item.note}
                for item in case.evidence.all()
            ],
            "self_assessment": [
                {"element": answer.element_id, "answer": answer.answer, "evidence_note": answer.evidence_note}
                for answer in case.self_assessments.all()
            ],
        }
        for case in Case.objects.filter(asesi=user)
        .select_related("scheme")
        .prefetch_related("evidence", "self_assessments")
    ]

    case_ids = [str(pk) for pk in Case.objects.filter(asesi=user).values_list("pk", flat=True)]
    about = Q(object_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)) | Q(
        object_type=ContentType.objects.get_for_model(Case), object_id__in=case_ids
    )
    data["events_about_me"] = [
        {"time": event.created_at.isoformat(), "event": event.code, "object": event.object_repr}
        for event in AuditEvent.objects.filter(about).order_by("created_at")[:5000]
    ]
    data["notifications"] = [
        {"time": item.created_at.isoformat(), "text": item.text, "link": item.link}
        for item in user.notifications.order_by("created_at")[:5000]
    ]
    data["certificates"] = [
        {
            "number": certificate.number,
            "scheme": certificate.case.scheme.code,
            "status": certificate.status,
            "issued_on": certificate.issued_on.isoformat() if certificate.issued_on else None,
            "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
        }
        for certificate in Certificate.objects.filter(case__asesi=user).select_related("case__scheme")
    ]
    if profile is not None:
        data["profile"] = {
            "nationality": profile.nationality,
            "nik": profile.nik,
            "passport_number": profile.passport_number,
            "province": profile.province,
            "place_of_birth": profile.place_of_birth,
            "date_of_birth": profile.date_of_birth.isoformat() if profile.date_of_birth else None,
            "sex": profile.sex,
            "address": profile.address,
            "phone": profile.phone,
            "last_education": profile.last_education,
            "employer": profile.employer,
            "job_title": profile.job_title,
            "employer_address": profile.employer_address,
        }
    return data
