import rules

from kompeten.accounts.rules import is_admin_lsp, is_lsp_management
from kompeten.schemes.models import SchemeStatus


@rules.predicate
def is_active_scheme(user, scheme) -> bool:
    return scheme is not None and scheme.status == SchemeStatus.ACTIVE


# Reading a scheme's public page: everyone for active schemes, LSP management for drafts and retired ones.
rules.add_perm("schemes.read_scheme", is_active_scheme | is_lsp_management)
rules.add_perm("schemes.activate_scheme", is_lsp_management)
rules.add_perm("schemes.retire_scheme", is_lsp_management)

for model in ("scheme", "schemeunit", "schemerequirement", "schemeevidence", "schememethod"):
    rules.add_perm(f"schemes.view_{model}", is_lsp_management)
    rules.add_perm(f"schemes.change_{model}", is_lsp_management)
    rules.add_perm(f"schemes.add_{model}", is_lsp_management)
    rules.add_perm(f"schemes.delete_{model}", is_admin_lsp)
