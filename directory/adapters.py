from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from . import outbox
from .language import is_language


class PortalSite:
    """What allauth's e-mails call "the site": the portal's name and its public address, never the
    host a request happened to come in on (``127.0.0.1:8100``)."""

    @property
    def name(self) -> str:
        return _("IOM IDM portal")

    @property
    def domain(self) -> str:
        return urlsplit(settings.PUBLIC_URL).netloc

    def __str__(self) -> str:
        return self.name


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up stays open: anyone may create an account; delegate rights come from an approved affiliation."""

    def is_open_for_signup(self, request) -> bool:
        return True

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's messages (confirm the address, reset the password) in the user's preferred language,
        naming the portal, with links under ``IDM_PUBLIC_URL``, written to the outbox like every e-mail."""
        request = allauth_context.request
        language = getattr(context.get("user"), "preferred_language", "")
        with translation.override(language if is_language(language) else translation.get_language()):
            context = {
                "request": request,
                "email": email,
                **{key: self._public(value, request) for key, value in context.items()},
                "current_site": PortalSite(),
            }
            message = self.render_mail(template_prefix, email, context)
        outbox.enqueue(subject=message.subject, body=message.body, to=list(message.to), attachments=[])

    @staticmethod
    def _public(value, request):
        """A link allauth built from the request's host, moved to the public address."""
        if request is None or not isinstance(value, str):
            return value
        base = request.build_absolute_uri("/")
        return settings.PUBLIC_URL + "/" + value[len(base) :] if value.startswith(base) else value
