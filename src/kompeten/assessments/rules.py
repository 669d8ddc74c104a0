import rules

from kompeten.accounts.models import AssessorProfile
from kompeten.accounts.rules import is_admin_lsp, is_admin_tuk, is_asesor, is_komite_teknis, is_lsp_management


@rules.predicate
def assesses_in_session(user, session) -> bool:
    return session is not None and session.assessors.filter(asesor=user).exists()


@rules.predicate
def administers_the_tuk(user, obj) -> bool:
    tuk = getattr(obj, "tuk", obj)
    return tuk is not None and user.is_authenticated and tuk.admins.filter(pk=user.pk).exists()


@rules.predicate
def scheme_in_scope(user, obj) -> bool:
    """The assessor may assess the scheme of ``obj`` (a scheme, a plan or a session); without an object, yes."""
    if obj is None:
        return True
    scheme = getattr(obj, "scheme", obj)
    return AssessorProfile.objects.filter(user=user, schemes=scheme).exists()


@rules.predicate
def masters_the_session(user, session) -> bool:
    """The master assessor the LSP designated to lead the session's FR.VA."""
    return session is not None and user.is_authenticated and session.master_assessor_id == user.pk


runs_the_tuk = is_admin_tuk & administers_the_tuk
scoped_asesor = is_asesor & scheme_in_scope

rules.add_perm("assessments.add_assessmentsession", is_lsp_management)
rules.add_perm("assessments.change_assessmentsession", is_lsp_management)
# A session's results (every candidate's K/BK, FR.AK.05, FR.AK.06, FR.VA): its assessors, its master assessor,
# LSP management and the committee deciding it (a committee member who assesses in it does not decide it, but
# sees its results as one of its assessors).
results_readers = is_lsp_management | assesses_in_session | masters_the_session | is_komite_teknis
rules.add_perm("assessments.view_session_results", results_readers)
# The session page: those who see its results, and the admin of its TUK, who sees its logistics and attendance
# only (another template, without results). An assessor of the scheme who is not in the session sees nothing.
rules.add_perm(
    "assessments.view_assessmentsession",
    is_lsp_management | assesses_in_session | masters_the_session | runs_the_tuk,
)
rules.add_perm("assessments.list_assessmentsession", is_lsp_management | is_asesor)
rules.add_perm("assessments.lead_validation", masters_the_session)
rules.add_perm("assessments.designate_master_assessor", is_admin_lsp)
rules.add_perm("assessments.verify_tuk", is_asesor | is_lsp_management)
rules.add_perm("assessments.change_tuk", is_lsp_management | runs_the_tuk)
rules.add_perm("assessments.change_assessmentplan", is_lsp_management | scoped_asesor)
# FR.MAPA is the scheme's plan, not anyone's results, but it maps the instruments: the assessors whose scope
# holds the scheme and LSP management read it, not every assessor of every scheme.
rules.add_perm("assessments.view_assessmentplan", is_lsp_management | scoped_asesor)

for model in ("tuk", "tukverification", "assessorrelationship", "sessionassessor", "participant"):
    rules.add_perm(f"assessments.view_{model}", is_lsp_management)
    for action in ("add", "change", "delete"):
        if not rules.perm_exists(f"assessments.{action}_{model}"):
            rules.add_perm(f"assessments.{action}_{model}", is_admin_lsp)
rules.add_perm("assessments.delete_assessmentsession", is_admin_lsp)
