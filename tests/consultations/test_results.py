"""The results of a survey read from the ballots: ranking with its tie-break, topics, participation."""

import pytest

from consultations import queries
from consultations.models import CandidateTopic
from consultations.tally import BY_POINTS, BY_TITLE
from directory.models import MemberState

from .factories import ConsultationFactory, ballot, state, themes, topics

pytestmark = pytest.mark.django_db

R = MemberState.Region


def test_ties_on_points_are_broken_by_first_then_second_preferences_then_title():
    consultation = ConsultationFactory()
    # Created in this order so that neither creation order nor the alphabet gives the expected ranking.
    gamma, alpha, beta, delta, omega, epsilon = themes(
        consultation, "Gamma", "Alpha", "Beta", "Delta", "Omega", "Epsilon"
    )
    ballots = [
        # n = 6: places give 5, 4, 3, 2, 1, 0 points.
        [alpha, beta, gamma, delta, omega, epsilon],
        [beta, gamma, alpha, delta, epsilon, omega],
        [gamma, delta, alpha, beta, omega, epsilon],
    ]
    for code, ranking in zip(("SN", "KE", "GH"), ballots, strict=True):
        ballot(consultation, state(code), ranking)

    results = queries.results_of(consultation)

    assert [
        (row.theme.title, row.result.points, row.result.preferences, row.result.position, row.result.placed_by)
        for row in results.themes
    ] == [
        ("Gamma", 12, (1, 1, 1, 0, 0, 0), 1, None),
        ("Beta", 11, (1, 1, 0, 1, 0, 0), 2, BY_POINTS),
        ("Alpha", 11, (1, 0, 2, 0, 0, 0), 3, 2),
        ("Delta", 8, (0, 1, 0, 2, 0, 0), 4, BY_POINTS),
        ("Omega", 2, (0, 0, 0, 0, 2, 1), 5, BY_POINTS),
        ("Epsilon", 1, (0, 0, 0, 0, 1, 2), 6, BY_POINTS),
    ]
    assert [row.placed_note for row in results.themes] == [
        "",
        "",
        "Equal points and preferences down to place 2: fewer preferences at place 2.",
        "",
        "",
        "",
    ]
    assert results.winner.theme == gamma
    assert results.places == [1, 2, 3, 4, 5, 6]


def test_a_tie_on_first_preferences_and_in_alphabetical_order_says_so():
    consultation = ConsultationFactory()
    zeta, alpha, mu = themes(consultation, "Zeta", "Alpha", "Mu")
    ballot(consultation, state("SN"), [zeta, alpha, mu])
    ballot(consultation, state("KE"), [zeta, alpha, mu])
    ballot(consultation, state("GH"), [alpha, mu, zeta])
    other = ConsultationFactory()
    cycle = themes(other, "Zeta", "Alpha", "Mu")
    for code, shift in (("SN", 0), ("KE", 1), ("GH", 2)):
        ballot(other, state(code), cycle[shift:] + cycle[:shift])

    by_first = queries.results_of(consultation)
    by_title = queries.results_of(other)

    assert [(row.theme.title, row.result.points, row.placed_note) for row in by_first.themes] == [
        ("Zeta", 4, ""),
        ("Alpha", 4, "Equal points: fewer first preferences than the theme above."),
        ("Mu", 1, ""),
    ]
    assert [(row.theme.title, row.result.points, row.result.placed_by) for row in by_title.themes] == [
        ("Alpha", 3, None),
        ("Mu", 3, BY_TITLE),
        ("Zeta", 3, BY_TITLE),
    ]
    assert by_title.themes[1].placed_note == (
        "Equal points and equal preferences at every place: placed in alphabetical order."
    )


def test_topic_preferences_count_ballots_and_list_merged_topics_apart():
    consultation = ConsultationFactory()
    candidates = themes(consultation, "Migration and social change", "Health and migration")
    transnationalism, societies, labour, families = topics(
        consultation, "Transnationalism", "Societies and Identities", "Labour Mobility", "Families"
    )
    CandidateTopic.objects.filter(pk=families.pk).update(merged_into=transnationalism)
    ballot(consultation, state("SN"), candidates, [transnationalism, societies])
    ballot(consultation, state("KE"), candidates, [societies, labour])
    ballot(consultation, state("GH"), candidates, [transnationalism])
    ballot(consultation, state("EC"), candidates, [labour, transnationalism])
    ballot(ConsultationFactory(), state("MA"), themes(ConsultationFactory(), "Elsewhere"), [])

    results = queries.results_of(consultation)

    assert [(row.topic.title, row.result.votes, row.result.position) for row in results.topics] == [
        ("Transnationalism", 3, 1),
        ("Labour Mobility", 2, 2),
        ("Societies and Identities", 2, 3),
    ]
    assert [(topic.title, topic.merged_into.title) for topic in results.merged_topics] == [
        ("Families", "Transnationalism")
    ]


def test_participation_counts_ballots_against_member_states_region_by_region():
    consultation = ConsultationFactory()
    candidates = themes(consultation, "Migration and social change", "Health and migration")
    senegal, kenya, _ghana = state("SN", region=R.AFRICA), state("KE", region=R.AFRICA), state("GH", region=R.AFRICA)
    state("EC", region=R.AMERICAS)
    state("CO", region=R.AMERICAS)
    state("TH", region=R.ASIA_PACIFIC)
    state("CN", region=R.ASIA_PACIFIC, status=MemberState.Status.OBSERVER)  # observers are not counted
    sweden = state("SE", region=R.EUROPE)
    for member_state in (senegal, kenya, sweden):
        ballot(consultation, member_state, candidates)
    ballot(ConsultationFactory(), state("CO"), themes(ConsultationFactory(), "Elsewhere"))  # another survey

    results = queries.results_of(consultation)

    assert [
        (row.label, row.figures.member_states, row.figures.ballots, row.figures.percent) for row in results.regions
    ] == [
        ("Africa", 3, 2, 67),
        ("Americas", 2, 0, 0),
        ("Asia and the Pacific", 1, 0, 0),
        ("Europe", 1, 1, 100),
        ("Middle East", 0, 0, 0),
    ]
    assert (results.total.member_states, results.total.ballots, results.total.percent) == (7, 3, 43)
    assert results.ballots == 3
