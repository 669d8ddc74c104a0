"""Signing in, with permissions that come from roles alone.

Kompeten grants permissions through roles and `rules` predicates; Django's per-user and per-group permission
tables are never filled. These backends keep Django's and allauth's sign-in but skip reading those empty
tables on every request (two queries a page), except for superusers, who still hold every permission.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend


class RolePermissionsOnly:
    def get_user_permissions(self, user_obj, obj=None):
        return super().get_user_permissions(user_obj, obj) if user_obj.is_superuser else set()

    def get_group_permissions(self, user_obj, obj=None):
        return super().get_group_permissions(user_obj, obj) if user_obj.is_superuser else set()


class PasswordBackend(RolePermissionsOnly, ModelBackend):
    """Django's own sign-in (the admin's login form)."""


class AccountBackend(RolePermissionsOnly, AuthenticationBackend):
    """allauth's sign-in by e-mail address."""
