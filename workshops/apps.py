from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from . import permissions, signals  # noqa: F401 - permissions registers the workshops' rules

        signals.connect()
