"""The workshops' models, by concern: the programme, the registrations, and what follows them.

``from workshops.models import X`` names every one of them; the migrations name the upload paths here."""

from .attendance import Attendance, Certificate, MessageRecipient, ParticipantMessage
from .programme import (
    MAX_CAPACITY,
    AgendaItem,
    AgendaSpeaker,
    DialogueYear,
    Workshop,
    WorkshopDocument,
    workshop_document_path,
)
from .registrations import (
    ACTIVE,
    HOLDS_FUNDED_SEAT,
    HOLDS_SEAT,
    Registration,
    RegistrationChange,
    note_verbale_path,
    waiting_for_secretariat,
)

__all__ = [
    "ACTIVE",
    "HOLDS_FUNDED_SEAT",
    "HOLDS_SEAT",
    "MAX_CAPACITY",
    "AgendaItem",
    "AgendaSpeaker",
    "Attendance",
    "Certificate",
    "DialogueYear",
    "MessageRecipient",
    "ParticipantMessage",
    "Registration",
    "RegistrationChange",
    "Workshop",
    "WorkshopDocument",
    "note_verbale_path",
    "waiting_for_secretariat",
    "workshop_document_path",
]
