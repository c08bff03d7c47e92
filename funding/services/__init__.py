"""Funding rules: contributions from pledge to payment, budgets, allocations and their effects.

Every change to money takes the IDM year's row lock first, then the locks of the workshops it
touches (in id order), so two changes to one year's money are decided one at a time and never
deadlock with registration (which locks only the workshop). In the same transaction each affected
workshop's ``funded_seats`` and funding status are written (DESIGN.md: registration reads those
fields and never imports funding), and an ``AuditEntry`` records who changed what, before and after.
"""

from .allocations import allocate, delete_allocation, unallocated, update_allocation
from .budgets import save_budget
from .contributions import (
    CONTRIBUTION_FIELDS,
    commit_contribution,
    delete_contribution,
    delete_payment,
    record_contribution,
    record_payment,
    update_contribution,
    update_payment,
)
from .donors import add_donor_contact, delete_donor, remove_donor_contact, save_donor
from .expenditures import (
    charged,
    check_source_still_covers,
    correct_expenditure,
    has_expenditures,
    holds,
    record_expenditure,
    reverse_expenditure,
)
from .status import (
    FUNDING_STATUSES,
    confirm_workshop_early,
    funding_status,
    refresh_workshop_funding,
    withdraw_early_confirmation,
    workshop_coverage,
)
from .totals import recount_all
