from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        from . import permissions, roles, signals, slots  # noqa: F401 - importing permissions registers the rules

        signals.connect()
        roles.contribute()
        slots.fill()
