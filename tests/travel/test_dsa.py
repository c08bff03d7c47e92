"""The DSA rule (travel/dsa.py): nights, the allowed stay, rates by period, partial days."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from travel import dsa

GENEVA = [dsa.Rate(date(2009, 1, 1), Decimal("380.00")), dsa.Rate(date(2010, 3, 24), Decimal("411.00"))]


def compute(arrival, departure, travel_days=1, rates=GENEVA):
    # A two-day workshop: 23 and 24 March 2010.
    return dsa.compute(
        arrival=arrival,
        departure=departure,
        first_day=date(2010, 3, 23),
        last_day=date(2010, 3, 24),
        travel_days=travel_days,
        rates=rates,
        duty_station="Geneva",
    )


def test_nights_from_arrival_to_the_day_before_departure_each_at_its_rate():
    result = compute(date(2010, 3, 22), date(2010, 3, 25))
    assert [(line.first_night, line.last_night, line.nights, line.rate_usd) for line in result.lines] == [
        (date(2010, 3, 22), date(2010, 3, 23), 2, Decimal("380.00")),
        (date(2010, 3, 24), date(2010, 3, 24), 1, Decimal("411.00")),
    ]
    assert result.nights == 3
    assert result.total == Decimal("1171.00")


def test_nights_outside_the_allowed_stay_are_not_paid():
    result = compute(date(2010, 3, 18), date(2010, 3, 28))
    assert (result.stay_nights, result.nights, result.unpaid_nights) == (10, 3, 7)
    assert (result.allowed_from, result.allowed_until) == (date(2010, 3, 22), date(2010, 3, 24))


def test_more_travel_days_allow_more_nights():
    assert compute(date(2010, 3, 18), date(2010, 3, 28), travel_days=2).nights == 5
    assert compute(date(2010, 3, 18), date(2010, 3, 28), travel_days=0).nights == 1


def test_arriving_and_leaving_the_same_day_gives_no_dsa():
    result = compute(date(2010, 3, 23), date(2010, 3, 23))
    assert (result.nights, result.total, result.lines) == (0, Decimal("0.00"), [])


def test_a_late_arrival_counts_from_its_night_and_departure_day_gives_nothing():
    result = compute(date(2010, 3, 24), date(2010, 3, 25))
    assert (result.nights, result.total) == (1, Decimal("411.00"))


def test_a_night_without_a_rate_stops_the_computation():
    with pytest.raises(ValidationError) as error:
        compute(date(2010, 3, 22), date(2010, 3, 25), rates=[dsa.Rate(date(2010, 3, 23), Decimal("411.00"))])
    assert error.value.messages == ["There is no DSA rate for Geneva on 2010-03-22; add it to the rate table first."]


def test_departure_before_arrival_is_refused():
    with pytest.raises(ValidationError):
        compute(date(2010, 3, 25), date(2010, 3, 22))
