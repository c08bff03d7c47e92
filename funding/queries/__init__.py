"""The read side of funding: one function per screen, a fixed number of queries whatever the rows.

Every figure a page shows is computed here from a handful of queries by ``funding.coverage`` —
the same rule the services use when they write a workshop's status and funded seats.
"""

from .actuals import (
    Actual,
    ContributionBalance,
    LineActual,
    WorkshopActual,
    YearActual,
    budget_against_actual,
    spent_by_line,
    unspent_balances,
)
from .audit import (
    audit_entries,
    donors_to_filter,
    field_label,
    latest_audit_entry,
    workshops_to_filter,
    years_to_filter,
)
from .charts import BAR_WIDTH, BAR_X, CHART_WIDTH, ROW_HEIGHT, SEGMENTS, Chart, ChartBar, ChartRow, bar_chart
from .donor_money import CountRow, DonorMoney, LineSpending, WorkshopMoney, donor_money
from .donor_portal import (
    DonorPortal,
    DonorYear,
    FundedWorkshop,
    RegionRow,
    donor_portal,
    funded_workshops,
    funded_workshops_of,
    with_payments,
)
from .donors import DonorPage, contribution_page, donor_page, donors_for_list
from .expenditures import expenditures_for_list, sources_for, total_usd
from .figures import ZERO, WorkshopFigures, paid_usd, with_paid
from .public import acknowledged_donors_for
from .sums import StageSums, paid_usd_sql, stage_sums
from .visibility import contributions_visible_to
from .years import (
    WorkshopPage,
    YearDashboard,
    YearTotals,
    workshop_funding,
    workshops_for_funding,
    year_contributions,
    year_dashboard,
    years_overview,
)
