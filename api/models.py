"""Personal API tokens: a user's, named, with an expiry and a scope; only a hash is stored.

The key (``prefix.secret``) is shown once when the token is made; the database keeps its prefix
(to find the row) and a SHA-512 hash (djangorestframework-api-key's ``AbstractAPIKey``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager


class ApiToken(AbstractAPIKey):
    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        READ_WRITE = "read_write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    scope = models.CharField(_("scope"), max_length=16, choices=Scope, default=Scope.READ)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = APIKeyManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def is_usable(self) -> bool:
        return not self.revoked and (self.expiry_date is None or self.expiry_date > timezone.now())

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

    @property
    def label(self) -> str:
        """How the token is named in the audit histories."""
        return _("API token “%(name)s”") % {"name": self.name}


class ApiWrite(models.Model):
    """One change made through the API: which token (by name, kept if the token is deleted), who, what.

    Written in the same transaction as the change; a refused or failed write leaves none.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, related_name="writes")
    token_name = models.CharField(_("token"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("record"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("record number"))
    summary = models.CharField(_("summary"), max_length=300)

    class Meta:
        verbose_name = _("change through the API")
        verbose_name_plural = _("changes through the API")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.token_name}: {self.action} {self.object_type} {self.object_id}"
