from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up stays open: anyone may create an account; delegate rights come from an approved affiliation."""

    def is_open_for_signup(self, request) -> bool:
        return True
