"""The secretariat's registration queue of a workshop: its rows read from the nearer end of the
arrival index (only the columns its rows show, by SQL compiled once), its counts by status cached,
each registration's history.
"""

from django.core.cache import cache as django_cache
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)

from directory.models import MemberState, Person
from directory.pagination import ReadPagesPaginator
from directory.prepared import Prepared, instance
from directory.queries import STATES_VERSION_KEY
from directory.versions import named_versions

from .. import cache
from ..models import (
    ACTIVE,
    HOLDS_FUNDED_SEAT,
    Registration,
    RegistrationChange,
    Workshop,
)
from .registrations import registrations_with_people

S = Registration.Status


FUNDED_FILTERS = {
    "requested": Q(funding=Registration.Funding.REQUESTED),
    "approved": Q(funding=Registration.Funding.APPROVED),
    "refused": Q(funding=Registration.Funding.REFUSED),
    "any": ~Q(funding=Registration.Funding.NOT_REQUESTED),
    "none": Q(funding=Registration.Funding.NOT_REQUESTED),
}


def registrations_for_queue(
    *, workshop: Workshop, status: str = "", member_state_id: int | None = None, funded: str = ""
) -> QuerySet[Registration]:
    """The secretariat's queue of one workshop, in arrival order, filtered (and its CSV and XLSX)."""
    registrations = Registration.objects.select_related(
        "workshop", "person", "person__organisation", "member_state"
    ).filter(workshop=workshop)
    if status:
        registrations = registrations.filter(status=status)
    if member_state_id:
        registrations = registrations.filter(member_state_id=member_state_id)
    if funded in FUNDED_FILTERS:
        registrations = registrations.filter(FUNDED_FILTERS[funded])
    return registrations.order_by("created_at", "pk")


def registration_history(registration: Registration) -> QuerySet[RegistrationChange]:
    """The registration's staff page: every change, oldest first, with who made it (one query)."""
    return RegistrationChange.objects.filter(registration=registration).select_related("by").order_by("at", "pk")


def _latest_arrival(*, workshop: int) -> QuerySet:
    return Registration.objects.filter(workshop=workshop).order_by("-created_at", "-pk").values("created_at", "id")[:1]


_LATEST_ARRIVAL = Prepared(_latest_arrival, ids=("workshop",))  # compiled once: every page of the queue reads it


def queue_counts(workshop: Workshop, *, arrival: str | None = None) -> dict[str, int]:
    """How many registrations in each state, in all, and the funded seats used: one pass over the
    workshop's registrations, its answer kept in the shared cache until one of them is saved or deleted
    (``cache.queue_version``). The key also holds the latest arrival, read from the arrival index: rows
    written without signals (``bulk_create``) are new arrivals, and a new key."""
    version = cache.queue_version(workshop.pk)  # read before the rows (see cache.fragment)
    arrival = arrival or _latest_arrival_key(workshop)  # given by the page, read after its counts' version
    key = "workshops:queue:%d:counts:%s:%s" % (workshop.pk, version, arrival)
    counts = django_cache.get(key)
    if counts is None:
        counts = _count_queue(workshop)
        django_cache.set(key, counts, timeout=cache.LONGEST)
    return counts


def _latest_arrival_key(workshop: Workshop) -> str:
    latest = _LATEST_ARRIVAL(workshop=workshop.pk)
    return "%s.%d" % (latest[0]["created_at"].timestamp(), latest[0]["id"]) if latest else "none"


def shown_version() -> str:
    """The version of what the queue's page shows besides the registrations: any registration,
    workshop or person saved or deleted (the public pages' version, ``signals.py``) or a member state
    (``directory.queries``) renews it. Read before the workshop is (see ``cache.cached``)."""
    return ".".join(named_versions(cache.VERSION_KEY, STATES_VERSION_KEY))


def queue_page_version(workshop: Workshop, *, shown: str) -> tuple[str, str]:
    """The version of the queue's page of ``workshop`` (``views_queue.QueueView`` keeps its body) and
    the latest arrival it holds: ``shown`` (``shown_version``), then the workshop's counts' version (any
    of its registrations saved or deleted) and its latest arrival, read from the arrival index (rows
    written without signals are new arrivals), both read before the rows."""
    counts_version = cache.queue_version(workshop.pk)
    arrival = _latest_arrival_key(workshop)
    return "%s.%s:%s" % (shown, counts_version, arrival), arrival


def _count_queue(workshop: Workshop) -> dict[str, int]:
    counts = Registration.objects.filter(workshop=workshop).aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in S.values},
        # A cancelled or declined registration's request waits for nothing.
        funding_requested=Count("pk", filter=Q(funding=Registration.Funding.REQUESTED, status__in=ACTIVE)),
        funded=Count("pk", filter=HOLDS_FUNDED_SEAT),
    )
    counts["seats_taken"] = counts[S.CONFIRMED] + counts[S.ATTENDED]
    return counts


def states_in_queue(workshop: Workshop) -> QuerySet[MemberState]:
    """The member states with a registration at the workshop: one look-up in the index
    ``registration_state_idx`` per state, not a pass over every registration of the workshop."""
    registered = Registration.objects.filter(workshop=workshop, member_state=OuterRef("pk"))
    return MemberState.objects.filter(Exists(registered)).order_by("name")


def queue_total(counts: dict[str, int], filters: dict) -> int | None:
    """The number of rows of the queue filtered by ``filters``, when ``queue_counts`` already says it."""
    if filters.get("member_state_id") or filters.get("funded"):
        return None
    return counts[filters["status"]] if filters.get("status") else counts["total"]


class ArrivalPaginator(ReadPagesPaginator):
    """The queue's pages in arrival order, as cheap at the last page as at the first: each page is
    read from the nearer end of the arrival index (the last of 10,000 rows reads 50 entries backwards,
    not 10,000 joined rows); a page deep inside reads its ids from the index first, then joins only
    those rows. ``count`` may be given when the caller knows it (``queue_total``)."""

    DEEP = 500  # rows skipped from the nearer end past which the ids are read first

    def read(self, bottom: int, top: int) -> list:
        backwards = bottom > self.count - top
        start, stop = (self.count - top, self.count - bottom) if backwards else (bottom, top)
        page = self.read_in_order(start, stop, backwards=backwards)
        if backwards:
            page.reverse()
        return page

    def read_in_order(self, start: int, stop: int, *, backwards: bool) -> list:
        """The rows ``start:stop`` of the list in arrival order (from the newest when ``backwards``)."""
        rows = self.object_list.reverse() if backwards else self.object_list
        if start > self.DEEP:
            ids = list(rows.values_list("pk", flat=True)[start:stop])
            found = self.object_list.in_bulk(ids)
            return [found[pk] for pk in ids if pk in found]
        return list(rows[start:stop])


# What a row of the queue page shows (workshops/templatetags/workshops.py queue_rows), and nothing else:
# building the page's query through the ORM and 250 full model instances (the registration, its workshop,
# person, organisation and state) cost more than the rest of the page.
_SHOWN = (
    *("id", "status", "is_head_of_delegation", "reason", "funding", "travel_from", "created_at"),
    *("person_id", "member_state_id"),
    *("person__id", "person__honorific", "person__given_name", "person__family_name", "person__email"),
    *("person__position", "person__position_fr", "person__position_es"),
    *("member_state__id", "member_state__country", "member_state__name", "member_state__name_fr"),
    "member_state__name_es",
)


def _shown_rows(
    *, workshop: int, status: str, member_state_id: int | None, funded: str, start: int, stop: int, backwards: bool
) -> QuerySet:
    rows = registrations_for_queue(workshop=workshop, status=status, member_state_id=member_state_id, funded=funded)
    if backwards:
        rows = rows.reverse()
    if start > ArrivalPaginator.DEEP:  # the ids read from the arrival index first, then only those rows joined
        return rows.filter(pk__in=rows.values("pk")[start:stop]).values(*_SHOWN)
    return rows.values(*_SHOWN)[start:stop]


_SHOWN_ROWS = Prepared(_shown_rows, ids=("workshop",))


class QueuePaginator(ArrivalPaginator):
    """The queue page's paginator of ``registrations_for_queue(workshop=workshop, **filters)``: each page
    read by SQL compiled once per filter and slice, each row a registration holding only what the page
    shows (its person's name, position and e-mail, its state's names), with its workshop."""

    def __init__(self, object_list, per_page, *, workshop: Workshop, filters: dict, count: int | None = None, **kwargs):
        self.workshop = workshop
        self.filters = {
            "status": filters.get("status") or "",
            "member_state_id": filters.get("member_state_id"),
            "funded": filters.get("funded") or "",
        }
        super().__init__(object_list, per_page, count=count, **kwargs)

    def read_in_order(self, start: int, stop: int, *, backwards: bool) -> list[Registration]:
        if stop <= start:  # an empty queue's one page: no SQL to compile
            return []
        rows = _SHOWN_ROWS(workshop=self.workshop.pk, start=start, stop=stop, backwards=backwards, **self.filters)
        states: dict[int, MemberState] = {}
        page = []
        for row in rows:
            registration = instance(Registration, row)
            state = states.get(row["member_state_id"])
            if state is None:
                state = states[row["member_state_id"]] = instance(MemberState, row, prefix="member_state__")
            Registration.workshop.field.set_cached_value(registration, self.workshop)
            Registration.person.field.set_cached_value(registration, instance(Person, row, prefix="person__"))
            Registration.member_state.field.set_cached_value(registration, state)
            page.append(registration)
        return page


def funding_requests(*, workshop: Workshop) -> QuerySet[Registration]:
    return (
        registrations_with_people()
        .filter(workshop=workshop)
        .exclude(funding=Registration.Funding.NOT_REQUESTED)
        .order_by("created_at", "pk")
    )
