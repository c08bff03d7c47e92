from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsCouncilConfig(AppConfig):
    name = "sessions_council"
    verbose_name = _("Council sessions")

    def ready(self) -> None:
        from . import permissions, signals  # noqa: F401 - registers the Council rules

        signals.connect()
