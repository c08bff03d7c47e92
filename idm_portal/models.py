"""The portal's session: Django's database session with the signed-in user's id in a column of its own.

With the id beside the session's data, reading a signed-in request's session also reads its user and
their roles, in the same query (idm_portal/sessions.py): one round trip to the database instead of
two. The column is a hint written from the data at each save; the data stays what Django and allauth
judge a session by (the user id, the backend, the password's hash), and a column that does not say
what the data says is not used."""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class PortalSession(AbstractBaseSession):
    # No constraint and no cascade: a deleted user's sessions read no user (signed out), as Django's.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "idm_portal_session"

    @classmethod
    def get_session_store_class(cls):
        return import_module(settings.SESSION_ENGINE).SessionStore
