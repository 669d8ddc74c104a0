import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass, fields

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from kompeten.assessments.models import AssessmentSession, Participant
from kompeten.cases.models import Case, CaseStatus
from kompeten.certificates.models import Certificate, CertificateStatus
from kompeten.core.counts import cached, count_per_row, counts_by
from kompeten.core.formdata import same_name

DECIDED = (CaseStatus.COMPETENT, CaseStatus.NOT_YET_COMPETENT)


SESSIONS_SHOWN = 30  # a page of the sessions waiting for decisions, and of the latest decided


def _participants(*statuses: str):
    return Participant.objects.filter(case__status__in=statuses)


def _with_counts(sessions):
    """``waiting`` and ``decided`` of each session, as subqueries run for the rows fetched only."""
    return sessions.annotate(
        waiting=count_per_row(_participants(CaseStatus.RECOMMENDED), "session"),
        decided=count_per_row(_participants(*DECIDED), "session"),
    )


def _committee_sessions() -> dict:
    """The pks of the sessions waiting for decisions, the longest waiting first, and of the latest
    SESSIONS_SHOWN sessions with decisions and nothing waiting. Found from the cases' status over the whole
    LSP (tens of milliseconds at 100 000 candidates), so kept in the shared cache and forgotten whenever a
    case, participant or session is saved (``core.counts.CACHED``)."""
    waiting = sorted(
        set(_participants(CaseStatus.RECOMMENDED).values_list("session__starts_at", "session_id"))
    )
    waiting_ids = [pk for _, pk in waiting]
    decided = _participants(*DECIDED).filter(session=OuterRef("pk"))
    done = list(
        AssessmentSession.objects.filter(Exists(decided))
        .exclude(pk__in=waiting_ids)
        .order_by("-starts_at", "-pk")
        .values_list("pk", flat=True)[:SESSIONS_SHOWN]
    )
    return {"waiting": waiting_ids, "decided": done}


def _sessions(pks: list) -> list:
    """The sessions of ``pks`` in that order, with their counts: one query."""
    found = _with_counts(AssessmentSession.objects.select_related("scheme", "tuk")).in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


class WaitingSessions(Sequence):
    """The sessions waiting for decisions, the longest waiting first, to slice or page: its length from the
    cache, a slice fetched (with ``waiting`` and ``decided``) in one query of the sessions shown only."""

    def __init__(self, pks: list):
        self.pks = pks

    def __len__(self) -> int:
        return len(self.pks)

    def count(self) -> int:  # what Paginator asks
        return len(self.pks)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return _sessions(self.pks[index])
        return _sessions([self.pks[index]])[0]


def sessions_waiting() -> WaitingSessions:
    """The sessions with recommendations waiting for a decision, the longest waiting first, each with
    ``waiting`` and ``decided`` counted: the same queries whatever the queue's length."""
    return WaitingSessions(cached("committee-sessions", _committee_sessions)["waiting"])


def sessions_decided() -> list:
    """The latest SESSIONS_SHOWN sessions with decisions and nothing waiting, with their counts."""
    return _sessions(cached("committee-sessions", _committee_sessions)["decided"])


def candidates_waiting() -> int:
    """How many recommendations wait for the committee, from the cached status counts."""
    return counts_by(Case).get(CaseStatus.RECOMMENDED, 0)


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
