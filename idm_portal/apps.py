from django.apps import AppConfig


class IdmPortalConfig(AppConfig):
    """The project package is an app too, for the commands that span every app (load_demo)."""

    name = "idm_portal"
    verbose_name = "IDM portal"

    def ready(self) -> None:
        from directory import queries as directory_queries
        from directory import versions
        from funding import cache as funding_cache
        from workshops import cache as workshops_cache

        from . import identity, missing_translations

        missing_translations.connect()
        identity.connect()
        # The versions most signed-in pages read, read with the session (idm_portal/identity.py).
        versions.prefetch(
            workshops_cache.VERSION_KEY,
            workshops_cache.ROWS_VERSION_KEY,
            directory_queries.STATES_VERSION_KEY,
            funding_cache.VERSION_KEY,
        )
