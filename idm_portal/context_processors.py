from django.utils.functional import SimpleLazyObject

from directory.roles import roles_of


def portal(request) -> dict:
    # Lazy: a page that never shows a role-dependent link costs no query; otherwise the same Roles the rules use.
    return {"roles": SimpleLazyObject(lambda: roles_of(request.user))}
