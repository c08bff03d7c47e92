"""Changes to the records funding's pages show.

The public workshop pages show the donors acknowledged by name: a change to the records they come from
gives the workshops' cached pages a new version (workshops never imports funding). The donor portal's
figures are summed from every funding record and the member states' regions: a change to any of them
gives the kept figures a new version (``funding/cache.py``). The kept audit history names who made each
change: a user deleted gives it a new version too (a renamed user gives the workshop pages' one).
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from directory.models import MemberState
from workshops import cache

from . import cache as funding_cache
from .models import Allocation, BudgetLine, Contribution, Donor, Expenditure, Payment


def _changed(sender, **kwargs) -> None:
    cache.invalidate()


def _figures_changed(sender, **kwargs) -> None:
    funding_cache.invalidate()


def connect() -> None:
    for model in (Donor, Contribution, Allocation):
        post_save.connect(_changed, sender=model, dispatch_uid="funding-workshops-public-cache")
        post_delete.connect(_changed, sender=model, dispatch_uid="funding-workshops-public-cache")
    for model in (Donor, Contribution, Payment, Allocation, Expenditure, BudgetLine, MemberState):
        post_save.connect(_figures_changed, sender=model, dispatch_uid="funding-donor-figures")
        post_delete.connect(_figures_changed, sender=model, dispatch_uid="funding-donor-figures")
    post_delete.connect(_figures_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="funding-donor-figures")
