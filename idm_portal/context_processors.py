from django.utils.functional import SimpleLazyObject

from directory.roles import roles_of


def portal(request) -> dict:
    # Lazy: a page that never shows a role-dependent link costs no query; otherwise the same Roles the rules use.
    # An error page for a request refused before the authentication middleware ran (a foreign host) has no
    # user: it is anonymous, as django.contrib.auth's own context processor takes it.
    return {"roles": SimpleLazyObject(lambda: roles_of(getattr(request, "user", None)))}
