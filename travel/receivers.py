"""Travel's answers to what the workshops announce (workshops never imports travel)."""

from django.db.models.signals import post_save

from workshops.models import Registration
from workshops.signals import funded_participation_approved, participant_checked_in

LOSES_SEAT = (Registration.Status.CANCELLED, Registration.Status.DECLINED)


def _open_travel_file(sender, registration: Registration, by, **kwargs) -> None:
    # Inside decide_funding's transaction: the file is opened with the approval, or not at all.
    from .services import open_travel_file  # services import the models; receivers load at ready()

    open_travel_file(registration=registration, by=by, funded=True)


def _revoke_letters(sender, instance: Registration, update_fields=None, **kwargs) -> None:
    # Every way a registration loses its seat (cancel_registration, decline_registration, the admin)
    # saves its status inside its own transaction: the letters are revoked with it, or not at all.
    if instance.status not in LOSES_SEAT or (update_fields is not None and "status" not in update_fields):
        return
    from .services import revoke_letters_of_registration  # as above: receivers load before the services

    revoke_letters_of_registration(registration=instance)


def _attended(sender, registration: Registration, by, **kwargs) -> None:
    # Inside check_in's transaction: a funded traveller checked in at the door has attended (the DSA
    # after the workshop is paid to those who did); an attendance the secretariat recorded stays.
    from .models import TravelFile  # as above

    travel_file = TravelFile.objects.filter(registration=registration, attendance=TravelFile.Attendance.UNKNOWN).first()
    if travel_file is None or travel_file.settled_on:
        return
    from .services import record_attendance  # as above

    record_attendance(travel_file=travel_file, by=by, attendance=TravelFile.Attendance.ATTENDED)


def connect() -> None:
    funded_participation_approved.connect(_open_travel_file, sender=Registration, dispatch_uid="travel-open-file")
    post_save.connect(_revoke_letters, sender=Registration, dispatch_uid="travel-revoke-letters")
    participant_checked_in.connect(_attended, sender=Registration, dispatch_uid="travel-attended")
