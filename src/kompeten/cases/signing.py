"""Signatures over the canonical JSON of what was signed, with the SHA-256 of every attached file."""

import hashlib
import json

from kompeten.cases.models import Case, Evidence, Signature, SignatureStep


def canonical(content: dict) -> str:
    """Sorted keys, no spaces, dates already as ISO strings: the same content always gives the same text."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def sha256_of(content: dict) -> str:
    return hashlib.sha256(canonical(content).encode()).hexdigest()


def file_sha256(evidence: Evidence) -> str | None:
    """The SHA-256 of the file as it is stored now (None when it is gone)."""
    digest = hashlib.sha256()
    try:
        with evidence.file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


def _files(evidence) -> list[dict]:
    return [
        {"id": item.pk, "name": item.original_name, "sha256": item.sha256, "requirement": item.requirement_id}
        for item in sorted(evidence, key=lambda item: item.pk)
    ]


def signed_content(case: Case, step: str) -> dict:
    """What a signature at ``step`` covers, built from the case as it is now."""
    content = {"case": case.reference, "scheme": case.scheme.code, "scheme_version": case.scheme.version}
    if step == SignatureStep.DECLARATION:
        profile = case.asesi.applicant_profile
        content.update(
            purpose=case.purpose,
            purpose_other=case.purpose_other,
            candidate={
                "full_name": case.asesi.full_name,
                "nik": profile.nik,
                "passport": profile.passport_number,
                "date_of_birth": profile.date_of_birth,
                "place_of_birth": profile.place_of_birth,
                "sex": profile.sex,
                "address": profile.address,
                "phone": profile.phone,
                "email": case.asesi.email,
                "last_education": profile.last_education,
                "employer": profile.employer,
                "job_title": profile.job_title,
            },
            files=_files(case.evidence.filter(requirement__isnull=False, superseded=False)),
        )
    elif step == SignatureStep.VERIFICATION:
        content.update(
            outcome=case.status,
            note=case.verification_note,
            documents=[
                {"id": item.pk, "sha256": item.sha256, "status": item.status, "note": item.note}
                for item in case.evidence.filter(requirement__isnull=False, superseded=False).order_by("pk")
            ],
            requirements={str(check.requirement_id): check.met for check in case.requirement_checks.all()},
        )
    elif step == SignatureStep.SELF_ASSESSMENT:
        content.update(
            answers=[
                {
                    "element": answer.element_id,
                    "answer": answer.answer,
                    "note": answer.evidence_note,
                    "files": _files(answer.evidence.all()),
                }
                for answer in case.self_assessments.order_by("element_id").prefetch_related("evidence")
            ]
        )
    elif step == SignatureStep.RECOMMENDATION:
        content.update(outcome=case.status, note=case.review_note, asesor=case.asesor_id)
    return content


def sign(case: Case, step: str, signer) -> Signature:
    content = signed_content(case, step)
    shown = dict(content)
    if "candidate" in shown:  # the record shows the NIK masked; the hash covers it whole
        from kompeten.accounts.identity import mask

        shown["candidate"] = {**shown["candidate"], "nik": mask(shown["candidate"]["nik"])}
    return Signature.objects.create(
        case=case,
        step=step,
        signer=signer,
        content_sha256=sha256_of(content),
        content=json.loads(canonical(shown)),
    )


def signature_is_intact(signature: Signature) -> bool:
    """The signed content and every signed file are still exactly what they were."""
    content = signed_content(signature.case, signature.step)
    if signature.step in (SignatureStep.VERIFICATION, SignatureStep.RECOMMENDATION):
        content["outcome"] = signature.content.get("outcome")  # the status moves on after signing
    if sha256_of(content) != signature.content_sha256:
        return False
    signed_files = {item["id"] for item in signature.content.get("files", [])}
    signed_files |= {
        item["id"] for answer in signature.content.get("answers", []) for item in answer["files"]
    }
    signed_files |= {item["id"] for item in signature.content.get("documents", [])}
    return all(file_sha256(item) == item.sha256 for item in Evidence.objects.filter(pk__in=signed_files))
