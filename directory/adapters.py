from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from .language import is_language


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up stays open: anyone may create an account; delegate rights come from an approved affiliation."""

    def is_open_for_signup(self, request) -> bool:
        return True

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's messages (confirm the address, reset the password) in the user's preferred language."""
        language = getattr(context.get("user"), "preferred_language", "")
        if not is_language(language):
            return super().send_mail(template_prefix, email, context)
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)
