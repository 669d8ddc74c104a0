import rules

from kompeten.accounts.rules import is_admin_lsp, is_lsp_management, is_self


@rules.predicate
def is_case_owner(user, case) -> bool:
    return case is not None and user.is_authenticated and case.asesi_id == user.pk


@rules.predicate
def is_assigned_asesor(user, case) -> bool:
    return case is not None and user.is_authenticated and case.asesor_id == user.pk


@rules.predicate
def assesses_the_person(user, profile) -> bool:
    """The user is the assigned assessor of one of this candidate's cases."""
    from kompeten.cases.models import Case

    person = getattr(profile, "user", profile)
    return (
        profile is not None
        and user.is_authenticated
        and Case.objects.filter(asesi=person, asesor=user).exists()
    )


rules.add_perm("cases.view_case", is_case_owner | is_lsp_management | is_assigned_asesor)
rules.add_perm("cases.change_case", is_case_owner)
rules.add_perm("cases.verify_case", is_admin_lsp)
rules.add_perm("cases.assign_asesor", is_admin_lsp)
rules.add_perm("cases.review_case", is_assigned_asesor)
rules.set_perm("accounts.view_applicantprofile", is_self | is_lsp_management | assesses_the_person)
rules.add_perm("cases.list_case", is_lsp_management)
