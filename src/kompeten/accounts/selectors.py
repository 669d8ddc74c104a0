from kompeten.accounts.models import Role, User


def lsp_admins():
    """The active administrators of the LSP: whom Kompeten tells of what waits for them."""
    return User.objects.filter(is_active=True, role_assignments__role=Role.ADMIN_LSP).distinct()
