"""The coverage rule on plain values: lines, sources, pro rata shares, funded seats."""

from decimal import Decimal

from funding.coverage import Line, Source, compute

D = Decimal
BUDGET = [
    Line("participation", D("80000.00"), seats=20, unit_cost=D("4000.00")),
    Line("venue", D("20000.00")),
    Line("interpretation", D("20000.00")),
]


def test_no_money_covers_nothing():
    result = compute(BUDGET, [])

    assert (result.budget, result.covered, result.gap, result.funded_seats) == (D("120000.00"), 0, D("120000.00"), 0)
    assert result.is_covered is False


def test_general_money_fills_the_gaps_pro_rata():
    result = compute(BUDGET, [Source("a", D("60000.00"))])

    assert [(n, line.general) for n, line in result.lines.items()] == [
        ("participation", D("40000.00")),
        ("venue", D("10000.00")),
        ("interpretation", D("10000.00")),
    ]
    assert result.funded_seats == 10
    assert result.percent == 50


def test_money_for_a_line_goes_to_that_line_first():
    result = compute(BUDGET, [Source("a", D("30000.00"), "participation"), Source("b", D("20000.00"))])

    participation = result.lines["participation"]
    # Gaps after a: participation 50,000, venue 20,000, interpretation 20,000; b spreads 20,000 over 90,000.
    assert (participation.specific, participation.general) == (D("30000.00"), D("11111.11"))
    assert result.funded_seats == 10  # 41,111.11 ÷ 4,000 = 10.28, rounded down


def test_money_above_a_lines_budget_joins_the_general_money():
    result = compute(BUDGET, [Source("a", D("100000.00"), "participation")])

    assert result.lines["participation"].covered == D("80000.00")
    assert result.lines["venue"].general == D("10000.00")
    assert result.lines["interpretation"].general == D("10000.00")
    assert result.funded_seats == 20


def test_covered_when_the_money_reaches_the_budget_and_seats_stop_at_the_budgeted():
    result = compute(BUDGET, [Source("a", D("150000.00"))])

    assert (result.is_covered, result.covered, result.gap, result.surplus) == (
        True,
        D("120000.00"),
        D("0.00"),
        D("30000.00"),
    )
    assert result.funded_seats == 20


def test_a_workshop_without_budget_is_never_covered():
    result = compute([], [Source("a", D("1000.00"))])

    assert (result.is_covered, result.funded_seats, result.percent) == (False, 0, 0)


def test_participation_money_is_traced_back_to_its_sources():
    result = compute(BUDGET, [Source("a", D("30000.00"), "participation"), Source("b", D("60000.00"))])

    # b's 60,000 fills 90,000 of gaps by 2/3: 33,333.33 reaches participation.
    assert result.participation_by_source["a"] == D("30000.00")
    assert round(result.participation_by_source["b"], 2) == D("33333.33")
