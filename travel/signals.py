"""What travel tells the apps above it, without knowing them."""

from django.dispatch import Signal

# Sent inside the erasure's transaction with ``travel_file``: documents removes the letters it rendered
# from the erased details (a PDF holds the passport details too).
personal_data_erased = Signal()

# Sent inside ``services.approve_letter``'s transaction with ``letter`` and ``by``: documents asks for
# the letter's PDF, so the approval and its render job are committed together or not at all.
letter_approved = Signal()
