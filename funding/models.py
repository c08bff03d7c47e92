from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Donor(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental")
        PRIVATE = "private", _("Private")
        FOUNDATION = "foundation", _("Foundation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    country = CountryField(_("country"), blank=True)
    acknowledged_by_name = models.BooleanField(
        _("acknowledged by name"), default=True, help_text=_("Whether public pages may name this donor.")
    )

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DonorContact(models.Model):
    """A portal user who speaks for a donor and sees that donor's records, and no other's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="donor_contact"
    )
    donor = models.ForeignKey(Donor, verbose_name=_("donor"), on_delete=models.CASCADE, related_name="contacts")

    class Meta:
        verbose_name = _("donor contact")
        verbose_name_plural = _("donor contacts")

    def __str__(self) -> str:
        return f"{self.user} ({self.donor})"
