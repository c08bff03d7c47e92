import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # WeasyPrint reports every step of every render at INFO: keep the logs for what matters.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        # The rules, and the worker-start sweep for jobs of dead workers.
        from . import permissions, receivers, tasks  # noqa: F401

        receivers.connect()
