from django.utils.functional import SimpleLazyObject

from .roles import roles_of


def portal(request) -> dict:
    return {"roles": SimpleLazyObject(lambda: roles_of(request.user))}
