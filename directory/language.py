"""The interface language of a browser: a cookie, set by the switcher in every page's header
(Django's ``set_language``), at log-in to the user's preferred language, and when the user changes
that preference on their profile. E-mails go in the preferred language (``mail.py``)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def is_language(code: str) -> bool:
    return code in dict(settings.LANGUAGES)


def use_language(request: HttpRequest, response: HttpResponse | None, language: str) -> None:
    """Show the rest of this request in ``language`` and keep it in the browser's language cookie."""
    if not is_language(language):
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
    if response is not None:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )


def on_logged_in(sender, request, user, response=None, **kwargs) -> None:
    """allauth's ``user_logged_in``: the portal speaks the user's preferred language from log-in on."""
    use_language(request, response, user.preferred_language)
