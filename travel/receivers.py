"""Travel's answers to what the workshops announce (workshops never imports travel)."""

from workshops.models import Registration
from workshops.signals import funded_participation_approved


def _open_travel_file(sender, registration: Registration, by, **kwargs) -> None:
    # Inside decide_funding's transaction: the file is opened with the approval, or not at all.
    from .services import open_travel_file

    open_travel_file(registration=registration, by=by, funded=True)


def connect() -> None:
    funded_participation_approved.connect(_open_travel_file, sender=Registration, dispatch_uid="travel-open-file")
