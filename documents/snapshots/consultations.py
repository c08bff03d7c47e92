"""The results of a theme survey: the ranking of the themes (Borda count and its tie-break), the topic
preferences and the participation by region, as the consultations app counts them on its results page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import queries as consultation_queries
from consultations.models import Consultation
from consultations.tally import RegionParticipation
from directory.collation import sorted_by_name
from directory.models import MemberState

from .common import Recipe, in_language, iso_date, paragraphs, parse_date, state_names, texts


def build(consultation: Consultation, variant: str) -> dict:
    """Refused before the survey closes: until then the count is not final, and not public."""
    if not consultation.results_are_public:
        raise ValidationError(_("The results are published when the survey closes."))
    results = consultation_queries.results_of(consultation)
    adopted = consultation.adopted_year
    return {
        "consultation": {
            "year": consultation.year,
            **texts(consultation, "title"),
            "status": consultation.status,
            **texts(consultation, "introduction", paragraphs, name="paragraphs"),
            "survey_opens": iso_date(timezone.localdate(consultation.survey_opens)),
            "survey_closed": iso_date(timezone.localdate(consultation.closed_at or consultation.survey_closes)),
            "adopted": {"year": adopted.year, **texts(adopted, "theme"), **texts(adopted, "theme_selection")}
            if adopted
            else None,
        },
        "themes": [
            {
                **texts(row.theme, "title"),
                **state_names(row.theme.proposed_by if row.theme.proposed_by_id else None, name="proposed_by"),
                "position": row.result.position,
                "points": row.result.points,
                "preferences": list(row.result.preferences),
                "placed_by": row.result.placed_by,
            }
            for row in results.themes
        ],
        "topics": [
            {
                **texts(row.topic, "title"),
                "position": row.result.position,
                "votes": row.result.votes,
                **(texts(row.topic.workshop, "title", name="workshop") if row.topic.workshop_id else {"workshop": ""}),
            }
            for row in results.topics
        ],
        "merged_topics": [
            {**texts(topic, "title"), **texts(topic.merged_into, "title", name="into")}
            for topic in results.merged_topics
        ],
        "regions": [
            {"region": row.figures.region, "member_states": row.figures.member_states, "ballots": row.figures.ballots}
            for row in results.regions
        ],
        "meetings": [
            {
                "date": iso_date(meeting.date),
                **texts(meeting, "title"),
                "states": [state_names(state, name="name") for state in meeting.states_present.all()],
            }
            for meeting in consultation_queries.meetings_of(consultation)
        ],
    }


def present(records: dict) -> dict:
    """In the document's language: region names, the tie-break notes, participation in per cent."""
    regions = dict(MemberState.Region.choices)
    participation = [
        RegionParticipation(region=row["region"], member_states=row["member_states"], ballots=row["ballots"])
        for row in records["regions"]
    ]
    total = RegionParticipation(
        region="",
        member_states=sum(row.member_states for row in participation),
        ballots=sum(row.ballots for row in participation),
    )
    adopted = records["consultation"]["adopted"]
    consultation = dict(
        in_language(records["consultation"], "title", "paragraphs"),
        adopted=in_language(adopted, "theme", "theme_selection") if adopted else None,
        survey_opens=parse_date(records["consultation"]["survey_opens"]),
        survey_closed=parse_date(records["consultation"]["survey_closed"]),
    )
    themes = [
        dict(
            in_language(theme, "title", "proposed_by"), placed_note=consultation_queries.placed_note(theme["placed_by"])
        )
        for theme in records["themes"]
    ]
    meetings = [
        dict(
            in_language(meeting, "title"),
            date=parse_date(meeting["date"]),
            states=sorted_by_name(in_language(state, "name")["name"] for state in meeting["states"]),
        )
        for meeting in records["meetings"]
    ]
    return {
        **records,
        "consultation": consultation,
        "topics": [in_language(topic, "title", "workshop") for topic in records["topics"]],
        "merged_topics": [in_language(topic, "title", "into") for topic in records["merged_topics"]],
        "themes": themes,
        "places": list(range(1, len(themes) + 1)),
        "regions": [{"label": regions.get(row.region, row.region), "figures": row} for row in participation],
        "total": total,
        "meetings": meetings,
        "header": consultation["title"],
    }


def filename(records: dict, variant: str, language: str, version: int) -> str:
    return "theme-survey-results-%d-v%d-%s.pdf" % (records["consultation"]["year"], version, language)


RESULTS = Recipe(build, present, filename)
