"""When money moves: the dates of a contribution and of its payments, coherent with each other and
with today. Only the services apply these rules, so the staff forms, the API and the demo data all
get the same answer, each rule written once:

- every date is on or after 1 January 1900 (``DATE_FLOOR``);
- a pledge is recorded when the donor makes it: pledged on or before today (a promise announced for
  later is recorded on the day it is made, never ahead);
- a commitment is signed on or after its pledge, and on or before today;
- a payment is received on or after the commitment and the pledge, and on or before today: money
  announced for a later date is recorded when it arrives, so a contribution never shows "Paid" for
  money not yet received;
- a contribution's dates are never moved past a payment already received.
"""

from __future__ import annotations

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Contribution

DATE_FLOOR = datetime.date(1900, 1, 1)


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def _common(value: datetime.date, today: datetime.date) -> str | None:
    if value < DATE_FLOOR:
        return _("The date must be on or after %(floor)s.") % {"floor": _day(DATE_FLOOR)}
    if value > today:
        return _("The date cannot be later than today (%(today)s).") % {"today": _day(today)}
    return None


def contribution_date_errors(
    contribution: Contribution, *, first_payment_on: datetime.date | None, today: datetime.date | None = None
) -> dict[str, str]:
    """The errors of a pledge's and a commitment's dates, by field; empty when they are coherent."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    pledged, committed = contribution.pledged_on, contribution.committed_on
    if pledged is not None and (error := _common(pledged, today)):
        errors["pledged_on"] = error
    if committed is not None and (error := _common(committed, today)):
        errors["committed_on"] = error
    if errors:
        return errors
    if pledged is not None and committed is not None and committed < pledged:
        errors["committed_on"] = _("A commitment cannot be dated before its pledge (pledged on %(pledged)s).") % {
            "pledged": _day(pledged)
        }
    if first_payment_on is not None:
        for field, value in (("pledged_on", pledged), ("committed_on", committed)):
            if value is not None and value > first_payment_on and field not in errors:
                errors[field] = _("A payment was received on %(paid)s; this date cannot be later.") % {
                    "paid": _day(first_payment_on)
                }
    return errors


def payment_date_errors(
    received_on: datetime.date | None, contribution: Contribution, *, today: datetime.date | None = None
) -> dict[str, str]:
    """The error of a payment's date, by field; empty when it is coherent."""
    today = today or timezone.localdate()
    if received_on is None:
        return {"received_on": _("Give the date the payment was received.")}
    if received_on > today:
        return {
            "received_on": _("A payment is recorded once it is received: %(date)s is later than today (%(today)s).")
            % {"date": _day(received_on), "today": _day(today)}
        }
    if error := _common(received_on, today):
        return {"received_on": error}
    earliest = contribution.committed_on or contribution.pledged_on
    if earliest is not None and received_on < earliest:
        return {
            "received_on": _("A payment cannot be received before the commitment (committed on %(date)s).")
            % {"date": _day(earliest)}
        }
    return {}
