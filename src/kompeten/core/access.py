"""Access-checked fetching: no view trusts an id from the URL."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404


def get_object_for_user(
    user, queryset: models.QuerySet, perm: str, *, conceal: bool = False, **lookup
) -> models.Model:
    """The object matching ``lookup`` in ``queryset`` if ``user`` holds ``perm`` on it.

    A missing object is a 404; an object the user may not see is a 403, or a 404 with ``conceal``
    where even its existence is not the visitor's business (a draft scheme).
    """
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None
    if not user.has_perm(perm, obj):
        raise Http404 if conceal else PermissionDenied
    return obj


def role_required(*roles: str):
    """The view needs a signed-in user holding at least one of ``roles``; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_any_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
