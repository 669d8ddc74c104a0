import datetime
import functools
from dataclasses import dataclass, fields

from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from kompeten.assessments.models import AssessmentSession, Participant
from kompeten.cases.models import CaseStatus
from kompeten.certificates.models import Certificate, CertificateStatus
from kompeten.core.formdata import same_name

DECIDED = (CaseStatus.COMPETENT, CaseStatus.NOT_YET_COMPETENT)


SESSIONS_SHOWN = 30  # of the sessions waiting for decisions, and of those decided


def sessions_for_committee(*, shown: int | None = None) -> tuple[list, int]:
    """The sessions with recommendations waiting for a decision, the longest waiting first, then the latest
    sessions with decisions and nothing waiting (``shown`` of each), with ``waiting`` and ``decided`` counted;
    and how many sessions are waiting in all. Five queries, none over the LSP's whole history."""
    shown = shown or SESSIONS_SHOWN
    recommended = Participant.objects.filter(case__status=CaseStatus.RECOMMENDED).order_by()
    waiting_ids = set(recommended.values_list("session_id", flat=True))  # found from the cases' status
    waiting = list(
        AssessmentSession.objects.filter(pk__in=waiting_ids)
        .order_by("starts_at")
        .values_list("pk", flat=True)[:shown]
    )
    decided = Participant.objects.filter(case__status__in=DECIDED, session=OuterRef("pk"))
    done = list(
        AssessmentSession.objects.filter(Exists(decided))
        .exclude(pk__in=waiting_ids)
        .order_by("-starts_at")
        .values_list("pk", flat=True)[:shown]
    )
    sessions = AssessmentSession.objects.select_related("scheme", "tuk").in_bulk([*waiting, *done])
    # counted in a query of their own, as measured in the README's load figures (annotating the in_bulk query
    # with two filtered Counts was no faster in bench/scale_bench.py)
    for session in sessions.values():
        session.waiting = session.decided = 0
    for session_id, status, n in (
        Participant.objects.filter(session__in=sessions, case__status__in=(CaseStatus.RECOMMENDED, *DECIDED))
        .order_by()
        .values_list("session", "case__status")
        .annotate(n=Count("pk"))
    ):
        if status == CaseStatus.RECOMMENDED:
            sessions[session_id].waiting = n
        else:
            sessions[session_id].decided += n
    return [sessions[pk] for pk in (*waiting, *done)], len(waiting_ids)


def session_decisions(session) -> list:
    """The session's participants with their FR.AK.02 and decision, by name."""
    return list(
        session.participants.select_related(
            "case__asesi", "case__decision__decided_by", "asesor", "record", "session"
        )
        .prefetch_related("session__assessors")
        .filter(case__status__in=(CaseStatus.RECOMMENDED, *DECIDED))
        .order_by("case__asesi__full_name")
    )


def public_status(certificate) -> str:
    """What verification says: the recorded status, or expired once the validity has passed."""
    if certificate.status == CertificateStatus.ACTIVE and certificate.expires_on < timezone.localdate():
        return CertificateStatus.EXPIRED
    return certificate.status


def public_facts(certificate) -> dict:
    """Everything verification shows: nothing personal beyond the holder's name."""
    return {
        "status": public_status(certificate),
        "number": certificate.number,
        "registration_number": certificate.registration_number,
        "holder": certificate.holder_name,
        "scheme": {"code": certificate.scheme_code, "title": certificate.scheme_title},
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat(),
    }


@dataclass(frozen=True)
class PublicCertificate:
    """What public verification reads of a certificate, and nothing else."""

    status: str
    number: str
    registration_number: str
    holder_name: str
    scheme_code: str
    scheme_title: str
    issued_on: datetime.date
    expires_on: datetime.date


PUBLIC_FIELDS = tuple(field.name for field in fields(PublicCertificate))


@functools.cache
def _by_token_sql(vendor: str) -> str:
    """The ORM's own SQL for the lookup, compiled once per process and database kind."""
    query = Certificate.objects.filter(token="").values_list(*PUBLIC_FIELDS)[:1].query
    sql, _params = query.get_compiler(connection=connection).as_sql()
    return sql


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)  # SQLite: text


def certificate_by_token(token: str) -> PublicCertificate | None:
    """The certificate a verification address names, or None. The busiest public read: its SQL is compiled
    once, and it fetches the eight columns verification shows without building a model instance."""
    with connection.cursor() as cursor:
        cursor.execute(_by_token_sql(connection.vendor), [token])
        row = cursor.fetchone()
    if row is None:
        return None
    *text, issued_on, expires_on = row
    return PublicCertificate(*text, _as_date(issued_on), _as_date(expires_on))


def certificate_by_number_and_name(number: str, name: str):
    """The certificate with this number whose holder is ``name`` (case and spacing aside), or None."""
    certificate = Certificate.objects.filter(number=number.strip()).first()
    if certificate is None or not same_name(certificate.holder_name, name):
        return None
    return certificate


def session_issue_progress(session) -> dict:
    """How far the certificates of a jadwal are: decided competent, issued, and with their PDF."""
    competent = session.participants.filter(
        case__status__in=(CaseStatus.COMPETENT, CaseStatus.CERTIFIED)
    ).count()
    issued = Certificate.objects.filter(case__participant__session=session)
    done = issued.count()
    rendered = issued.exclude(pdf="").count()
    return {
        "competent": competent,
        "issued": done,
        "rendered": rendered,
        "percent": round(100 * rendered / competent) if competent else 0,
        "finished": competent > 0 and rendered == competent,
    }
