"""The workshops and IDM years as the public and staff lists and pages show them, and their documents.

Seat counts are annotations computed in the same query as the rows, so a list costs the same
number of queries whatever its length.
"""

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from directory import roles
from directory.models import User
from directory.prepared import Prepared, columns, first, instance

from .. import cache
from ..models import (
    ACTIVE,
    HOLDS_SEAT,
    AgendaItem,
    AgendaSpeaker,
    DialogueYear,
    Registration,
    Workshop,
    WorkshopDocument,
)

S = Registration.Status


def _count(workshop_field: str = "pk", **filters) -> Subquery:
    """A correlated count of a workshop's registrations (a subquery, so several never multiply)."""
    rows = (
        Registration.objects.filter(workshop=OuterRef(workshop_field), **filters)
        .order_by()
        .values("workshop")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_seats(workshops: QuerySet[Workshop]) -> QuerySet[Workshop]:
    """``seats_taken`` on every row, counted once (``Workshop.seats_left`` follows from it: an
    annotation computed from this one would repeat its subquery in the SQL, a second count per row)."""
    return workshops.annotate(seats_taken=_count(status__in=HOLDS_SEAT))


# --- Public ---------------------------------------------------------------------------------


def years_for_list() -> QuerySet[DialogueYear]:
    return DialogueYear.objects.annotate(workshop_count=Count("workshops")).order_by("-year")


def default_year(years: list[DialogueYear]) -> DialogueYear | None:
    """The current IDM year, else the latest one."""
    return next((year for year in years if year.is_current), years[0] if years else None)


def workshops_for_list(*, year: DialogueYear | None = None) -> QuerySet[Workshop]:
    """Public list rows: the year, dates, venue, status and seats left."""
    workshops = with_seats(Workshop.objects.select_related("year"))
    if year is not None:
        workshops = workshops.filter(year=year)
    return workshops.order_by("start_date", "title")


def upcoming_workshops(*, limit: int = 5) -> QuerySet[Workshop]:
    today = timezone.localdate()
    return (
        workshops_for_list()
        .filter(end_date__gte=today)
        .exclude(status=Workshop.Status.CANCELLED)
        .order_by("start_date", "title")[:limit]
    )


def upcoming_for_feed() -> QuerySet[Workshop]:
    return Workshop.objects.filter(end_date__gte=timezone.localdate()).order_by("start_date", "title")


def agenda_of(workshop: Workshop) -> QuerySet[AgendaItem]:
    speakers = AgendaSpeaker.objects.select_related("person", "person__organisation", "person__member_state").order_by(
        "order", "pk"
    )
    return workshop.agenda.prefetch_related(Prefetch("speakers", queryset=speakers)).order_by(
        "order", "starts_at", "pk"
    )


def workshop_for_page(*, slug: str) -> QuerySet[Workshop]:
    """The workshop page: filter by slug; the page adds ``agenda_of`` and the documents it may show."""
    return with_seats(Workshop.objects.select_related("year")).filter(slug=slug)


def _workshop_to_register(*, slug: str) -> QuerySet[Workshop]:
    return with_seats(Workshop.objects.filter(slug=slug)).order_by().values(*columns(Workshop), "seats_taken")


# Read at every registration: compiled once (see directory/prepared.py).
_WORKSHOP_TO_REGISTER = Prepared(_workshop_to_register, texts=("slug",), named=True)


def workshop_to_register(*, slug: str, posted: bool = False) -> Workshop | None:
    """The registration page's workshop by its address, with ``seats_taken`` (and so ``seats_left``: the
    seats the e-mail rendered before the lock foretells); its year is not read (the page does not show it).
    ``posted``: for a registration posted, as this process's last decision on it left it while no
    workshop changed since (workshops/cache.py ``decided``: a forecast, judged under the lock), else read."""
    if posted:
        kept = cache.decided(slug)
        if kept is not None:
            return kept
    return first(_WORKSHOP_TO_REGISTER, Workshop, slug=slug)


def _workshop_for_staff(*, slug: str) -> QuerySet[Workshop]:
    return Workshop.objects.filter(slug=slug).values(
        *columns(Workshop), *("year__%s" % name for name in columns(DialogueYear))
    )


# Read at every staff page of a workshop (its queue above all): compiled once.
_WORKSHOP_FOR_STAFF = Prepared(_workshop_for_staff, texts=("slug",))


def workshop_for_staff(*, slug: str) -> Workshop | None:
    """A staff page's workshop by its address, with its year, as ``select_related("year")`` reads them."""
    using = Workshop._default_manager.db
    rows = _WORKSHOP_FOR_STAFF(using=using, slug=slug)
    if not rows:
        return None
    workshop = instance(Workshop, rows[0], using=using)
    Workshop.year.field.set_cached_value(workshop, instance(DialogueYear, rows[0], prefix="year__", using=using))
    return workshop


# --- Documents ------------------------------------------------------------------------------


def documents_visible_to(user: User, *, workshop: Workshop | None = None) -> QuerySet[WorkshopDocument]:
    """Public documents for everyone; participants-only ones of the workshops where the user holds a
    confirmed (or attended) seat; everything for the secretariat."""
    documents = WorkshopDocument.objects.select_related("workshop")
    if workshop is not None:
        documents = documents.filter(workshop=workshop)
    if roles.is_secretariat(user):
        return documents
    if not user.is_authenticated:
        return documents.filter(is_public=True)
    attended = Registration.objects.filter(person__user=user, status__in=HOLDS_SEAT).values("workshop_id")
    return documents.filter(Q(is_public=True) | Q(workshop_id__in=attended))


def documents_of_workshop(workshop: Workshop, *, participants: bool) -> QuerySet[WorkshopDocument]:
    """The workshop page's documents card: the public documents, with ``participants`` the
    participants-only ones too (what ``documents_visible_to`` shows a participant or the secretariat)."""
    documents = WorkshopDocument.objects.filter(workshop=workshop)
    return documents if participants else documents.filter(is_public=True)


def documents_of_my_workshops(user: User) -> QuerySet[WorkshopDocument]:
    """The delegate's documents page: every document open to them of the workshops they registered for."""
    mine = Registration.objects.filter(person__user=user).exclude(status=S.CANCELLED).values("workshop_id")
    return (
        documents_visible_to(user)
        .filter(workshop_id__in=mine)
        .order_by("-workshop__start_date", "workshop__title", "kind", "title")
    )


# --- Staff lists ----------------------------------------------------------------------------


def workshops_for_staff(*, year: DialogueYear | None = None) -> QuerySet[Workshop]:
    workshops = with_seats(Workshop.objects.select_related("year")).annotate(
        pending=_count(status=S.PENDING),
        waitlisted=_count(status=S.WAITLISTED),
        funding_requested=_count(funding=Registration.Funding.REQUESTED, status__in=ACTIVE),
    )
    if year is not None:
        workshops = workshops.filter(year=year)
    return workshops.order_by("-start_date", "title")


def years_for_staff() -> QuerySet[DialogueYear]:
    return years_for_list()
