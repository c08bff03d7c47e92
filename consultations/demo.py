"""Demo data for the theme consultations.

The consultation that led to IDM 2010 (IC/2010/1, paragraphs 12 and 14): the informal consultations
of 20 October 2009, where the membership asked for the transnationalism workshop to incorporate
elements of another originally proposed workshop, and the follow-up survey in which "Migration and
social change" came first. It is adopted and linked to the IDM year 2010 of the workshops' demo data
and to its two workshops. The candidate themes other than the adopted one, the originally proposed
workshop and the ballots are illustrations: the note names neither the other candidates nor the
votes.

To try the ballot in the browser, ``load()`` also adds a consultation on IDM 2011, clearly labelled
as a demonstration, whose survey is open: its window moves with today's date each time the demo
data is loaded. A few member states have voted; Senegal (the demo focal point's state) has not.
``load()`` is idempotent. Run it after the demo log-ins exist: Senegal's 2009 ballot is the demo
focal point's; the other demo ballots were recorded without a portal account.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from directory.models import MemberState, User
from workshops.demo import SOCIETIES_2010, TRANSNATIONALISM_2010
from workshops.models import DialogueYear, Workshop

from .demo_translations import three
from .models import Ballot, BallotThemeRank, CandidateTheme, CandidateTopic, Consultation, ConsultationMeeting

C = Consultation.Status
FOCAL_POINT = "focalpoint@idm.example"

# --- IDM 2010 -------------------------------------------------------------------------------

SOCIAL_CHANGE = "Migration and social change"
THEMES_2010 = {
    # key: (title, description, proposed by: ISO code, or None for the secretariat)
    "S": (
        SOCIAL_CHANGE,
        "Migration considered primarily as a social phenomenon connecting and transforming people and places: "
        "the social and cultural transformations in societies of origin and destination, and the changing "
        "notions of belonging and identity.",
        None,
    ),
    "C": (
        "Migration and the global economic crisis: impacts and policy responses",
        "How the economic crisis affects migrants, labour markets and remittances, and which policies protect "
        "migrants and keep labour mobility beneficial in a downturn.",
        "MX",
    ),
    "E": (
        "Migration, the environment and climate change",
        "Environmental degradation and climate change as drivers of human mobility, and the policy responses "
        "of countries of origin and destination.",
        "BD",
    ),
    "H": (
        "Health and migration: protecting the health of migrants",
        "Access to health care for migrants, public health along migration routes, and the health of "
        "communities left behind.",
        "TH",
    ),
}
TRANSNATIONALISM = "Migration and Transnationalism: Opportunities and Challenges"
SOCIETIES = "Societies and Identities: the Multifaceted Impact of Migration"
FAMILIES = "Migration and the Family: Ties across Borders"
LABOUR = "Labour Mobility in Times of Economic Crisis"
TOPICS_2010 = {
    # key: (title, description, incorporated into: key, workshop slug)
    "T": (
        TRANSNATIONALISM,
        "The migrant as the agent and subject of transnationalism, and the policy interventions of States "
        "in this regard: participation in communities of origin and destination, families across borders, "
        "transnational networks.",
        None,
        TRANSNATIONALISM_2010,
    ),
    "F": (
        FAMILIES,
        "The originally proposed workshop on family unity and reunification, and on children, gender and "
        "generational roles when some family members move and others stay behind.",
        "T",
        None,
    ),
    "I": (
        SOCIETIES,
        "The perspective of the societies of origin and destination: social remittances, diversity, "
        "xenophobia and integration.",
        None,
        SOCIETIES_2010,
    ),
    "L": (
        LABOUR,
        "Protecting migrant workers and keeping labour mobility orderly while the global economy contracts.",
        None,
        None,
    ),
}
MEETING_2009_NOTES = (
    "The secretariat presented the candidate overarching themes and intersessional workshops for the IDM "
    "in 2010, proposed by the secretariat and by member states.\n\n"
    "The membership requested that the workshop on migration and transnationalism incorporate elements of "
    "another originally proposed workshop, on migration and the family: that workshop is therefore not put "
    "to the survey as a topic of its own.\n\n"
    "A follow-up survey of the member states will ask each to rank the candidate themes and to choose two "
    "workshop topics."
)
PRESENT_2009 = [
    "BD", "CA", "CH", "CO", "DE", "EC", "EG", "GH", "GR", "JO", "KE", "MA", "MD", "MX", "NP", "PH", "RS", "SE",
    "SN", "TH", "ZA",
]  # fmt: skip
# (member state, themes from most to least preferred, preferred topics)
BALLOTS_2010 = [
    ("SN", "SCEH", "TI"),
    ("KE", "SECH", "TI"),
    ("GH", "SCHE", "TL"),
    ("LR", "CSEH", "LI"),
    ("ZA", "SHCE", "IT"),
    ("MA", "SCEH", "TI"),
    ("MX", "CSEH", "LT"),
    ("EC", "SCEH", "TI"),
    ("CO", "CSHE", "TL"),
    ("CA", "SEHC", "IT"),
    ("TH", "HSEC", "IT"),
    ("PH", "SCHE", "TL"),
    ("BD", "ESCH", "IT"),
    ("NP", "ECSH", "TL"),
    ("RS", "SCEH", "TI"),
    ("SE", "SEHC", "IT"),
    ("GR", "CSEH", "TI"),
    ("CH", "SECH", "I"),
    ("DE", "ESHC", "IT"),
    ("MD", "CSEH", "T"),
    ("EG", "SCHE", "TL"),
    ("JO", "CSHE", "IL"),
]

# --- IDM 2011: an open survey to try in the browser -----------------------------------------

THEMES_2011 = {
    "F": (
        "The future of migration: building capacities for change",
        "What States need to manage the migration of the coming decades: policy, legislation, administrative "
        "structures and partnerships.",
        None,
    ),
    "E": (
        "Migration and the environment",
        "Slow-onset environmental change and sudden disasters as factors of migration and displacement.",
        "BD",
    ),
    "H": (
        "Migrants' health in a changing world",
        "Health systems that serve mobile populations, and the health of migrants at every stage of migration.",
        "TH",
    ),
    "D": (
        "Demographic change, labour markets and migration",
        "Ageing societies, young populations and the labour mobility between them.",
        "CH",
    ),
}
TOPICS_2011 = {
    "D": ("Economic Cycles, Demographic Change and Migration", "Labour migration across the business cycle."),
    "C": ("Climate Change, Environmental Degradation and Migration", "Mobility as adaptation, and its limits."),
    "H": ("Migration and Health Systems", "Health services for migrants and for the communities they leave."),
}
BALLOTS_2011 = [
    ("KE", "FEDH", "DC"),
    ("BD", "EFHD", "CH"),
    ("SE", "FDEH", "DC"),
    ("MX", "DFEH", "D"),
    ("PH", "HFED", "HD"),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _candidates(consultation: Consultation, themes: dict, states: dict) -> dict[str, CandidateTheme]:
    saved = {}
    for order, (key, (title, description, proposer)) in enumerate(themes.items()):
        saved[key], _ = CandidateTheme.objects.update_or_create(
            consultation=consultation,
            title=title,
            defaults={
                **three(title=title, description=description),
                "proposed_by": states.get(proposer),
                "order": order,
            },
        )
    return saved


def _ballots(consultation, rows, themes, topics, states, cast_at, cast_by=None) -> int:
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
    consultation, _ = Consultation.objects.update_or_create(
        year=2010,
        defaults={
            **three(
                title="Overarching theme and workshops of the IDM in 2010",
                introduction=(
                    "Informal consultations with the membership on the overarching theme and the intersessional "
                    "workshops of the International Dialogue on Migration in 2010, and the follow-up survey of the "
                    "member states."
                ),
            ),
            "status": C.ADOPTED if year else C.CLOSED,
            "survey_opens": _at(date(2009, 10, 21), 9),
            "survey_closes": _at(date(2009, 11, 13), 18),
            "max_topics": 2,
            "opened_at": _at(date(2009, 10, 21), 9),
            "closed_at": _at(date(2009, 11, 13), 18),
            "adopted_year": year,
            "adopted_at": _at(date(2009, 11, 27), 12) if year else None,
        },
    )
    meeting, _ = ConsultationMeeting.objects.update_or_create(
        consultation=consultation,
        date=date(2009, 10, 20),
        defaults=three(
            title="Informal consultations on the International Dialogue on Migration", notes=MEETING_2009_NOTES
        ),
    )
    meeting.states_present.set([states[code] for code in PRESENT_2009])
    themes = _candidates(consultation, THEMES_2010, states)
    topics = {}
    for order, (key, (title, description, _into, _slug)) in enumerate(TOPICS_2010.items()):
        topics[key], _ = CandidateTopic.objects.update_or_create(
            consultation=consultation,
            title=title,
            defaults={**three(title=title, description=description), "order": order},
        )
    workshops = {w.slug: w for w in Workshop.objects.filter(slug__in=[TRANSNATIONALISM_2010, SOCIETIES_2010])}
    for key, (_title, _description, into, slug) in TOPICS_2010.items():
        topic = topics[key]
        topic.merged_into = topics[into] if into else None
        topic.workshop = workshops.get(slug) if slug else None
        topic.save(update_fields=["merged_into", "workshop"])
    consultation.adopted_theme = themes["S"] if year else None
    consultation.save(update_fields=["adopted_theme"])
    focal_point = User.objects.filter(email=FOCAL_POINT).first()
    return _ballots(
        consultation,
        BALLOTS_2010,
        themes,
        topics,
        states,
        cast_at=_at(date(2009, 11, 6), 11),
        cast_by={"SN": focal_point},
    )


def _consultation_2011(states: dict, today: date) -> int:
    consultation, _ = Consultation.objects.update_or_create(
        year=2011,
        defaults={
            **three(
                title="Overarching theme and workshops of the IDM in 2011 (demonstration)",
                introduction=(
                    "A demonstration of the survey: its dates move with today's date each time the demo data is "
                    "loaded, so that a focal point can cast the ballot of a member state in the browser."
                ),
            ),
            "status": C.OPEN,
            "survey_opens": _at(today - timedelta(days=7), 9),
            "survey_closes": _at(today + timedelta(days=30), 18),
            "max_topics": 2,
            "opened_at": _at(today - timedelta(days=7), 9),
            "closed_at": None,
            "closed_by": None,
            "adopted_year": None,
            "adopted_theme": None,
            "adopted_at": None,
            "adopted_by": None,
        },
    )
    meeting, _ = ConsultationMeeting.objects.update_or_create(
        consultation=consultation,
        title="Informal consultations on the International Dialogue on Migration (demonstration)",
        defaults={
            "date": today - timedelta(days=8),
            **three(
                title="Informal consultations on the International Dialogue on Migration (demonstration)",
                notes="The secretariat presented the candidate themes and workshop topics for 2011.",
            ),
        },
    )
    meeting.states_present.set([states[code] for code in ("BD", "CH", "KE", "MX", "PH", "SE", "SN", "TH")])
    themes = _candidates(consultation, THEMES_2011, states)
    topics = {}
    for order, (key, (title, description)) in enumerate(TOPICS_2011.items()):
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
    return _ballots(consultation, BALLOTS_2011, themes, topics, states, cast_at=_at(today - timedelta(days=3), 10))


@transaction.atomic
def load() -> dict[str, int]:
    states = {state.country.code: state for state in MemberState.objects.all()}
    ballots = _consultation_2010(states)
    ballots += _consultation_2011(states, timezone.localdate())
    return {"theme consultations": Consultation.objects.count(), "ballots": ballots}
