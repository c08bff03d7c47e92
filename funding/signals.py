"""The public workshop pages show the donors acknowledged by name: a change to the records they come
from gives the workshops' cached pages a new version (workshops never imports funding)."""

from django.db.models.signals import post_delete, post_save

from workshops import cache

from .models import Allocation, Contribution, Donor


def _changed(sender, **kwargs) -> None:
    cache.invalidate()


def connect() -> None:
    for model in (Donor, Contribution, Allocation):
        post_save.connect(_changed, sender=model, dispatch_uid="funding-workshops-public-cache")
        post_delete.connect(_changed, sender=model, dispatch_uid="funding-workshops-public-cache")
