"""The Council's public pages (sessions, speakers) are kept whole for anonymous visitors in the
workshops' page cache: a change to a record they show gives every cached page a new version."""

from django.db.models.signals import post_delete, post_save

from directory.models import MemberState, Organisation
from workshops import cache

from .models import CouncilSession, Panel, Participation, Presentation, SpeakerProfile

# People and users are connected by workshops (its pages name speakers too).
SHOWN = (CouncilSession, Panel, Participation, Presentation, SpeakerProfile, Organisation, MemberState)


def _changed(sender, **kwargs) -> None:
    cache.invalidate()


def connect() -> None:
    for model in SHOWN:
        post_save.connect(_changed, sender=model, dispatch_uid="council-public-cache")
        post_delete.connect(_changed, sender=model, dispatch_uid="council-public-cache")
