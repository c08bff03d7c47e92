"""The daily subsistence allowance (DSA): pure functions over plain values, no database.

The rule, line by line:

1. DSA is paid per night spent in the duty station: the night of a date is the night that begins on
   it. The stay gives the nights from the day of arrival up to the day before departure.
2. Partial days: the day of arrival counts as a full night whatever the hour of arrival; the day of
   departure gives no allowance; no fraction of a rate is ever paid. Arriving and leaving on the
   same day gives no night and no DSA.
3. Only the nights of the allowed stay are paid: from ``travel_days`` days before the first workshop
   day to ``travel_days`` days after the last one (the secretariat sets ``travel_days``, 1 by
   default). A two-day workshop on 23 and 24 March with one travel day allows the nights of 22, 23
   and 24 March: at most 3 nights, however early the traveller arrives or late they leave.
4. Each night is paid at the rate of the duty station in force on that night's date: the rate with
   the latest "applies from" date on or before it. A night without a rate stops the computation.
5. Consecutive nights at the same rate form one line: nights × rate; the total is the sum of the
   lines, in US dollars to the cent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ZERO = Decimal("0.00")
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Rate:
    applies_from: datetime.date
    rate_usd: Decimal


@dataclass(frozen=True)
class Line:
    first_night: datetime.date
    last_night: datetime.date
    nights: int
    rate_usd: Decimal

    @property
    def amount(self) -> Decimal:
        return (self.rate_usd * self.nights).quantize(Decimal("0.01"))

    def as_json(self) -> dict:
        return {
            "first_night": self.first_night.isoformat(),
            "last_night": self.last_night.isoformat(),
            "nights": self.nights,
            "rate_usd": str(self.rate_usd),
            "amount": str(self.amount),
        }


@dataclass
class Computation:
    allowed_from: datetime.date  # the first night that may be paid
    allowed_until: datetime.date  # the last night that may be paid
    stay_nights: int  # nights between arrival and departure
    lines: list[Line] = field(default_factory=list)

    @property
    def nights(self) -> int:
        return sum(line.nights for line in self.lines)

    @property
    def unpaid_nights(self) -> int:
        """Nights of the stay outside the allowed stay."""
        return self.stay_nights - self.nights

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


def rate_on(night: datetime.date, rates: list[Rate]) -> Decimal | None:
    """The rate in force on ``night``: the latest one applying from that date or before."""
    applicable = [rate for rate in rates if rate.applies_from <= night]
    return max(applicable, key=lambda rate: rate.applies_from).rate_usd if applicable else None


def compute(
    *,
    arrival: datetime.date,
    departure: datetime.date,
    first_day: datetime.date,
    last_day: datetime.date,
    travel_days: int,
    rates: Iterable[Rate],
    duty_station: str = "",
) -> Computation:
    if departure < arrival:
        raise ValidationError({"departure_date": _("The departure cannot be before the arrival.")})
    rates = list(rates)
    allowed_from = first_day - ONE_DAY * travel_days
    allowed_until = last_day + ONE_DAY * (travel_days - 1)
    result = Computation(allowed_from=allowed_from, allowed_until=allowed_until, stay_nights=(departure - arrival).days)
    night = max(arrival, allowed_from)
    last = min(departure - ONE_DAY, allowed_until)
    while night <= last:
        rate = rate_on(night, rates)
        if rate is None:
            raise ValidationError(
                _("There is no DSA rate for %(station)s on %(date)s; add it to the rate table first.")
                % {"station": duty_station or _("the duty station"), "date": night.isoformat()}
            )
        if result.lines and result.lines[-1].rate_usd == rate and result.lines[-1].last_night == night - ONE_DAY:
            previous = result.lines[-1]
            result.lines[-1] = Line(previous.first_night, night, previous.nights + 1, rate)
        else:
            result.lines.append(Line(night, night, 1, rate))
        night += ONE_DAY
    return result
