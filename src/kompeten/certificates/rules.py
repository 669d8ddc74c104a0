import rules

from kompeten.accounts.rules import is_admin_lsp, is_komite_teknis, is_lsp_management
from kompeten.cases.rules import is_case_owner


@rules.predicate
def not_involved_in_the_case(user, case) -> bool:
    """Nobody decides a case they took part in: its candidate, its assessors (APL-02 review or jadwal)."""
    if case is None:
        return True
    if user.pk in (case.asesi_id, case.asesor_id):
        return False
    participant = getattr(case, "participant", None)
    if participant is None:
        return True
    # all() reads what a list page prefetched (session__assessors), so a whole session costs no query per case
    return participant.asesor_id != user.pk and all(
        item.asesor_id != user.pk for item in participant.session.assessors.all()
    )


@rules.predicate
def holds_the_certificate(user, obj) -> bool:
    """The certificate's holder; ``obj`` is a certificate or something of it (a surveillance logbook)."""
    certificate = getattr(obj, "certificate", obj)
    return (
        certificate is not None
        and certificate.case_id is not None  # an imported certificate's holder has no account
        and user.is_authenticated
        and certificate.case.asesi_id == user.pk
    )


@rules.predicate
def sits_on_the_panel(user, appeal) -> bool:
    return appeal is not None and user.is_authenticated and appeal.panel_members.filter(member=user).exists()


@rules.predicate
def appealed_the_decision(user, appeal) -> bool:
    return appeal is not None and is_case_owner(user, appeal.case)


rules.add_perm("certificates.appeal_decision", is_case_owner)
rules.add_perm("certificates.manage_appeals", is_lsp_management)
rules.add_perm("certificates.sit_on_panel", sits_on_the_panel)
rules.add_perm("certificates.view_appeal", is_lsp_management | sits_on_the_panel | appealed_the_decision)
rules.add_perm("certificates.manage_complaints", is_lsp_management)
rules.add_perm("certificates.decide_case", is_komite_teknis & not_involved_in_the_case)
rules.add_perm("certificates.view_decisions", is_komite_teknis)
rules.add_perm("certificates.issue_certificate", is_lsp_management)
rules.add_perm("certificates.hold_certificate", holds_the_certificate)
rules.add_perm("certificates.view_certificate", is_lsp_management | holds_the_certificate)
rules.add_perm("certificates.view_reports", is_lsp_management | is_komite_teknis)
rules.add_perm("certificates.manage_signing_keys", is_admin_lsp)
