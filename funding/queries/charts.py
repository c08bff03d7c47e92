"""Bar charts as server-rendered SVG geometry (no script, no inline style)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .figures import ZERO

CHART_WIDTH = 640
BAR_X = 0
BAR_WIDTH = 560
ROW_HEIGHT = 46

SEGMENTS = {
    "paid": ("#002270", _("Paid")),
    "committed": ("#4f78c9", _("Committed, not yet paid")),
    "allocated": ("#2a9d8f", _("Allocated from programme money")),
    "specific": ("#002270", _("Given for this cost line")),
    "general": ("#4f78c9", _("Share of the workshop's general money")),
    "pledged": ("#ffffff", _("Pledged (not counted)")),
}


@dataclass
class ChartBar:
    key: str
    x: float
    width: float
    value: Decimal
    colour: str
    label: str


@dataclass
class ChartRow:
    label: str
    y: int
    bars: list[ChartBar]
    budget_x: float
    note: str

    @property
    def text_y(self) -> int:
        return self.y + 13

    @property
    def bar_y(self) -> int:
        return self.y + 19

    @property
    def budget_top(self) -> int:
        return self.y + 15

    @property
    def note_x(self) -> float:
        return BAR_WIDTH + 8


@dataclass
class Chart:
    title: str
    rows: list[ChartRow]
    legend: list[tuple[str, str]]
    width: int = CHART_WIDTH

    @property
    def height(self) -> int:
        return len(self.rows) * ROW_HEIGHT + 4


def bar_chart(title: str, rows: list[tuple[str, list[tuple[str, Decimal]], Decimal, str]]) -> Chart:
    """Horizontal stacked bars, one per row, on one scale, with a mark at each row's budget."""
    scale = max([max(budget, sum((v for _k, v in segments), ZERO)) for _l, segments, budget, _n in rows] + [ZERO])
    used: list[str] = []
    chart_rows = []
    for index, (label, segments, budget, note) in enumerate(rows):
        x = Decimal(BAR_X)
        bars = []
        for key, value in segments:
            if value <= 0 or scale <= 0:
                continue
            width = value * BAR_WIDTH / scale
            colour, legend = SEGMENTS[key]
            bars.append(ChartBar(key, round(float(x), 1), round(float(width), 1), value, colour, str(legend)))
            x += width
            if key not in used:
                used.append(key)
        budget_x = float(budget * BAR_WIDTH / scale) if scale > 0 else 0.0
        chart_rows.append(ChartRow(label, index * ROW_HEIGHT, bars, round(budget_x, 1), note))
    return Chart(title=title, rows=chart_rows, legend=[(SEGMENTS[k][0], str(SEGMENTS[k][1])) for k in used])
