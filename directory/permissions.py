"""The one place that answers "may this user do X (to this object)?".

Each app registers its rules here with ``@rule("app.action")``; Django's permission API then
answers through ``RulesBackend``: ``user.has_perm("workshops.register", workshop)`` in code and
``PermissionRequiredMixin`` in views. Querysets are scoped separately, in each app's queries.py.
"""

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied

from . import roles
from .rules import answer, rule

__all__ = ["RulesBackend", "SecretariatRequiredMixin", "rule"]


class RulesBackend:
    """An authentication backend that only answers permission questions, from the rules. It is the
    first of ``AUTHENTICATION_BACKENDS`` and its answer is the whole answer, which the user model
    gives without asking the backends (``directory.models.User.has_perm``)."""

    def authenticate(self, request, **credentials) -> None:
        return None

    def has_perm(self, user_obj, perm: str, obj: Any = None) -> bool:
        answered = answer(user_obj, perm, obj)
        if answered is None:
            return False  # not one of ours (the admin's model permissions): the next backend answers
        if answered:
            return True
        # The rule is the whole answer: the model backend after this one would only spend two queries
        # on the user's and groups' model permissions, which no rule of the portal grants.
        raise PermissionDenied

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return False


class SecretariatRequiredMixin(PermissionRequiredMixin):
    """Staff pages: secretariat only. Others logged in get 403; anonymous users go to log in."""

    permission_required = "directory.manage"


@rule("directory.manage")
def _manage_directory(user, obj) -> bool:
    return roles.is_secretariat(user)


@rule("directory.request_affiliation")
def _request_affiliation(user, obj) -> bool:
    return user.is_authenticated and not roles.is_secretariat(user) and roles.open_affiliation(user) is None


@rule("directory.act_as_delegate")
def _act_as_delegate(user, obj) -> bool:
    return roles.delegate_state(user) is not None


@rule("directory.act_as_focal_point")
def _act_as_focal_point(user, obj) -> bool:
    affiliation = roles.approved_affiliation(user)
    return affiliation is not None and affiliation.is_focal_point
