"""The read side of the consultations: one function per screen, with the joins the screen needs.

Results are computed from aggregate queries (ballots per theme and rank, per topic, per region), so
a results page costs the same number of queries whatever the number of ballots, themes or topics.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from directory.collation import sorted_by_name
from directory.models import Affiliation, MemberState

from . import tally
from .models import Ballot, BallotThemeRank, CandidateTheme, CandidateTopic, Consultation, ConsultationMeeting

C = Consultation.Status


def _count(model, **filters) -> Coalesce:
    """A correlated count of a consultation's rows (a subquery, so several never multiply)."""
    rows = (
        model.objects.filter(consultation=OuterRef("pk"), **filters)
        .order_by()
        .values("consultation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


# --- Lists ----------------------------------------------------------------------------------


def consultations_for_list() -> QuerySet[Consultation]:
    """Public list: every consultation put to the membership, the latest year first."""
    return Consultation.objects.exclude(status=C.DRAFT).select_related("adopted_year").order_by("-year")


def consultations_for_staff() -> QuerySet[Consultation]:
    return (
        Consultation.objects.select_related("adopted_year")
        .annotate(
            theme_count=_count(CandidateTheme),
            topic_count=_count(CandidateTopic, merged_into__isnull=True),
            ballot_count=_count(Ballot),
            meeting_count=_count(ConsultationMeeting),
        )
        .order_by("-year")
    )


def meetings_of(consultation: Consultation) -> QuerySet[ConsultationMeeting]:
    return consultation.meetings.prefetch_related(
        Prefetch("states_present", queryset=MemberState.objects.order_by("name"))
    ).order_by("date", "pk")


def themes_of(consultation: Consultation) -> QuerySet[CandidateTheme]:
    return consultation.themes.select_related("proposed_by").order_by("order", "pk")


def topics_of(consultation: Consultation) -> QuerySet[CandidateTopic]:
    return consultation.topics.select_related("merged_into", "workshop").order_by("order", "pk")


def consultation_for_staff(pk: int) -> Consultation | None:
    return consultations_for_staff().select_related("adopted_theme", "closed_by", "adopted_by").filter(pk=pk).first()


# --- The ballot -----------------------------------------------------------------------------


def offered_topics(consultation: Consultation) -> QuerySet[CandidateTopic]:
    """The workshop topics on the ballot: those not incorporated into another."""
    return consultation.topics.filter(merged_into__isnull=True).order_by("order", "pk")


def ballot_of(consultation: Consultation, state: MemberState) -> Ballot | None:
    """The state's ballot with its ranking and topics, if it has voted."""
    return (
        Ballot.objects.filter(consultation=consultation, member_state=state)
        .select_related("cast_by", "member_state")
        .prefetch_related(
            Prefetch("ranks", queryset=BallotThemeRank.objects.select_related("theme").order_by("rank")),
            Prefetch("topics", queryset=CandidateTopic.objects.order_by("order", "pk")),
        )
        .first()
    )


# --- Results --------------------------------------------------------------------------------


def placed_note(placed_by: str | int | None) -> str:
    """Why a theme is below the one above it, when their points are equal (``ThemeResult.placed_by``)."""
    if placed_by is None or placed_by == tally.BY_POINTS:
        return ""
    if placed_by == tally.BY_TITLE:
        return _("Equal points and equal preferences at every place: placed in alphabetical order.")
    if placed_by == 1:
        return _("Equal points: fewer first preferences than the theme above.")
    return _("Equal points and preferences down to place %(place)d: fewer preferences at place %(place)d.") % {
        "place": placed_by
    }


@dataclass(frozen=True)
class ThemeRow:
    theme: CandidateTheme
    result: tally.ThemeResult

    @property
    def placed_note(self) -> str:
        return placed_note(self.result.placed_by)


@dataclass(frozen=True)
class TopicRow:
    topic: CandidateTopic
    result: tally.TopicResult


@dataclass(frozen=True)
class RegionRow:
    label: str
    figures: tally.RegionParticipation


@dataclass(frozen=True)
class Results:
    themes: list[ThemeRow]
    topics: list[TopicRow]
    merged_topics: list[CandidateTopic]
    regions: list[RegionRow]
    total: tally.RegionParticipation
    places: list[int]

    @property
    def ballots(self) -> int:
        return self.total.ballots

    @property
    def winner(self) -> ThemeRow | None:
        return self.themes[0] if self.themes and self.ballots else None


def _rank_counts(consultation: Consultation) -> dict[tuple[int, int], int]:
    rows = (
        BallotThemeRank.objects.filter(ballot__consultation=consultation)
        .order_by()
        .values("theme_id", "rank")
        .annotate(n=Count("pk"))
    )
    return {(row["theme_id"], row["rank"]): row["n"] for row in rows}


def theme_results(consultation: Consultation, themes: list[CandidateTheme] | None = None) -> list[tally.ThemeResult]:
    """The candidate themes in their final order (Borda count, tie-break in consultations.tally)."""
    if themes is None:
        themes = list(consultation.themes.all())
    return tally.rank_themes([(theme.pk, theme.title) for theme in themes], _rank_counts(consultation))


def results_of(consultation: Consultation) -> Results:
    """The tally of the survey as the ballots stand: themes, topics and participation by region."""
    themes = {theme.pk: theme for theme in themes_of(consultation)}
    theme_rows = [
        ThemeRow(theme=themes[result.theme_id], result=result)
        for result in theme_results(consultation, list(themes.values()))
    ]
    topics = list(topics_of(consultation).annotate(votes=Count("ballots")))
    on_ballot = {topic.pk: topic for topic in topics if topic.merged_into_id is None}
    topic_rows = [
        TopicRow(topic=on_ballot[result.topic_id], result=result)
        for result in tally.rank_topics(
            [(topic.pk, topic.title) for topic in on_ballot.values()], {pk: t.votes for pk, t in on_ballot.items()}
        )
    ]
    members = dict(
        MemberState.objects.filter(status=MemberState.Status.MEMBER)
        .order_by()
        .values("region")
        .annotate(n=Count("pk"))
        .values_list("region", "n")
    )
    ballots = dict(
        Ballot.objects.filter(consultation=consultation)
        .order_by()
        .values("member_state__region")
        .annotate(n=Count("pk"))
        .values_list("member_state__region", "n")
    )
    regions = tally.participation(MemberState.Region.values, members, ballots)
    labels = dict(MemberState.Region.choices)
    return Results(
        themes=theme_rows,
        topics=topic_rows,
        merged_topics=[topic for topic in topics if topic.merged_into_id is not None],
        regions=[RegionRow(label=labels[figures.region], figures=figures) for figures in regions],
        total=tally.RegionParticipation(
            region="",
            member_states=sum(figures.member_states for figures in regions),
            ballots=sum(figures.ballots for figures in regions),
        ),
        places=list(range(1, len(theme_rows) + 1)),
    )


def ballots_for_tally(consultation: Consultation) -> list[Ballot]:
    """Every ballot of the consultation with its ranking and topics, by member state (its name in the
    reader's language)."""
    ballots = consultation.ballots.select_related("member_state", "cast_by").prefetch_related(
        Prefetch("ranks", queryset=BallotThemeRank.objects.select_related("theme").order_by("rank")),
        Prefetch("topics", queryset=CandidateTopic.objects.order_by("order", "pk")),
    )
    return sorted_by_name(ballots, lambda ballot: str(ballot.member_state))


def states_without_ballot(consultation: Consultation) -> list[MemberState]:
    return sorted_by_name(
        MemberState.objects.filter(status=MemberState.Status.MEMBER).exclude(ballots__consultation=consultation)
    )


def survey_opening_recipients() -> QuerySet[Affiliation]:
    """The focal points told when a survey opens: every approved focal point of a member state (one query).
    The confirmation page lists them and ``services.open_survey`` mails them: one definition for both."""
    return (
        Affiliation.objects.filter(
            status=Affiliation.Status.APPROVED, is_focal_point=True, member_state__status=MemberState.Status.MEMBER
        )
        .select_related("user", "member_state")
        .order_by("member_state__name", "user__email")
    )


def reminder_recipients(consultation: Consultation) -> QuerySet[Affiliation]:
    """The focal points of the member states without a ballot in ``consultation`` (one query)."""
    return (
        Affiliation.objects.filter(
            status=Affiliation.Status.APPROVED, is_focal_point=True, member_state__status=MemberState.Status.MEMBER
        )
        .exclude(member_state__ballots__consultation=consultation)
        .select_related("user", "member_state")
        .order_by("member_state__name", "user__email")
    )
