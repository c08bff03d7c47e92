from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelConfig(AppConfig):
    name = "travel"
    verbose_name = _("Travel")

    def ready(self) -> None:
        from . import permissions, receivers  # noqa: F401 - rules and the workshops' signal

        receivers.connect()
