"""The consultations' public results and the public home page's open surveys are kept whole for
anonymous visitors in the workshops' page cache: a change to a record they show gives every cached
page a new version (member states are connected by sessions_council, users and people by workshops)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from workshops import cache

from .models import Ballot, BallotThemeRank, CandidateTheme, CandidateTopic, Consultation, ConsultationMeeting

SHOWN = (Consultation, ConsultationMeeting, CandidateTheme, CandidateTopic, Ballot, BallotThemeRank)


def _changed(sender, **kwargs) -> None:
    cache.invalidate()


def connect() -> None:
    for model in SHOWN:
        post_save.connect(_changed, sender=model, dispatch_uid="consultations-public-cache")
        post_delete.connect(_changed, sender=model, dispatch_uid="consultations-public-cache")
    for relation in (ConsultationMeeting.states_present.through, Ballot.topics.through):
        m2m_changed.connect(_changed, sender=relation, dispatch_uid="consultations-public-cache")
