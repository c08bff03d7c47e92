"""What funding shows on the pages of the apps below it (see ``workshops/slots.py``)."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from workshops import slots
from workshops.models import Workshop

from .queries import acknowledged_donors_for


def donor_acknowledgements(*, workshop: Workshop) -> str:
    """The donors a workshop's public page thanks, for the page's aside."""
    context = {"donors": acknowledged_donors_for(workshop), "workshop": workshop}
    # The template ends with a newline, which would make an empty slot non-empty.
    return mark_safe(render_to_string("funding/includes/acknowledgements.html", context).strip())  # noqa: S308 - rendered HTML


def fill() -> None:
    slots.fill(slots.WORKSHOP_ASIDE, donor_acknowledgements)
