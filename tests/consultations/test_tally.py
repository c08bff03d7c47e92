"""The count, as pure functions: Borda points, the tie-break, topic preferences, participation."""

from consultations.tally import (
    BY_POINTS,
    BY_TITLE,
    RegionParticipation,
    ThemeResult,
    participation,
    points_for,
    rank_themes,
    rank_topics,
)


def counts_of(ballots: list[list[int]]) -> dict[tuple[int, int], int]:
    counts: dict[tuple[int, int], int] = {}
    for ranking in ballots:
        for rank, theme_id in enumerate(ranking, start=1):
            counts[(theme_id, rank)] = counts.get((theme_id, rank), 0) + 1
    return counts


def test_points_go_from_n_minus_one_down_to_zero():
    assert [points_for(rank, 4) for rank in (1, 2, 3, 4)] == [3, 2, 1, 0]


def test_themes_are_ordered_by_points():
    themes = [(1, "Health and migration"), (2, "Migration and social change"), (3, "Migration and the environment")]
    ballots = [[2, 3, 1], [2, 1, 3], [3, 2, 1]]

    results = rank_themes(themes, counts_of(ballots))

    assert results == [
        ThemeResult(2, "Migration and social change", 5, (2, 1, 0), 1, None),
        ThemeResult(3, "Migration and the environment", 3, (1, 1, 1), 2, BY_POINTS),
        ThemeResult(1, "Health and migration", 1, (0, 1, 2), 3, BY_POINTS),
    ]


def test_equal_points_go_to_more_first_preferences():
    # A: 2+2+0 = 4 points, two firsts; B: 1+1+2 = 4 points, one first. "Zeta" would come last alphabetically.
    themes = [(1, "Alpha"), (2, "Zeta"), (3, "Mu")]
    ballots = [[2, 1, 3], [2, 1, 3], [1, 3, 2]]

    results = rank_themes(themes, counts_of(ballots))

    assert [(r.title, r.points, r.preferences, r.position, r.placed_by) for r in results] == [
        ("Zeta", 4, (2, 0, 1), 1, None),
        ("Alpha", 4, (1, 2, 0), 2, 1),
        ("Mu", 1, (0, 1, 2), 3, BY_POINTS),
    ]
    assert [r.tied_on_points for r in results] == [False, True, False]


def test_equal_points_and_first_preferences_go_to_more_second_preferences():
    # Beta and Alpha both have 5 points and one first preference; Beta has one second preference,
    # Alpha none: Beta is placed above Alpha although Alpha comes first alphabetically.
    gamma, alpha, beta, delta = 1, 2, 3, 4
    themes = [(gamma, "Gamma"), (alpha, "Alpha"), (beta, "Beta"), (delta, "Delta")]
    ballots = [[alpha, beta, gamma, delta], [beta, gamma, alpha, delta], [gamma, delta, alpha, beta]]

    results = rank_themes(themes, counts_of(ballots))

    assert [(r.title, r.points, r.preferences, r.placed_by) for r in results] == [
        ("Gamma", 6, (1, 1, 1, 0), None),
        ("Beta", 5, (1, 1, 0, 1), BY_POINTS),
        ("Alpha", 5, (1, 0, 2, 0), 2),
        ("Delta", 2, (0, 1, 0, 2), BY_POINTS),
    ]


def test_themes_equal_at_every_place_are_in_alphabetical_order():
    # A cycle: each of the three gets one first, one second and one third preference.
    zeta, alpha, mu, last = 1, 2, 3, 4
    themes = [(zeta, "Zeta"), (alpha, "alpha"), (mu, "Mu"), (last, "Beta")]
    ballots = [[zeta, alpha, mu, last], [alpha, mu, zeta, last], [mu, zeta, alpha, last]]

    results = rank_themes(themes, counts_of(ballots))

    assert [(r.title, r.points, r.position, r.placed_by) for r in results] == [
        ("alpha", 6, 1, None),
        ("Mu", 6, 2, BY_TITLE),
        ("Zeta", 6, 3, BY_TITLE),
        ("Beta", 0, 4, BY_POINTS),
    ]


def test_without_ballots_every_theme_has_zero_points_in_alphabetical_order():
    results = rank_themes([(1, "Migration and social change"), (2, "Health and migration")], {})

    assert [(r.title, r.points, r.preferences, r.placed_by) for r in results] == [
        ("Health and migration", 0, (0, 0), None),
        ("Migration and social change", 0, (0, 0), BY_TITLE),
    ]


def test_topics_by_votes_then_title():
    topics = [(1, "Societies and Identities"), (2, "Labour Mobility"), (3, "Migration and Transnationalism")]

    results = rank_topics(topics, {1: 4, 2: 4, 3: 9})

    assert [(r.title, r.votes, r.position) for r in results] == [
        ("Migration and Transnationalism", 9, 1),
        ("Labour Mobility", 4, 2),
        ("Societies and Identities", 4, 3),
    ]


def test_participation_per_region_in_whole_per_cent_rounded_half_up():
    regions = participation(
        ["africa", "americas", "europe", "middle_east"],
        {"africa": 8, "americas": 3, "europe": 6},
        {"africa": 1, "americas": 2, "europe": 6},
    )

    assert regions == [
        RegionParticipation("africa", 8, 1),
        RegionParticipation("americas", 3, 2),
        RegionParticipation("europe", 6, 6),
        RegionParticipation("middle_east", 0, 0),
    ]
    assert [region.percent for region in regions] == [13, 67, 100, 0]
