"""Travel rules, by concern: the travel file (``files``), the DSA and its rate table (``allowances``),
receipts and boarding passes (``attachments``), invitation letters (``letters``), the erasure of
personal data (``erasure``); what they share is in ``common``. ``from travel import services`` keeps
every public name of the modules.

Every change takes the travel file's row lock and writes an audit entry in the same transaction;
e-mails go after commit in the recipient's language.
"""

from .allowances import compute_dsa, delete_dsa_rate, rates_for, record_dsa_payment, save_dsa_rate
from .attachments import upload_attachment
from .common import lock_travel_file
from .erasure import erase_expired_personal_data, erasure_due_before
from .files import (
    ITINERARY,
    confirm_travel,
    open_travel_file,
    record_attendance,
    record_reimbursement,
    record_ticket,
    save_itinerary,
    save_traveller_details,
    settle_travel_file,
)
from .letters import (
    approve_letter,
    lock_letter,
    refuse_letter,
    request_letter,
    revoke_letter,
    revoke_letters_of_registration,
)

__all__ = [
    "ITINERARY",
    "approve_letter",
    "compute_dsa",
    "confirm_travel",
    "delete_dsa_rate",
    "erase_expired_personal_data",
    "erasure_due_before",
    "lock_letter",
    "lock_travel_file",
    "open_travel_file",
    "rates_for",
    "record_attendance",
    "record_dsa_payment",
    "record_reimbursement",
    "record_ticket",
    "refuse_letter",
    "request_letter",
    "revoke_letter",
    "revoke_letters_of_registration",
    "save_dsa_rate",
    "save_itinerary",
    "save_traveller_details",
    "settle_travel_file",
    "upload_attachment",
]
