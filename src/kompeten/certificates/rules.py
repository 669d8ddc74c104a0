import rules

from kompeten.accounts.rules import is_komite_teknis, is_lsp_management


@rules.predicate
def not_involved_in_the_case(user, case) -> bool:
    """Nobody decides a case they took part in: its candidate, its assessors (APL-02 review or jadwal)."""
    if case is None:
        return True
    if user.pk in (case.asesi_id, case.asesor_id):
        return False
    participant = getattr(case, "participant", None)
    return participant is None or (
        participant.asesor_id != user.pk and not participant.session.assessors.filter(asesor=user).exists()
    )


rules.add_perm("certificates.decide_case", is_komite_teknis & not_involved_in_the_case)
rules.add_perm("certificates.view_decisions", is_komite_teknis)
rules.add_perm("certificates.issue_certificate", is_lsp_management)
