"""How a workshop's money covers its budget: pure functions over plain values, no database.

The same computation serves the services (which write ``Workshop.status`` and
``Workshop.funded_seats`` from it under a row lock) and the pages (which show it).

The rule, line by line:

1. Money counts when it is committed or paid (a pledge never counts), earmarked for the workshop,
   or allocated to it from the year's unearmarked money.
2. Money for one cost line goes to that line, up to the line's budget; what exceeds it joins the
   workshop's general money.
3. General money (earmarked for the workshop as a whole, allocated without a line, and the excess of
   step 2) fills the lines' remaining gaps pro rata to those gaps, each share rounded down to the cent.
4. Coverage = the money counted, up to the budget; the gap is the rest. A workshop is covered when its
   budget is above zero and the money counted reaches it.
5. Funded seats = money that reached the funded-participation line ÷ its cost per participant, rounded
   down, and never more than the seats budgeted.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from .currencies import cents_down

ZERO = Decimal("0.00")
PARTICIPATION = "participation"


@dataclass(frozen=True)
class Line:
    cost_line: str
    amount: Decimal
    seats: int | None = None
    unit_cost: Decimal | None = None


@dataclass(frozen=True)
class Source:
    """Money counted for a workshop: a committed contribution or an allocation, in USD."""

    key: Hashable
    amount: Decimal
    cost_line: str = ""


@dataclass
class LineCoverage:
    cost_line: str
    budget: Decimal
    specific: Decimal = ZERO  # money given for this line, up to its budget
    general: Decimal = ZERO  # its share of the workshop's general money

    @property
    def covered(self) -> Decimal:
        return self.specific + self.general

    @property
    def gap(self) -> Decimal:
        return max(self.budget - self.covered, ZERO)


@dataclass
class Coverage:
    budget: Decimal
    money: Decimal
    lines: dict[str, LineCoverage]
    funded_seats: int
    # For each source, the part of it that reached the funded-participation line.
    participation_by_source: dict[Hashable, Decimal] = field(default_factory=dict)

    @property
    def covered(self) -> Decimal:
        return min(self.money, self.budget)

    @property
    def gap(self) -> Decimal:
        return self.budget - self.covered

    @property
    def surplus(self) -> Decimal:
        return self.money - self.covered

    @property
    def is_covered(self) -> bool:
        return self.budget > 0 and self.money >= self.budget

    @property
    def percent(self) -> int:
        if self.budget <= 0:
            return 0
        return int((self.covered * 100 / self.budget).to_integral_value(rounding=ROUND_DOWN))

    @property
    def participation_money(self) -> Decimal:
        line = self.lines.get(PARTICIPATION)
        return line.covered if line else ZERO


def compute(lines: Iterable[Line], sources: Iterable[Source]) -> Coverage:
    lines = list(lines)
    sources = list(sources)
    budget_of = {line.cost_line: Decimal(line.amount) for line in lines}
    result = {name: LineCoverage(name, amount) for name, amount in budget_of.items()}

    # Step 2: money for a line, up to its budget; the excess joins the general money.
    given_for: dict[str, Decimal] = {}
    for source in sources:
        if source.cost_line and source.cost_line in budget_of:
            given_for[source.cost_line] = given_for.get(source.cost_line, ZERO) + source.amount
    kept_ratio: dict[str, Decimal] = {}
    general = ZERO
    for name, given in given_for.items():
        kept = min(given, budget_of[name])
        result[name].specific = kept
        kept_ratio[name] = kept / given if given else Decimal(1)
        general += given - kept
    general_of: dict[Hashable, Decimal] = {}
    for source in sources:
        if source.cost_line and source.cost_line in budget_of:
            spill = source.amount * (1 - kept_ratio[source.cost_line])
        else:
            spill = source.amount  # for the workshop as a whole (or a line it has no budget for)
        if spill:
            general_of[source.key] = spill
            if not (source.cost_line and source.cost_line in budget_of):
                general += spill

    # Step 3: general money fills the remaining gaps pro rata to them.
    gaps = {name: line.budget - line.specific for name, line in result.items()}
    total_gap = sum(gaps.values(), ZERO)
    if total_gap > 0 and general > 0:
        for name, gap in gaps.items():
            result[name].general = gap if general >= total_gap else cents_down(general * gap / total_gap)

    # Step 5: funded seats from the money that reached the participation line.
    seats = 0
    participation = next((line for line in lines if line.cost_line == PARTICIPATION), None)
    if participation is not None and participation.unit_cost:
        covered = result[PARTICIPATION].covered
        seats = min(int(covered // Decimal(participation.unit_cost)), participation.seats or 0)

    by_source: dict[Hashable, Decimal] = {}
    if participation is not None:
        general_to_participation = result[PARTICIPATION].general / general if general else ZERO
        for source in sources:
            part = ZERO
            if source.cost_line == PARTICIPATION:
                part += source.amount * kept_ratio.get(PARTICIPATION, Decimal(1))
            part += general_of.get(source.key, ZERO) * general_to_participation
            if part:
                by_source[source.key] = part

    return Coverage(
        budget=sum(budget_of.values(), ZERO),
        money=sum((source.amount for source in sources), ZERO),
        lines=result,
        funded_seats=seats,
        participation_by_source=by_source,
    )
