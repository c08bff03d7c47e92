from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Theme consultations")

    def ready(self) -> None:
        # Imported once the app registry is ready: they import models.
        from . import permissions  # noqa: F401 - registers the consultations' rules
        from . import signals as public_cache

        public_cache.connect()
