from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from directory.roles import roles_of

from . import csrf


def portal(request) -> dict:
    # Lazy: a page that never shows a role-dependent link costs no query; otherwise the same Roles the rules use.
    # An error page for a request refused before the authentication middleware ran (a foreign host) has no
    # user: it is anonymous, as django.contrib.auth's own context processor takes it.
    return {
        "roles": SimpleLazyObject(lambda: roles_of(getattr(request, "user", None))),
        # In place of Django's built-in csrf processor's (this one runs after it): the same token, made
        # for a fraction of the time (idm_portal/csrf.py).
        "csrf_token": SimpleLazyObject(lambda: csrf.get_token(request)),
    }


def i18n(request) -> dict:
    """Django's ``django.template.context_processors.i18n``, the language asked for once instead of twice."""
    language = translation.get_language()
    return {
        "LANGUAGES": settings.LANGUAGES,
        "LANGUAGE_CODE": language,
        "LANGUAGE_BIDI": language is not None and language.split("-")[0] in settings.LANGUAGES_BIDI,
    }
