"""Demo data for documents: IC/2010/1 itself, drafted from the demo records and issued.

The note for IDM 2010 is drafted from what the other apps' demo data records (the 2009 year and its
workshops, the Ninety-eighth Session's panels, the 2010 theme, workshops and funding) and issued as
IC/2010/1, Geneva, 8 February 2010, as the seed was. Issuing queues its PDF after commit: the worker
that ``make run`` starts renders it. ``load()`` is idempotent: once IC/2010/1 exists nothing changes.
"""

from datetime import date

from directory.models import User
from workshops.models import DialogueYear

from . import services
from .models import DiscussionNote

SYMBOL = "IC/2010/1"
ISSUED_ON = date(2010, 2, 8)
SECRETARIAT_EMAIL = "secretariat@idm.example"


def load() -> dict[str, int]:
    year = DialogueYear.objects.filter(year=2010).first()
    if year is None:  # the workshops' demo data comes first; without it there is nothing to write about
        return {"discussion notes": 0}
    if not DiscussionNote.objects.filter(symbol=SYMBOL).exists():
        by = User.objects.filter(email=SECRETARIAT_EMAIL).first()
        note = DiscussionNote.objects.filter(year=year, status=DiscussionNote.Status.DRAFT).first()
        note = note or services.draft_discussion_note(year=year, by=by)
        services.issue_discussion_note(note=note, by=by, issue_date=ISSUED_ON, place="Geneva")
    return {"discussion notes": DiscussionNote.objects.count()}
