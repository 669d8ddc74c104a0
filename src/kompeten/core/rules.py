import rules

from kompeten.accounts.rules import is_admin_lsp, is_lsp_management

rules.add_perm("core.view_lspprofile", is_lsp_management)
rules.add_perm("core.change_lspprofile", is_admin_lsp)
rules.add_perm("core.view_auditevent", is_lsp_management)
# Background tasks (django-tasks-db): the LSP administrator can see them in the admin.
rules.add_perm("django_tasks_database.view_dbtaskresult", is_admin_lsp)
