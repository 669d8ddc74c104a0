from kompeten.accounts.models import Role


def tuk_admin(request):
    """``runs_a_tuk``: the user administers at least one TUK (the menu shows the sessions and TUK pages)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"runs_a_tuk": user.has_role(Role.ADMIN_TUK) and user.tuks.exists()}
