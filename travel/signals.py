"""What travel tells the apps above it, without knowing them."""

from django.dispatch import Signal

# Sent inside the erasure's transaction with ``travel_file``: documents removes the letters it rendered
# from the erased details (a PDF holds the passport details too).
personal_data_erased = Signal()
