from django.apps import AppConfig


class IdmPortalConfig(AppConfig):
    """The project package is an app too, for the commands that span every app (load_demo)."""

    name = "idm_portal"
    verbose_name = "IDM portal"

    def ready(self) -> None:
        from . import missing_translations

        missing_translations.connect()
