from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        from . import permissions, signals  # noqa: F401 - importing permissions registers funding's permission rules

        signals.connect()
