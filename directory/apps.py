from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        # Imported once the app registry is ready: these modules import models.
        from allauth.account.signals import user_logged_in

        from . import hardening, permissions, queries, roles, totp  # noqa: F401 - permissions registers the directory's rules
        from .language import on_logged_in
        from .models import Person

        user_logged_in.connect(on_logged_in, dispatch_uid="directory-language-at-log-in")
        hardening.install()
        totp.install()
        queries.connect()
        # The user's directory record, read with their roles (and kept with a signed-in session's row,
        # idm_portal/identity.py): the registration form's own participant costs no query.
        roles.contribute("person", path="person", model=Person)
