"""allauth forms the portal changes (kept apart from directory/forms.py, which allauth's forms import)."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm
from allauth.account.internal.userkit import filter_users_by_email


class PasswordResetForm(ResetPasswordForm):
    """Any well-formed address is accepted: the page says the same whether or not it has an account, so
    the form cannot be used to find out who has one. The e-mail tells the truth to the address's owner
    (a reset link, or that there is no account: allauth's "unknown account" message)."""

    def clean_email(self) -> str:
        email = get_adapter().clean_email(self.cleaned_data["email"].lower())
        self.users = filter_users_by_email(email, is_active=True, prefer_verified=True, for_login=True)
        return self.cleaned_data["email"]
