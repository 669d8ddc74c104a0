from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from kompeten.accounts import dashboards
from kompeten.accounts.models import Role

ROLES_BY_SLUG = {role.slug: role for role in Role}


@login_required
def dashboard(request):
    """After login: the dashboard of the user's first role (the others are one click away)."""
    roles = request.user.roles
    if not roles:
        return render(request, "accounts/no_role.html")
    return redirect("accounts:role_dashboard", role_slug=roles[0].slug)


@login_required
def role_dashboard(request, role_slug: str):
    role = ROLES_BY_SLUG.get(role_slug)
    if role is None:
        raise Http404
    if not request.user.has_role(role):
        raise PermissionDenied
    context = {"role": role, **dashboards.context_for(role, request.user)}
    return render(request, f"accounts/dashboard_{role.value}.html", context)
