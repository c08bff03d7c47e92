"""Permission-matrix rows for the theme consultations: the public list and results, the focal
point's ballot, and the secretariat's pages under /staff/consultations/.

The records are made on first use and kept in ``world.extra``: a consultation in preparation with a
meeting, a candidate theme and a topic; one whose survey is open (ballots: the world's focal point
of Kenya); one that is closed, with Ecuador's ballot.
"""

from ..matrix import LOGIN, Entry, Redirect, everyone, roles, staff_page


def records(world) -> dict:
    if "consultations" not in world.extra:
        from datetime import date, timedelta

        from django.utils import timezone

        from consultations.models import (
            Ballot,
            BallotThemeRank,
            CandidateTheme,
            CandidateTopic,
            Consultation,
            ConsultationMeeting,
        )

        now = timezone.now()
        window = {"survey_opens": now - timedelta(days=1), "survey_closes": now + timedelta(days=10)}
        draft = Consultation.objects.create(year=2012, title="Theme of IDM 2012")
        meeting = ConsultationMeeting.objects.create(consultation=draft, date=date(2011, 10, 20))
        theme = CandidateTheme.objects.create(consultation=draft, title="Migration and the environment")
        topic = CandidateTopic.objects.create(consultation=draft, title="Migration and health systems")
        open_survey = Consultation.objects.create(year=2011, title="Theme of IDM 2011", status="open", **window)
        for title in ("The future of migration", "Migrants' health"):
            CandidateTheme.objects.create(consultation=open_survey, title=title)
        closed = Consultation.objects.create(year=2010, title="Theme of IDM 2010", status="closed", **window)
        social = CandidateTheme.objects.create(consultation=closed, title="Migration and social change")
        health = CandidateTheme.objects.create(consultation=closed, title="Health and migration")
        CandidateTopic.objects.create(consultation=closed, title="Migration and Transnationalism")
        ballot = Ballot.objects.create(consultation=closed, member_state=world.other_state)
        BallotThemeRank.objects.create(ballot=ballot, theme=social, rank=1)
        BallotThemeRank.objects.create(ballot=ballot, theme=health, rank=2)
        world.extra["consultations"] = {
            "draft": draft,
            "meeting": meeting,
            "theme": theme,
            "topic": topic,
            "open": open_survey,
            "closed": closed,
        }
    return world.extra["consultations"]


def _pk(name: str):
    return lambda world: {"pk": records(world)[name].pk}


def _detail(name: str) -> Redirect:
    return Redirect("consultations:staff_detail", kwargs=_pk(name))


STAFF_POST_INVALID = staff_page(secretariat=200)  # an empty form comes back with its errors
POST_ONLY = staff_page(secretariat=405)
# Only a focal point of a member state casts its ballot; the secretariat does not vote either.
FOCAL_POINT_ONLY = roles(
    anonymous=LOGIN, delegate=403, other_delegate=403, focal_point=200, donor_contact=403, secretariat=403
)

MATRIX = {
    # Public
    "consultations:list": Entry(get=everyone(200)),
    "consultations:results": Entry(
        get=everyone(200), kwargs=_pk("closed"), note="before the survey closes: 404 for everyone"
    ),
    # Focal points
    "consultations:ballot": Entry(
        get=FOCAL_POINT_ONLY,
        kwargs=_pk("open"),
        post=FOCAL_POINT_ONLY,
        note="an empty ballot comes back with its errors",
    ),
    # Secretariat
    "consultations:staff_list": Entry(get=staff_page()),
    "consultations:staff_create": Entry(get=staff_page(), post=STAFF_POST_INVALID),
    "consultations:staff_detail": Entry(get=staff_page(), kwargs=_pk("closed")),
    "consultations:staff_edit": Entry(get=staff_page(), kwargs=_pk("draft"), post=STAFF_POST_INVALID),
    "consultations:staff_meeting_create": Entry(get=staff_page(), kwargs=_pk("draft"), post=STAFF_POST_INVALID),
    "consultations:staff_meeting_edit": Entry(get=staff_page(), kwargs=_pk("meeting"), post=STAFF_POST_INVALID),
    "consultations:staff_meeting_delete": Entry(
        get=POST_ONLY, kwargs=_pk("meeting"), post=staff_page(secretariat=_detail("draft"))
    ),
    "consultations:staff_theme_create": Entry(get=staff_page(), kwargs=_pk("draft"), post=STAFF_POST_INVALID),
    "consultations:staff_theme_edit": Entry(get=staff_page(), kwargs=_pk("theme"), post=STAFF_POST_INVALID),
    "consultations:staff_theme_delete": Entry(
        get=POST_ONLY, kwargs=_pk("theme"), post=staff_page(secretariat=_detail("draft"))
    ),
    "consultations:staff_topic_create": Entry(get=staff_page(), kwargs=_pk("draft"), post=STAFF_POST_INVALID),
    "consultations:staff_topic_edit": Entry(get=staff_page(), kwargs=_pk("topic"), post=STAFF_POST_INVALID),
    "consultations:staff_topic_delete": Entry(
        get=POST_ONLY, kwargs=_pk("topic"), post=staff_page(secretariat=_detail("draft"))
    ),
    "consultations:staff_open": Entry(
        get=staff_page(),
        kwargs=_pk("draft"),
        post=staff_page(secretariat=_detail("draft")),
        note="asks first (GET); one candidate theme: refused with a message",
    ),
    "consultations:staff_close": Entry(
        get=POST_ONLY,
        kwargs=_pk("open"),
        post=staff_page(secretariat=Redirect("consultations:staff_tally", kwargs=_pk("open"))),
    ),
    "consultations:staff_tally": Entry(get=staff_page(), kwargs=_pk("open")),
    "consultations:staff_remind": Entry(
        get=staff_page(), kwargs=_pk("open"), post=staff_page(secretariat=_detail("open")), note="asks first (GET)"
    ),
    "consultations:staff_adopt": Entry(
        get=staff_page(), kwargs=_pk("closed"), post=STAFF_POST_INVALID, note="no theme chosen: the form's errors"
    ),
}
