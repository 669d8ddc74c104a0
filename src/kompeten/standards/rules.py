import rules

from kompeten.accounts.rules import is_admin_lsp, is_lsp_management

for model in ("standard", "unit", "element", "criterion", "importjob"):
    rules.add_perm(f"standards.view_{model}", is_lsp_management)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"standards.{action}_{model}", is_admin_lsp)
