"""The erasure of the travellers' personal data a configurable number of days after the workshop."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import PERSONAL_FIELDS, TravelFile
from ..signals import personal_data_erased
from .common import A, K, audit

# --- Erasure ------------------------------------------------------------------------------------


def erasure_due_before(today: datetime.date | None = None) -> datetime.date:
    """Workshops that ended before this date have their travellers' details erased."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.TRAVEL_PERSONAL_DATA_RETENTION_DAYS)


def erase_expired_personal_data(*, today: datetime.date | None = None) -> list[int]:
    """Blank the traveller details of every workshop that ended more than the retention period ago,
    keeping "erased on DATE"; each file in its own transaction. Returns the files erased."""
    today = today or timezone.localdate()
    due = TravelFile.objects.filter(
        personal_data_erased_on__isnull=True, registration__workshop__end_date__lt=erasure_due_before(today)
    ).values_list("pk", flat=True)
    erased = []
    for pk in list(due):
        with transaction.atomic():
            travel_file = TravelFile.objects.select_for_update().get(pk=pk)
            if travel_file.is_erased:
                continue
            for name in PERSONAL_FIELDS:
                field = TravelFile._meta.get_field(name)
                setattr(travel_file, name, None if field.null else "")
            travel_file.personal_data_erased_on = today
            travel_file.save()
            audit(
                by=None,
                kind=K.TRAVEL_FILE,
                action=A.ERASED,
                object_id=travel_file.pk,
                travel_file=travel_file,
                summary=str(travel_file),
                before={},
                after={"personal_data_erased_on": today.isoformat()},
            )
            personal_data_erased.send(sender=TravelFile, travel_file=travel_file)
            erased.append(pk)
    return erased
