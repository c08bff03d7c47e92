"""The count of a theme survey, as pure functions of the ballots' figures (no database here).

Themes are ranked by Borda count: with n candidate themes, a ballot gives n−1 points to the theme
it ranks first, n−2 to the second, … and 0 to the last. Equal points are broken, in this order, by
more first preferences, then more second preferences, and so on down the ranks, and finally by the
titles in alphabetical order. Every theme gets its own place: the order is fully deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Why a theme is placed below the one above it.
BY_POINTS = "points"
BY_TITLE = "title"


@dataclass(frozen=True)
class ThemeResult:
    theme_id: int
    title: str
    points: int
    # preferences[0]: ballots ranking the theme first; preferences[1]: second; …
    preferences: tuple[int, ...]
    position: int
    # How it was separated from the theme placed just above: BY_POINTS, a rank (1 = first
    # preferences, 2 = second …) when the points were equal, or BY_TITLE. None for the first place.
    placed_by: str | int | None

    @property
    def tied_on_points(self) -> bool:
        return self.placed_by not in (None, BY_POINTS)


@dataclass(frozen=True)
class TopicResult:
    topic_id: int
    title: str
    votes: int
    position: int


@dataclass(frozen=True)
class RegionParticipation:
    region: str
    member_states: int
    ballots: int

    @property
    def percent(self) -> int:
        """Whole per cent of the region's member states that cast a ballot (rounded half up)."""
        if not self.member_states:
            return 0
        return (200 * self.ballots + self.member_states) // (2 * self.member_states)


def points_for(rank: int, candidates: int) -> int:
    """Borda points of a place on a ballot ranking ``candidates`` themes (rank 1 is the first)."""
    return candidates - rank


def _sort_key(result: tuple[int, str, int, tuple[int, ...]]) -> tuple:
    theme_id, title, points, preferences = result
    return (-points, tuple(-count for count in preferences), title.casefold(), title, theme_id)


def _placed_by(above: tuple[int, str, int, tuple[int, ...]], below: tuple[int, str, int, tuple[int, ...]]) -> str | int:
    if above[2] != below[2]:
        return BY_POINTS
    for index, (a, b) in enumerate(zip(above[3], below[3], strict=True)):
        if a != b:
            return index + 1
    return BY_TITLE


def rank_themes(themes: Iterable[tuple[int, str]], counts: Mapping[tuple[int, int], int]) -> list[ThemeResult]:
    """The themes in their final order.

    ``themes``: (id, title) of every candidate theme; ``counts``: {(theme id, rank): ballots that
    put the theme at that rank}. Ranks outside 1..n are ignored (a complete ballot has none).
    """
    themes = list(themes)
    n = len(themes)
    rows = []
    for theme_id, title in themes:
        preferences = tuple(counts.get((theme_id, rank), 0) for rank in range(1, n + 1))
        points = sum(count * points_for(rank, n) for rank, count in enumerate(preferences, start=1))
        rows.append((theme_id, title, points, preferences))
    rows.sort(key=_sort_key)
    results = []
    for position, row in enumerate(rows, start=1):
        placed_by = None if position == 1 else _placed_by(rows[position - 2], row)
        results.append(
            ThemeResult(
                theme_id=row[0],
                title=row[1],
                points=row[2],
                preferences=row[3],
                position=position,
                placed_by=placed_by,
            )
        )
    return results


def rank_topics(topics: Iterable[tuple[int, str]], votes: Mapping[int, int]) -> list[TopicResult]:
    """Topics by the number of ballots choosing them, then by title."""
    rows = sorted(
        ((topic_id, title, votes.get(topic_id, 0)) for topic_id, title in topics),
        key=lambda row: (-row[2], row[1].casefold(), row[1], row[0]),
    )
    return [
        TopicResult(topic_id=topic_id, title=title, votes=count, position=position)
        for position, (topic_id, title, count) in enumerate(rows, start=1)
    ]


def participation(
    regions: Iterable[str], member_states: Mapping[str, int], ballots: Mapping[str, int]
) -> list[RegionParticipation]:
    """Ballots against member states, region by region, in the order of ``regions``."""
    return [
        RegionParticipation(region=region, member_states=member_states.get(region, 0), ballots=ballots.get(region, 0))
        for region in regions
    ]
