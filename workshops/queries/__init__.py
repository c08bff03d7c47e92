"""The read side of the workshops: one function per screen, with the joins the screen needs.

Seat counts are annotations computed in the same query as the rows, so a list costs the same
number of queries whatever its length. By concern: the programme (years, workshops, agendas,
documents), registrations as delegates and focal points see them, the secretariat's queue, and the
day of the workshop (check-in, attendance, certificates, messages).
"""

from .day import (
    attendance_counts,
    attendance_days,
    attendance_of,
    certificate_for_verification,
    checkin_search,
    message_for_page,
    message_recipients,
    messages_of,
)
from .programme import (
    agenda_of,
    default_year,
    documents_of_my_workshops,
    documents_of_workshop,
    documents_visible_to,
    upcoming_for_feed,
    upcoming_workshops,
    with_seats,
    workshop_for_page,
    workshop_for_staff,
    workshop_to_register,
    workshops_for_list,
    workshops_for_staff,
    years_for_list,
    years_for_staff,
)
from .queue import (
    FUNDED_FILTERS,
    ArrivalPaginator,
    QueuePaginator,
    funding_requests,
    queue_counts,
    queue_page_version,
    queue_total,
    registration_history,
    registrations_for_queue,
    shown_version,
    states_in_queue,
)
from .registrations import (
    MyRegistrations,
    delegation_people,
    delegation_registrations,
    my_registration_for_page,
    registrations_to_change,
    registrations_visible_to,
    registrations_with_people,
    waiting_position,
)
