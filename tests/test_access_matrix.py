"""Access-control matrix: every URL of the project, requested by every kind of visitor, against a declared answer.

Each URL name has a row: which real objects go into the address and what each persona gets. A URL added
without a row fails ``test_every_url_has_a_declared_row``; a persona getting another answer than declared fails
that URL's test with the whole table of differences; an error (500) always fails.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from kompeten.accounts.models import AssessorProfile, Role
from kompeten.assessments import conduct, planning, review, third_party
from kompeten.assessments import services as assessment_services
from kompeten.assessments.models import Question
from kompeten.cases import services as case_services
from kompeten.cases.models import Case, CaseStatus
from kompeten.certificates import appeals, services, surveillance
from kompeten.certificates.models import Certificate
from kompeten.core.import_jobs import workbook_import_create
from kompeten.core.services import lsp_profile_update
from kompeten.core.workbooks import workbook_bytes
from kompeten.schemes.models import SchemeStatus
from kompeten.standards.imports import import_job_create
from tests.assessment_fixtures import consented, ready_case, session_at, verified_tuk
from tests.case_fixtures import PDF, png
from tests.certificates.test_decisions import signed, unit_ids
from tests.factories import SchemeFactory, UnitFactory, UserFactory

# --- what a persona gets ------------------------------------------------------------------------------------

ALLOW = "ALLOW"  # 2xx, or a redirect to anything but the login page
LOGIN = "LOGIN"  # a redirect to the login page
DENY = "DENY"  # 403
NOTFOUND = "NOTFOUND"  # 404
METHOD = "METHOD"  # 405: a POST-only address asked with GET
INVALID = "INVALID"  # 400, 409, 410, 429: the visitor passed the access check, the input was refused
ERROR = "ERROR"  # 500: never declared, always a failure
REFUSALS = {LOGIN, DENY, NOTFOUND}

PERSONAS = (
    "anonymous",
    "asesi_own",
    "asesi_other",
    "asesor_assigned",
    "asesor_unassigned",
    "master_assessor",
    "admin_tuk_own",
    "admin_tuk_other",
    "manajer",
    "komite_involved",
    "komite_uninvolved",
    "panel_member",
    "admin_lsp",
)
SIGNED_IN = PERSONAS[1:]
ASESI = ("asesi_own", "asesi_other")
ASESOR_ROLE = ("asesor_assigned", "asesor_unassigned", "master_assessor", "komite_involved", "panel_member")
# the assessors whose scope holds the scheme (panel_member assesses no scheme)
SCOPED_ASESORS = ("asesor_assigned", "asesor_unassigned", "master_assessor", "komite_involved")
KOMITE_ROLE = ("komite_involved", "komite_uninvolved")
TUK_ADMINS = ("admin_tuk_own", "admin_tuk_other")
MANAGEMENT = ("manajer", "admin_lsp")


# --- the world: real objects, built through the services ----------------------------------------------------


@dataclass
class World:
    users: dict  # persona -> User (no entry for anonymous)
    scheme: object
    draft_scheme: object
    draft_scheme_element: object
    tuk: object  # run by admin_tuk_own
    other_tuk: object  # run by admin_tuk_other
    session: object  # at ``tuk``; asesor_assigned and komite_involved assess in it
    participant: object  # asesi_own's, assessed by asesor_assigned; FR.AK.02 signed, decided BK, appealed
    other_participant: object  # asesi_other's, assessed by komite_involved; FR.AK.02 signed, not decided
    case: object  # ``participant``'s case, taken through FR.APL.01 and FR.APL.02 by the services
    evidence: object
    element: object
    requirement: object  # a document the scheme asks for
    waiting_case: object  # asesi_own's, decided competent, waiting for its certificate
    certificate: object  # asesi_own's, issued
    logbook: object  # asesi_own's surveillance logbook of ``certificate``
    appeal: object  # asesi_own's appeal of ``case``, panel formed (panel_member sits on it)
    complaint: object
    attempt: object  # asesi_own's written test (FR.IA.05)
    third_party: object  # FR.IA.10 request to asesi_own's supervisor
    plan: object  # FR.MAPA of ``scheme``
    validation: object  # FR.VA of ``session`` (before the assessment), led by master_assessor
    import_job: object
    workbook_import: object = None  # a register of old certificates, imported in the background


def _build_world(cast, scheme, applicant, asesor, other_applicant) -> World:
    users = {
        "asesi_own": applicant,
        "asesi_other": other_applicant,
        "asesor_assigned": asesor,
        "asesor_unassigned": UserFactory(email="asesor.lain@lsp.id", roles=[Role.ASESOR]),
        # designated by the Admin LSP to lead the session's FR.VA; not one of its assessors
        "master_assessor": UserFactory(email="master.asesor@lsp.id", roles=[Role.ASESOR]),
        "admin_tuk_own": cast.admin_tuk,
        "admin_tuk_other": UserFactory(email="tuk.lain@lsp.id", roles=[Role.ADMIN_TUK]),
        "manajer": cast.manajer,
        "komite_involved": cast.asesor_and_komite,  # also an assessor of the session
        "komite_uninvolved": cast.komite,
        "panel_member": UserFactory(email="panel@lsp.id", full_name="Anggota Panel", roles=[Role.ASESOR]),
        "admin_lsp": cast.admin_lsp,
    }
    licence = datetime.date.today() + datetime.timedelta(days=365)
    for n, user in enumerate(
        (users["asesor_unassigned"], users["komite_involved"], users["master_assessor"]), start=1
    ):
        AssessorProfile.objects.create(
            user=user, met_number=f"MET.000.00990{n} 2025", licence_expires_on=licence
        ).schemes.add(scheme)
    # staff outside the personas: the admin who verifies applications (so admin_lsp may form the panel) and
    # the two other panel members
    verifier = UserFactory(email="verifikator@lsp.id", roles=[Role.ADMIN_LSP])
    panel = [
        users["panel_member"],
        UserFactory(email="panel.komite@lsp.id", roles=[Role.KOMITE_TEKNIS]),
        UserFactory(email="panel.manajer@lsp.id", roles=[Role.MANAJER_SERTIFIKASI]),
    ]
    draft_scheme = SchemeFactory(
        title="Skema Draf", status=SchemeStatus.DRAFT, units=[UnitFactory(elements=1)]
    )
    lsp_profile_update(
        actor=cast.admin_lsp,
        name="LSP Uji",
        licence_valid_until=datetime.date(2030, 1, 1),
        logo=SimpleUploadedFile("logo.png", png(), content_type="image/png"),
    )

    # FR.APL.01 and FR.APL.02 of asesi_own, through every step
    case = case_services.case_open(actor=applicant, scheme=scheme, purpose="sertifikasi")
    for requirement in scheme.evidence.all():
        case_services.evidence_upload(
            actor=applicant, case=case, name=f"{requirement.text}.pdf", data=PDF, requirement=requirement
        )
    case_services.case_submit(actor=applicant, case=case, declaration=True)
    case_services.case_verify(
        actor=verifier,
        case=case,
        documents={e.pk: case_services.DocumentDecision(True) for e in case.evidence.all()},
        requirements={r.pk: True for r in scheme.requirements.all()},
        outcome="accept",
    )
    elements = case_services.case_elements(case)
    for element in elements:
        case_services.self_assessment_save(actor=applicant, case=case, element=element, version=0, answer="K")
    case_services.self_assessment_submit(actor=applicant, case=case)
    case_services.asesor_assign(actor=cast.admin_lsp, case=case, asesor=asesor)
    case.refresh_from_db()
    case_services.apl02_review(actor=asesor, case=case, can_continue=True)
    case.refresh_from_db()

    plan = planning.plan_start(actor=cast.manajer, scheme=scheme)
    tuk = verified_tuk(scheme, asesor)
    tuk.admins.add(users["admin_tuk_own"])
    other_tuk = verified_tuk(scheme, asesor, name="TUK Bandung")
    other_tuk.admins.add(users["admin_tuk_other"])
    session = session_at(tuk, scheme, cast.manajer)
    participant = assessment_services.session_add_participant(actor=cast.manajer, session=session, case=case)
    other_participant = assessment_services.session_add_participant(
        actor=cast.manajer,
        session=session,
        case=ready_case(other_applicant, scheme, users["komite_involved"]),
    )

    # the assessment of asesi_own: FR.AK.01, the written test, a supervisor asked, FR.AK.02 signed
    session = review.session_master_designate(
        actor=cast.admin_lsp, session=session, asesor=users["master_assessor"]
    )
    validation = review.validation_sign(
        actor=users["master_assessor"],
        session=session,
        period="before",
        aspects={"1": ["v"]},
        findings="Rencana asesmen sesuai.",
    )
    consented(participant)
    for unit_id in unit_ids(participant):
        Question.objects.create(unit_id=unit_id, text="Pilih yang benar", options=["A", "B"], answer=0)
    attempt = conduct.test_start(
        actor=applicant, attempt=conduct.test_open(actor=asesor, participant=participant)
    )
    request = third_party.request_create(
        actor=asesor,
        participant=participant,
        supervisor_name="Budi",
        supervisor_email="budi@contoh.id",
        workplace="PT Contoh",
    )
    signed(participant)
    signed(other_participant)

    # the committee decides BK; asesi_own appeals; the panel is formed
    services.decision_record(
        actor=cast.komite,
        case=case,
        competent=False,
        reason="Bukti tidak cukup",
        units=unit_ids(participant)[:1],
    )
    case.refresh_from_db()
    appeal = appeals.appeal_submit(
        actor=applicant, case=case, process_explained=True, discussed_with_assessor=True, grounds="Tidak adil"
    )
    appeal = appeals.appeal_panel_form(actor=cast.admin_lsp, appeal=appeal, members=panel)

    # a certificate of asesi_own (issued 400 days ago, so a logbook is due) and a competent case waiting
    certified = Case.objects.create(
        reference="APL-K-1",
        asesi=applicant,
        scheme=scheme,
        scheme_code=scheme.code,
        purpose="sertifikasi",
        status=CaseStatus.COMPETENT,
    )
    certificate = services.certificate_issue(actor=cast.admin_lsp, case=certified)
    issued_on = datetime.date.today() - datetime.timedelta(days=400)
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=issued_on, expires_on=issued_on + datetime.timedelta(days=3 * 365)
    )
    certificate.refresh_from_db()
    logbook = surveillance.logbook_submit(
        actor=applicant, certificate=certificate, name="logbook.pdf", data=PDF
    )
    waiting_case = Case.objects.create(
        reference="APL-K-2",
        asesi=applicant,
        scheme=scheme,
        scheme_code=scheme.code,
        purpose="sertifikasi",
        status=CaseStatus.COMPETENT,
    )

    complaint = appeals.complaint_submit(
        actor=None,
        name="Warga",
        email="warga@contoh.id",
        subject="Jadwal mundur",
        description="Jadwal asesmen diundur tanpa kabar.",
    )
    import_job = import_job_create(actor=cast.admin_lsp, name="standar.txt", data=b"Standar uji\n")
    return World(
        users=users,
        scheme=scheme,
        draft_scheme=draft_scheme,
        draft_scheme_element=draft_scheme.scheme_units.get().unit.elements.get(),
        tuk=tuk,
        other_tuk=other_tuk,
        session=session,
        participant=participant,
        other_participant=other_participant,
        case=case,
        evidence=case.evidence.first(),
        element=elements[0],
        requirement=scheme.evidence.first(),
        waiting_case=waiting_case,
        certificate=certificate,
        logbook=logbook,
        appeal=appeal,
        complaint=complaint,
        attempt=attempt,
        third_party=request,
        plan=plan,
        validation=validation,
        import_job=import_job,
        workbook_import=workbook_import_create(
            actor=cast.admin_lsp,
            kind="legacy_certificates",
            name="lama.xlsx",
            data=workbook_bytes("A", ["x"], []),
        ),
    )


@pytest.fixture
def world(cast, scheme, applicant, asesor, other_applicant) -> World:
    return _build_world(cast, scheme, applicant, asesor, other_applicant)


# --- the declared matrix ------------------------------------------------------------------------------------


def expect(allow=(), *, anonymous=LOGIN, others=DENY, **overrides) -> dict[str, str]:
    """Anonymous visitors are sent to log in, ``allow`` get the page, everyone else ``others`` (403)."""
    answers = dict.fromkeys(SIGNED_IN, others) | {"anonymous": anonymous}
    answers |= dict.fromkeys(allow, ALLOW)
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    return answers | overrides


PUBLIC = expect(PERSONAS, anonymous=ALLOW)
ANY_SIGNED_IN = expect(SIGNED_IN)
LSP = expect(MANAGEMENT)  # a page for LSP management (admin LSP and manajer sertifikasi)


@dataclass(frozen=True)
class Row:
    """One address of a URL name: the objects put into it and the answer per persona.

    ``post_only``: a GET is refused (405 once signed in) and the declared answers are those of a POST with
    ``data`` (an empty body unless given); an empty-bodied POST is sent too and must never be a success or a 500
    for a persona the declared POST refuses. A page answering GET is also POSTed with an empty body: whoever it
    refuses is refused the same way, and nobody gets a 500. ``hidden``: on a page a persona may open (a list, a
    dashboard), what of somebody else's it must not show.
    """

    expect: dict[str, str]
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    post_only: bool = False
    data: Callable[[World], dict] | None = None
    variant: str = ""
    # persona → texts of somebody else's its page must not show
    hidden: Callable[[World], dict[str, tuple[str, ...]]] | None = None


def page(expect: dict, kwargs=None, variant: str = "", hidden=None) -> Row:
    return Row(expect=expect, kwargs=kwargs or (lambda w: {}), variant=variant, hidden=hidden)


def action(expect: dict, kwargs=None, data=None, variant: str = "") -> Row:
    return Row(expect=expect, kwargs=kwargs or (lambda w: {}), post_only=True, data=data, variant=variant)


def session_pk(w: World) -> dict:
    return {"pk": w.session.pk}


def case_pk(w: World) -> dict:
    return {"pk": w.case.pk}


def participant_pk(w: World) -> dict:
    return {"pk": w.participant.pk}


def certificate_pk(w: World) -> dict:
    return {"pk": w.certificate.pk}


def appeal_pk(w: World) -> dict:
    return {"pk": w.appeal.pk}


def plan_pk(w: World) -> dict:
    return {"pk": w.plan.pk}


def job_pk(w: World) -> dict:
    return {"pk": w.import_job.pk}


def all_but(*personas: str) -> tuple[str, ...]:
    return tuple(persona for persona in SIGNED_IN if persona not in personas)


def hides(texts: Callable[[World], tuple[str, ...]], *personas: str) -> Callable:
    """``hidden`` for a row: these personas must not be shown ``texts`` (of somebody else's)."""
    return lambda w: dict.fromkeys(personas, texts(w))


def personal_data(w: World) -> tuple[str, ...]:
    """What identifies asesi_own beyond the name printed on a certificate."""
    return (w.users["asesi_own"].applicant_profile.nik, w.users["asesi_own"].email)


def case_reference(w: World) -> tuple[str, ...]:
    return (w.case.reference,)


def session_reference(w: World) -> tuple[str, ...]:
    return (w.session.reference,)


def session_results(w: World) -> tuple[str, ...]:
    """What of a session is a result: the links to FR.AK.05 and FR.VA, the assessment pages, a decided status."""
    return (
        "FR.AK.05",
        "fr-va.pdf",
        "Rencana asesmen sesuai.",
        f"/asesmen/{w.participant.pk}/",
        "Belum kompeten",
    )


# Who may see asesi_own's case (FR.APL.01/02, files): its candidate, its assigned assessor, LSP management.
CASE_READERS = expect(("asesi_own", "asesor_assigned", *MANAGEMENT))
CASE_OWNER = expect(("asesi_own",))
# The session: LSP management, its assessors, its master assessor (who leads FR.VA), the admin of its TUK (who
# is shown its logistics and attendance, never a result). Another assessor of the scheme sees nothing of it.
SESSION_READERS = expect(
    (*MANAGEMENT, "asesor_assigned", "komite_involved", "master_assessor", "admin_tuk_own")
)
# Its results (every candidate's K/BK, FR.AK.05, FR.AK.06, FR.VA): the session readers but the TUK's admin, and
# the technical committee that decides it.
SESSION_RESULTS = expect(
    (*MANAGEMENT, "asesor_assigned", "komite_involved", "master_assessor", "komite_uninvolved")
)
SESSION_ASSESSORS_ACT = expect(
    ("asesor_assigned", "komite_involved"),
    **dict.fromkeys(("master_assessor", "admin_tuk_own", *MANAGEMENT), INVALID),
)
# asesi_own's assessment: the candidate, their assessor, LSP management; the services then decide who does what.
PARTICIPANT = expect(("asesi_own", "asesor_assigned", *MANAGEMENT))
ASSESSOR_ACTION = expect(("asesor_assigned",))  # the participant's own assessor only
CANDIDATE_ACTION = expect(("asesi_own",))  # the candidate only
# FR.MAPA is no one's result, but it maps the instruments of a scheme: the assessors of that scheme read it.
PLAN_READERS = expect((*MANAGEMENT, *SCOPED_ASESORS))
COMMITTEE = expect(KOMITE_ROLE)
CERTIFICATE_READERS = expect((*MANAGEMENT, "asesi_own"))
APPEAL_READERS = expect((*MANAGEMENT, "panel_member", "asesi_own"))
ADMIN_LSP_ONLY = expect(("admin_lsp",))

ROLE_PAGES = {
    "asesi": ASESI,
    "asesor": ASESOR_ROLE,
    "komite-teknis": KOMITE_ROLE,
    "admin-tuk": TUK_ADMINS,
    "manajer-sertifikasi": ("manajer",),
    "admin-lsp": ("admin_lsp",),
}

# A role's dashboard lists only what is the visitor's: the candidate's own cases, the assessor's assigned ones,
# the sessions at the TUK administrator's own sites.
DASHBOARD_HIDES = {
    "asesi": hides(case_reference, "asesi_other"),
    "asesor": hides(
        case_reference, "asesor_unassigned", "master_assessor", "komite_involved", "panel_member"
    ),
    "admin-tuk": hides(session_reference, "admin_tuk_other"),
}

ROWS: dict[str, Row | tuple[Row, ...]] = {
    # --- accounts -------------------------------------------------------------------------------------------
    # Django admin's sign-in, replaced: everyone, GET or POST, is sent to Kompeten's one sign-in (allauth)
    "admin_login": page(expect(others=LOGIN)),
    "accounts:dashboard": page(ANY_SIGNED_IN),
    "accounts:applicant_profile": page(expect(ASESI)),
    "accounts:my_data": page(ANY_SIGNED_IN, hidden=hides(personal_data, *all_but("asesi_own"))),
    "accounts:correction_request": action(ANY_SIGNED_IN, data=lambda w: {"text": "Nama saya salah eja."}),
    "accounts:role_dashboard": (
        *(
            page(
                expect(holders),
                lambda w, slug=slug: {"role_slug": slug},
                variant=slug,
                hidden=DASHBOARD_HIDES.get(slug),
            )
            for slug, holders in ROLE_PAGES.items()
        ),
        page(expect(others=NOTFOUND), lambda w: {"role_slug": "tidak-ada"}, variant="unknown role"),
    ),
    # --- core -----------------------------------------------------------------------------------------------
    "core:lsp_profile_edit": page(ADMIN_LSP_ONLY),  # the manajer reads the profile, only the admin edits it
    "core:lsp_logo": page(PUBLIC),
    "core:workbook_import": page(expect(MANAGEMENT, others=NOTFOUND), lambda w: {"pk": w.workbook_import.pk}),
    "core:workbook_import_progress": page(
        expect(MANAGEMENT, others=NOTFOUND), lambda w: {"pk": w.workbook_import.pk}
    ),
    "core:workbook_import_cancel": action(
        expect(MANAGEMENT, others=NOTFOUND), lambda w: {"pk": w.workbook_import.pk}
    ),
    "core:notifications": page(
        ANY_SIGNED_IN,
        hidden=hides(case_reference, "asesi_other", "asesor_unassigned", *TUK_ADMINS),
    ),
    # --- schemes --------------------------------------------------------------------------------------------
    "schemes:landing": page(PUBLIC),
    "schemes:detail": (
        page(PUBLIC, lambda w: {"pk": w.scheme.pk}, variant="active"),
        page(  # a draft scheme is not even known to exist outside LSP management
            expect(MANAGEMENT, anonymous=NOTFOUND, others=NOTFOUND),
            lambda w: {"pk": w.draft_scheme.pk},
            variant="draft",
        ),
    ),
    "schemes:activate": action(LSP, lambda w: {"pk": w.draft_scheme.pk}),
    "schemes:retire": action(LSP, lambda w: {"pk": w.scheme.pk}),
    "schemes:unit_resolve": action(
        LSP, lambda w: {"pk": w.draft_scheme.pk, "unit_pk": w.draft_scheme.scheme_units.get().unit_id}
    ),
    # --- standards: importing SKKNI documents is the LSP administrator's ------------------------------------
    "standards:import_list": page(ADMIN_LSP_ONLY),
    "standards:import_detail": page(ADMIN_LSP_ONLY, job_pk),
    "standards:import_progress": page(ADMIN_LSP_ONLY, job_pk),
    "standards:import_confirm": action(ADMIN_LSP_ONLY, job_pk),
    "standards:import_cancel": action(ADMIN_LSP_ONLY, job_pk),
    # --- cases (FR.APL.01, FR.APL.02) -----------------------------------------------------------------------
    "cases:mine": page(expect(ASESI), hidden=hides(case_reference, "asesi_other")),
    "cases:new": (
        page(expect(ASESI), lambda w: {"scheme_pk": w.scheme.pk}, variant="active scheme"),
        page(
            expect(asesi_own=NOTFOUND, asesi_other=NOTFOUND),
            lambda w: {"scheme_pk": w.draft_scheme.pk},
            variant="draft scheme",
        ),
    ),
    "cases:detail": page(CASE_READERS, case_pk),
    "cases:document_upload": action(
        CASE_OWNER, lambda w: {"pk": w.case.pk, "requirement_pk": w.requirement.pk}
    ),
    "cases:submit": action(CASE_OWNER, case_pk),
    "cases:verify": action(ADMIN_LSP_ONLY, case_pk),  # FR.APL.01 part 3 is the admin's, not the manajer's
    "cases:evidence_file": (
        page(CASE_READERS, lambda w: {"pk": w.case.pk, "evidence_pk": w.evidence.pk}, variant="own file"),
        page(  # asesi_own's file asked under asesi_other's case: not found for whoever may read that case
            expect(others=DENY, **dict.fromkeys(("asesi_other", "komite_involved", *MANAGEMENT), NOTFOUND)),
            lambda w: {"pk": w.other_participant.case.pk, "evidence_pk": w.evidence.pk},
            variant="file of another case",
        ),
    ),
    "cases:apl02": page(CASE_READERS, case_pk),
    "cases:apl02_save": (
        action(  # the self-assessment is locked by now: the owner's save is refused (409)
            expect(asesi_own=INVALID), lambda w: {"pk": w.case.pk, "element_pk": w.element.pk}
        ),
        action(
            expect(asesi_own=NOTFOUND),
            lambda w: {"pk": w.case.pk, "element_pk": w.draft_scheme_element.pk},
            variant="element of another scheme",
        ),
    ),
    "cases:apl02_evidence": action(CASE_OWNER, case_pk),
    "cases:apl02_submit": action(CASE_OWNER, case_pk),
    "cases:assign": action(ADMIN_LSP_ONLY, case_pk),
    "cases:review": action(expect(("asesor_assigned",)), case_pk),
    "cases:fr_apl_01": page(CASE_READERS, case_pk),
    "cases:fr_apl_02": page(CASE_READERS, case_pk),
    "cases:queue": page(LSP),
    # --- assessments: TUK, jadwal, MAPA ---------------------------------------------------------------------
    "assessments:sessions": page(  # everyone sees the sessions they assess in or host, LSP management all
        expect((*MANAGEMENT, *ASESOR_ROLE, *TUK_ADMINS)),
        hidden=hides(session_reference, "admin_tuk_other", "asesor_unassigned", "panel_member"),
    ),
    "assessments:tuks": page(
        expect((*MANAGEMENT, *TUK_ADMINS)),
        hidden=lambda w: {"admin_tuk_own": (w.other_tuk.name,), "admin_tuk_other": (w.tuk.name,)},
    ),
    "assessments:tuk": page(expect((*MANAGEMENT, "admin_tuk_own")), lambda w: {"pk": w.tuk.pk}),
    # the TUK's admin gets the logistics page: no candidate's status, no FR.AK.05, no FR.VA
    "assessments:session": page(SESSION_READERS, session_pk, hidden=hides(session_results, "admin_tuk_own")),
    "assessments:participant_add": action(LSP, session_pk),
    # the session's own assessors declare (conflict of interest) and report (FR.AK.05); the services refuse
    # the other readers with a message
    "assessments:declare": action(SESSION_ASSESSORS_ACT, session_pk),
    "assessments:assignment_letter": page(SESSION_READERS, session_pk),
    "assessments:question_bank": page(LSP, lambda w: {"scheme_pk": w.scheme.pk}),
    "assessments:plans": page(PLAN_READERS, lambda w: {"scheme_pk": w.scheme.pk}),
    "assessments:plan": page(PLAN_READERS, plan_pk),
    # publishing needs the scheme in the assessor's scope: panel_member has none
    "assessments:plan_publish": action(expect((*MANAGEMENT, *SCOPED_ASESORS)), plan_pk),
    "assessments:plan_pdf": (
        page(PLAN_READERS, lambda w: {"pk": w.plan.pk, "form": "fr-mapa-01"}, variant="fr-mapa-01"),
        page(
            expect(**dict.fromkeys((*MANAGEMENT, *SCOPED_ASESORS), NOTFOUND)),
            lambda w: {"pk": w.plan.pk, "form": "fr-xx-99"},
            variant="unknown form",
        ),
    ),
    "assessments:session_report": action(SESSION_ASSESSORS_ACT, session_pk),
    "assessments:session_print": action(LSP, session_pk),
    # FR.AK.05 (every candidate's K/BK): results, not for the TUK's admin nor another assessor of the scheme
    "assessments:session_report_pdf": page(SESSION_RESULTS, session_pk),
    # FR.AK.06: a licensed assessor of the session (the service refuses the other readers with 403)
    "assessments:process_review": action(expect(("asesor_assigned", "komite_involved")), session_pk),
    # FR.VA: led by the master assessor the Admin LSP designated (not one of the session's assessors, who are
    # refused with a message), co-signed by the session's assessors
    "assessments:validation": action(
        expect(("master_assessor",), asesor_assigned=INVALID, komite_involved=INVALID), session_pk
    ),
    "assessments:master_designate": action(
        ADMIN_LSP_ONLY, session_pk, data=lambda w: {"asesor": str(w.users["master_assessor"].pk)}
    ),
    "assessments:validation_cosign": action(
        expect(
            ("asesor_assigned", "komite_involved"),
            **dict.fromkeys(("master_assessor", "komite_uninvolved", *MANAGEMENT), INVALID),
        ),
        lambda w: {"pk": w.session.pk, "validation_pk": w.validation.pk},
    ),
    "assessments:session_form_pdf": (
        page(SESSION_RESULTS, lambda w: {"pk": w.session.pk, "form": "fr-ak-06"}, variant="fr-ak-06"),
        page(SESSION_RESULTS, lambda w: {"pk": w.session.pk, "form": "fr-va"}, variant="fr-va"),
    ),
    # --- assessments: one participant's assessment ----------------------------------------------------------
    "assessments:participant": page(PARTICIPANT, participant_pk),
    "assessments:feedback": action(CANDIDATE_ACTION, participant_pk),
    "assessments:third_party_request": action(ASSESSOR_ACTION, participant_pk),
    "assessments:third_party": page(PUBLIC, lambda w: {"token": w.third_party.token}),
    "assessments:form_pdf": (
        page(PARTICIPANT, lambda w: {"pk": w.participant.pk, "form": "fr-ak-02"}, variant="fr-ak-02"),
        page(  # the written test's key is not the candidate's to read
            expect(("asesor_assigned", *MANAGEMENT)),
            lambda w: {"pk": w.participant.pk, "form": "fr-ia-05"},
            variant="fr-ia-05",
        ),
        page(
            expect(**dict.fromkeys(("asesi_own", "asesor_assigned", *MANAGEMENT), NOTFOUND)),
            lambda w: {"pk": w.participant.pk, "form": "fr-xx-99"},
            variant="unknown form",
        ),
    ),
    "assessments:consent_propose": action(ASSESSOR_ACTION, participant_pk),
    "assessments:consent_confirm": action(CANDIDATE_ACTION, participant_pk),
    "assessments:adjustment_record": action(ASSESSOR_ACTION, participant_pk),
    "assessments:adjustment_confirm": action(CANDIDATE_ACTION, participant_pk),
    "assessments:instrument": (
        page(PARTICIPANT, lambda w: {"pk": w.participant.pk, "kind": "IA.01"}, variant="IA.01"),
        page(
            expect(**dict.fromkeys(("asesi_own", "asesor_assigned", *MANAGEMENT), NOTFOUND)),
            lambda w: {"pk": w.participant.pk, "kind": "IA.99"},
            variant="unknown kind",
        ),
    ),
    "assessments:instrument_save": action(  # FR.AK.02 is signed: the instrument is closed (400)
        expect(asesor_assigned=INVALID),
        lambda w: {"pk": w.participant.pk, "kind": "IA.01"},
        data=lambda w: {"key": "catatan", "value": "x", "version": "0"},
    ),
    "assessments:instrument_conclude": action(
        ASSESSOR_ACTION, lambda w: {"pk": w.participant.pk, "kind": "IA.01"}
    ),
    "assessments:instrument_acknowledge": action(
        CANDIDATE_ACTION, lambda w: {"pk": w.participant.pk, "kind": "IA.01"}
    ),
    "assessments:test_open": action(ASSESSOR_ACTION, participant_pk),
    "assessments:record_sign": action(ASSESSOR_ACTION, participant_pk),
    "assessments:record_acknowledge": action(CANDIDATE_ACTION, participant_pk),
    # the written test: the candidate alone, not even their assessor
    "assessments:test": page(CANDIDATE_ACTION, lambda w: {"pk": w.attempt.pk}),
    "assessments:test_answer": action(
        CANDIDATE_ACTION,
        lambda w: {"pk": w.attempt.pk},
        data=lambda w: {"question": str(w.attempt.question_ids[0]), "option": "0"},
    ),
    "assessments:test_submit": action(CANDIDATE_ACTION, lambda w: {"pk": w.attempt.pk}),
    # --- certificates: public verification and Open Badges --------------------------------------------------
    "certificates:verify_api": page(
        PUBLIC, lambda w: {"token": w.certificate.token}, hidden=hides(personal_data, *PERSONAS)
    ),
    "certificates:verify": page(
        PUBLIC, lambda w: {"token": w.certificate.token}, hidden=hides(personal_data, *PERSONAS)
    ),
    "certificates:lookup": page(PUBLIC),
    "certificates:credential_check": page(PUBLIC),
    "certificates:ob_issuer": page(PUBLIC),
    "certificates:jwks": page(PUBLIC),
    # --- certificates: the technical committee (LSP management is not on it) --------------------------------
    "certificates:sessions": page(COMMITTEE),
    "certificates:session": page(COMMITTEE, session_pk),
    # komite_involved assesses in the session: it sees the page but may not decide (403 from the service; an
    # empty body is turned back by the form check first, with a message and nothing written)
    "certificates:decide": action(
        expect(("komite_uninvolved",)),
        lambda w: {"pk": w.session.pk, "participant_pk": w.other_participant.pk},
        data=lambda w: {"outcome": "K"},
    ),
    "certificates:decision_letter": page(COMMITTEE, session_pk),
    # --- certificates: issuing and the register (LSP management) --------------------------------------------
    "certificates:list": page(LSP),
    "certificates:issue": action(LSP, lambda w: {"case_pk": w.waiting_case.pk}),
    "certificates:session_certificates": page(LSP, session_pk),
    "certificates:blanko_export": page(LSP, session_pk),
    "certificates:register_export": page(LSP),
    "certificates:legacy_import": page(LSP),
    "certificates:legacy_template": page(LSP),
    "certificates:detail": page(LSP, certificate_pk),
    "certificates:status": action(
        LSP, certificate_pk, data=lambda w: {"action": "suspend", "reason": "Uji akses"}
    ),
    "certificates:blanko": action(LSP, certificate_pk, data=lambda w: {"blanko_number": "B-000123"}),
    "certificates:dashboard": page(expect((*MANAGEMENT, *KOMITE_ROLE))),
    # --- certificates: the holder ---------------------------------------------------------------------------
    "certificates:pdf": page(CERTIFICATE_READERS, certificate_pk),
    "certificates:credential": page(CERTIFICATE_READERS, certificate_pk),
    "certificates:recertification": action(CASE_OWNER, certificate_pk),
    "certificates:logbook_submit": action(CASE_OWNER, certificate_pk),
    "certificates:logbook_review": action(LSP, lambda w: {"log_pk": w.logbook.pk}),
    "certificates:logbook_file": page(CERTIFICATE_READERS, lambda w: {"log_pk": w.logbook.pk}),
    # --- certificates: appeals (FR.AK.04) and complaints ----------------------------------------------------
    "certificates:appeals": page(  # everyone signed in; the list holds only the appeals of their panels
        ANY_SIGNED_IN,
        hidden=hides(
            lambda w: (w.appeal.reference,),
            *all_but(*MANAGEMENT, "panel_member", "asesi_own"),
        ),
    ),
    "certificates:appeal_submit": page(CASE_OWNER, lambda w: {"case_pk": w.case.pk}),
    "certificates:appeal": page(APPEAL_READERS, appeal_pk),
    "certificates:appeal_panel": action(LSP, appeal_pk),
    "certificates:appeal_hearing": action(
        expect(("panel_member",)),
        appeal_pk,
        data=lambda w: {"held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "notes": "Didengar"},
    ),
    "certificates:appeal_decide": action(expect(("panel_member",)), appeal_pk),
    "certificates:appeal_pdf": page(APPEAL_READERS, appeal_pk),
    "certificates:complaint_new": page(PUBLIC),
    "certificates:complaint_track": page(PUBLIC, lambda w: {"code": w.complaint.tracking_code}),
    "certificates:complaint_list": page(LSP),
    "certificates:complaint_manage": page(LSP, lambda w: {"pk": w.complaint.pk}),
}


# --- every URL of the project -------------------------------------------------------------------------------

# Left out of the matrix, on purpose and nothing else:
EXCLUDED_NAMESPACES = {"admin"}  # Django admin: staff-only by Django itself; tests/core/test_admin.py
EXCLUDED_NAMES = {"set_language"}  # Django's language switch: public by design, no object behind it
EXCLUDED_ROUTE_PREFIXES = ("akun/",)  # allauth's own pages (account_*, mfa_*): login, signup, password, 2FA


def all_urls() -> dict[str, tuple[str, str]]:
    """Every named URL of the project: ``namespace:name`` → (route, module of its view)."""
    found: dict[str, tuple[str, str]] = {}

    def walk(patterns, namespaces: tuple[str, ...], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
                walk(pattern.url_patterns, inner, route)
            else:
                name = ":".join((*namespaces, pattern.name or f"<unnamed {route}>"))
                found.setdefault(name, (route, pattern.callback.__module__))

    walk(get_resolver().url_patterns, (), "")
    return found


def excluded(name: str, route: str) -> bool:
    return (
        name.split(":")[0] in EXCLUDED_NAMESPACES
        or name in EXCLUDED_NAMES
        or route.startswith(EXCLUDED_ROUTE_PREFIXES)
    )


def url_names() -> dict[str, str]:
    """Every named URL of the project less the exclusions above: ``namespace:name`` → route."""
    return {name: route for name, (route, _module) in all_urls().items() if not excluded(name, route)}


def test_every_url_has_a_declared_row():
    names = url_names()
    missing = sorted(f"{name}  ({route})" for name, route in names.items() if name not in ROWS)
    stale = sorted(set(ROWS) - set(names))
    assert not missing and not stale, (
        "Declare a row in ROWS for every URL (who may reach it and with which objects).\n"
        f"URLs without a row: {missing}\nRows for URLs that no longer exist: {stale}"
    )


def test_the_exclusions_leave_out_only_the_admin_allauth_and_the_language_switch():
    """Nothing of the project's own hides under an excluded prefix (say an app mounted under ``akun/``)."""
    left_out = {name: module for name, (route, module) in all_urls().items() if excluded(name, route)}
    foreign = {
        name: module
        for name, module in left_out.items()
        if not name.startswith("admin:") and not module.startswith(("allauth.", "django.views.i18n"))
    }
    assert left_out and not foreign, foreign


# --- asking -------------------------------------------------------------------------------------------------


def outcome(response) -> str:
    status = response.status_code
    if status >= 500:
        return ERROR
    if status == 405:
        return METHOD
    if status == 403:
        return DENY
    if status == 404:
        return NOTFOUND
    if 300 <= status < 400:
        if response["Location"].split("?")[0] == reverse("account_login"):
            return LOGIN
        # back to a page with nothing but an error message: the input or the step was refused (the messages
        # added by this request alone; earlier ones may wait in the storage)
        levels = {message.level for message in response.wsgi_request._messages._queued_messages}
        return INVALID if levels and levels <= {messages.ERROR} else ALLOW
    if status < 300:
        return ALLOW
    return INVALID


@pytest.fixture
def clients(world) -> dict[str, Client]:
    """One client per persona, signed in; a view's exception comes back as a 500 to report, not raised."""
    clients = {"anonymous": Client(raise_request_exception=False)}
    for persona, user in world.users.items():
        clients[persona] = Client(raise_request_exception=False)
        clients[persona].force_login(user)
    return clients


@dataclass
class Answer:
    outcome: str
    detail: str
    html: bool
    text: str


def ask(client: Client, method: str, url: str, data: dict | None = None) -> Answer:
    """One request, its writes rolled back so that every persona meets the same world."""
    with transaction.atomic():
        response = getattr(client, method)(url, data or {})
        transaction.set_rollback(True)
    if response.streaming:  # read to the end, which closes the file as the test client means it to
        b"".join(response.streaming_content)
    got = outcome(response)
    detail = str(response.status_code)
    if got == ERROR:
        error = response.exc_info[1] if getattr(response, "exc_info", None) else None
        detail += f" {type(error).__name__}: {error}" if error else ""
    elif 300 <= response.status_code < 400:
        detail += f" → {response['Location']}"
    text = "" if response.streaming else response.content.decode(errors="replace")
    return Answer(got, detail, response.get("Content-Type", "").startswith("text/html"), text)


def accepted(declared: str) -> set[str]:
    """ALLOW is passing the access check, whatever the service then says of an empty or stale input."""
    return {ALLOW, INVALID} if declared == ALLOW else {declared}


def check_row(name: str, row: Row, world: World, clients: dict[str, Client]) -> list[str]:
    url = reverse(name, kwargs=row.kwargs(world))
    label = f"{name}[{row.variant}]" if row.variant else name
    hidden = row.hidden(world) if row.hidden else {}
    problems = []

    def compare(method: str, persona: str, answer: Answer, wanted: set[str], note: str = "") -> None:
        if answer.outcome == ERROR or answer.outcome not in wanted:
            problems.append(
                f"{label} {method}{note} as {persona}: got {answer.outcome} ({answer.detail}), "
                f"declared {'/'.join(sorted(wanted))}"
            )

    for persona in PERSONAS:
        client, declared = clients[persona], row.expect[persona]
        if row.post_only:
            compare("GET", persona, ask(client, "get", url), {LOGIN if persona == "anonymous" else METHOD})
            compare(
                "POST",
                persona,
                ask(client, "post", url, row.data(world) if row.data else {}),
                accepted(declared),
            )
            if row.data:  # an empty body too: never a success for a refused persona, never a 500 for anyone
                wanted = {declared, INVALID} if declared in REFUSALS else {ALLOW, INVALID, DENY}
                compare("POST", persona, ask(client, "post", url), wanted, note=" (empty body)")
        else:
            answer = ask(client, "get", url)
            compare("GET", persona, answer, accepted(declared))
            for text in hidden.get(persona, ()) if answer.outcome == ALLOW else ():
                if text in answer.text:
                    problems.append(f"{label} GET as {persona}: the answer shows {text!r}, not theirs to see")
            if declared in REFUSALS:  # refused the same way when posting to it
                compare("POST", persona, ask(client, "post", url), {declared}, note=" (empty body)")
            elif answer.html:  # a page that may hold a form: an empty one never breaks it
                wanted = {ALLOW, INVALID, DENY, NOTFOUND, METHOD}
                compare("POST", persona, ask(client, "post", url), wanted, note=" (empty body)")
    return problems


@pytest.mark.parametrize("name", sorted(ROWS))
def test_access(name, world, clients):
    rows = ROWS[name] if isinstance(ROWS[name], tuple) else (ROWS[name],)
    problems = [problem for row in rows for problem in check_row(name, row, world, clients)]
    assert not problems, "\n" + "\n".join(problems)
