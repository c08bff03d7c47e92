"""Demo data for the theme consultations, from ``data.json`` beside this file.

The consultation that led to IDM 2010 (IC/2010/1, paragraphs 12 and 14): the informal consultations
of 20 October 2009, where the membership asked for the transnationalism workshop to incorporate
elements of another originally proposed workshop, and the follow-up survey in which "Migration and
social change" came first. It is adopted and linked to the IDM year 2010 of the workshops' demo data
and to its two workshops. The candidate themes other than the adopted one, the originally proposed
workshop and the ballots are illustrations: the note names neither the other candidates nor the
votes.

To try the ballot in the browser, ``load()`` also adds a consultation on IDM 2011, clearly labelled
as a demonstration, whose survey is open: its window moves with today's date each time the demo data
is loaded. A few member states have voted; Senegal (the demo focal point's state) has not. ``load()``
is idempotent. Run it after the demo log-ins exist: Senegal's 2009 ballot is the demo focal point's;
the other demo ballots were recorded without a portal account.
"""

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from directory.models import MemberState, User
from directory.translation import companion
from workshops.models import DialogueYear, Workshop

from ..models import Ballot, BallotThemeRank, CandidateTheme, CandidateTopic, Consultation, ConsultationMeeting

C = Consultation.Status
FOCAL_POINT = "focalpoint@idm.example"
DATA = json.loads(Path(__file__).with_name("data.json").read_text(encoding="utf-8"))
ADOPTED_THEME_2010 = "S"  # "Migration and social change"


def three(**fields: str) -> dict[str, str]:
    """``{field: english, field_fr: french, field_es: spanish}`` for each ``field=english``."""
    values = {}
    for field, english in fields.items():
        french, spanish = DATA["translations"].get(english, ("", ""))
        values.update({field: english, companion(field, "fr"): french, companion(field, "es"): spanish})
    return values


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _consultation(year: int, states: dict, meeting_date: date, **fields) -> tuple[Consultation, dict, dict]:
    """The consultation of ``year`` with its meeting, candidate themes and topics (by key), as in ``data.json``."""
    data = DATA[str(year)]
    consultation, _ = Consultation.objects.update_or_create(
        year=year, defaults={**three(title=data["title"], introduction=data["introduction"]), **fields}
    )
    meeting, _ = ConsultationMeeting.objects.update_or_create(
        consultation=consultation,
        title=data["meeting"]["title"],
        defaults={"date": meeting_date, **three(**data["meeting"])},
    )
    meeting.states_present.set([states[code] for code in data["present"]])
    themes, topics = {}, {}
    for order, (key, (title, description, proposer)) in enumerate(data["themes"].items()):
        themes[key], _ = CandidateTheme.objects.update_or_create(
            consultation=consultation,
            title=title,
            defaults={
                **three(title=title, description=description),
                "proposed_by": states.get(proposer),
                "order": order,
            },
        )
    for order, (key, (title, description, *_links)) in enumerate(data["topics"].items()):
        topics[key], _ = CandidateTopic.objects.update_or_create(
            consultation=consultation,
            title=title,
            defaults={
                **three(title=title, description=description),
                "order": order,
                "merged_into": None,
                "workshop": None,
            },
        )
    return consultation, themes, topics


def _ballots(consultation, themes, topics, states, cast_at, cast_by=None) -> int:
    rows = DATA[str(consultation.year)]["ballots"]
    for code, ranking, chosen in rows:
        ballot, _ = Ballot.objects.update_or_create(
            consultation=consultation,
            member_state=states[code],
            defaults={"cast_at": cast_at, "cast_by": (cast_by or {}).get(code), "revision": 1},
        )
        ballot.ranks.all().delete()
        BallotThemeRank.objects.bulk_create(
            BallotThemeRank(ballot=ballot, theme=themes[key], rank=rank) for rank, key in enumerate(ranking, start=1)
        )
        ballot.topics.set([topics[key] for key in chosen])
    return len(rows)


def _consultation_2010(states: dict) -> int:
    year = DialogueYear.objects.filter(year=2010).first()
    consultation, themes, topics = _consultation(
        2010,
        states,
        date(2009, 10, 20),
        status=C.ADOPTED if year else C.CLOSED,
        survey_opens=_at(date(2009, 10, 21), 9),
        survey_closes=_at(date(2009, 11, 13), 18),
        max_topics=2,
        opened_at=_at(date(2009, 10, 21), 9),
        closed_at=_at(date(2009, 11, 13), 18),
        adopted_year=year,
        adopted_at=_at(date(2009, 11, 27), 12) if year else None,
    )
    links = DATA["2010"]["topics"]
    workshops = {w.slug: w for w in Workshop.objects.filter(slug__in=[slug for *_, slug in links.values() if slug])}
    for key, (_title, _description, into, slug) in links.items():
        topic = topics[key]
        topic.merged_into = topics[into] if into else None
        topic.workshop = workshops.get(slug) if slug else None
        topic.save(update_fields=["merged_into", "workshop"])
    consultation.adopted_theme = themes[ADOPTED_THEME_2010] if year else None
    consultation.save(update_fields=["adopted_theme"])
    focal_point = User.objects.filter(email=FOCAL_POINT).first()
    return _ballots(
        consultation, themes, topics, states, cast_at=_at(date(2009, 11, 6), 11), cast_by={"SN": focal_point}
    )


def _consultation_2011(states: dict, today: date) -> int:
    consultation, themes, topics = _consultation(
        2011,
        states,
        today - timedelta(days=8),
        status=C.OPEN,
        survey_opens=_at(today - timedelta(days=7), 9),
        survey_closes=_at(today + timedelta(days=30), 18),
        max_topics=2,
        opened_at=_at(today - timedelta(days=7), 9),
        closed_at=None,
        closed_by=None,
        adopted_year=None,
        adopted_theme=None,
        adopted_at=None,
        adopted_by=None,
    )
    return _ballots(consultation, themes, topics, states, cast_at=_at(today - timedelta(days=3), 10))


@transaction.atomic
def load() -> dict[str, int]:
    states = {state.country.code: state for state in MemberState.objects.all()}
    ballots = _consultation_2010(states)
    ballots += _consultation_2011(states, timezone.localdate())
    return {"theme consultations": Consultation.objects.count(), "ballots": ballots}
