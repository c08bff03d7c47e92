"""What the home pages show: the secretariat's desk (what waits for them, each a count and a link),
the focal point's people of their state and the public home page (the year's theme, the next
workshop, an open survey, the latest documents).

The project's own app knows every app, so the figures are read here from each app's records. Each
count is one query whatever the number of rows (a query-count test holds the page to that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Now, TruncDate
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from consultations.models import Consultation
from directory.hardening import whole_number
from directory.links import fixed_url
from directory.models import Affiliation, MemberState, Person
from directory.prepared import Prepared, instance
from directory.translation import missing_any, translated
from directory.versions import named_versions
from documents.models import DocumentJob
from funding.templatetags.funding_tags import label
from sessions_council.models import Participation
from travel import queries as travel_queries
from workshops import cache as workshop_cache
from workshops import queries as workshop_queries
from workshops.models import DialogueYear, Registration, Workshop, WorkshopDocument, waiting_for_secretariat

from . import missing_translations
from .counts import Counts, Latest


@dataclass(frozen=True)
class Place:
    """Where some of a desk line's items wait: one workshop's list, filtered to them."""

    name: str
    count: int
    url: str


@dataclass(frozen=True)
class Waiting:
    """One line of the desk: how many, what they are, where to deal with them (the list filtered to
    exactly these; when they wait in several workshops, each workshop's filtered list in ``places``)."""

    key: str
    count: int
    label: str
    url: str
    places: tuple[Place, ...] = ()


@dataclass(frozen=True)
class Survey:
    consultation: Consultation
    not_voted: int


def _by_workshop(key: str, label, workshops: list[Workshop], field: str, url) -> Waiting:
    """A count summed over workshops: straight to the one workshop's filtered list if they all wait in
    one, else to the workshops' list (each row links to its filtered list) and each workshop's own."""
    places = tuple(
        Place(translated(workshop, "title"), getattr(workshop, field), url(workshop))
        for workshop in workshops
        if getattr(workshop, field)
    )
    count = sum(place.count for place in places)
    if len(places) == 1:
        return Waiting(key, count, label, places[0].url)
    return Waiting(key, count, label, fixed_url("workshops:staff_workshops"), places if len(places) > 1 else ())


def _queue(workshop: Workshop, **filters) -> str:
    return "%s?%s" % (reverse("workshops:staff_queue", kwargs={"slug": workshop.slug}), urlencode(filters))


def _static_counts() -> list:
    return [
        Affiliation.objects.filter(status=Affiliation.Status.PENDING),
        DocumentJob.objects.filter(status=DocumentJob.Status.FAILED),
        MemberState.objects.filter(status=MemberState.Status.MEMBER),
        travel_queries.letters_to_review(),
        travel_queries.incomplete_travel_files(),
        # Today in the database (the portal's time zone), so that the statement stays the same every day.
        Participation.objects.filter(
            role__in=Participation.PRESENTING_ROLES,
            presentation__isnull=True,
            panel__session__end_date__gte=TruncDate(Now()),
        ),
        # The latest record of each kind that may need translating: the key of their kept count.
        *(Latest(kind.model.objects.all()) for kind in missing_translations.KINDS),
    ]


def _translation_counts() -> list:
    return [kind.model.objects.filter(missing_any(kind.model)) for kind in missing_translations.KINDS]


# The desk's counts whose conditions never change, in one query compiled once (idm_portal/counts.py).
_STATIC_COUNTS = Counts(_static_counts)
_TRANSLATION_COUNTS = Counts(_translation_counts)


def _records_to_translate(version: str, latest: list[int]) -> int:
    """The records lacking a translation, counted over every record of every kind (the whole directory of
    people): kept in the shared cache (and this process) under the kinds' ``version`` (new when one of
    their records is saved or deleted, ``missing_translations.connect``; read before the latest ids)
    and their latest ids (records written in bulk)."""

    def build() -> tuple[int, datetime]:
        return sum(_TRANSLATION_COUNTS()), workshop_cache.next_change(())

    return workshop_cache.cached("desk-translations", tuple(latest), build, read_version=version).value


def _waiting_workshops() -> QuerySet:
    # The workshops where registrations or funding requests wait, with how many (read from the index of
    # the waiting registrations, registration_waiting_idx).
    return (
        Workshop.objects.filter(waiting_for_secretariat("registrations__"))
        .annotate(
            to_decide=Count("registrations", filter=Q(registrations__status=Registration.Status.PENDING)),
            funding=Count("registrations", filter=Q(registrations__funding=Registration.Funding.REQUESTED)),
        )
        .values("id", "slug", "title", "title_fr", "title_es", "start_date", "to_decide", "funding")
        .order_by("start_date", "pk")
    )


def _open_surveys() -> QuerySet:
    return (
        Consultation.objects.filter(status=Consultation.Status.OPEN)
        .annotate(voted=Count("ballots__member_state", distinct=True, filter=Q(ballots__member_state__status="member")))
        .values("id", "title", "title_fr", "title_es", "voted")
        .order_by("-survey_closes", "-pk")
    )


# The desk's other two reads, compiled once too: building them through the ORM cost more CPU than the
# database spends answering them.
_WAITING_WORKSHOPS = Prepared(_waiting_workshops, ids=())
_OPEN_SURVEYS = Prepared(_open_surveys, ids=())


def _desk_lists(version: str) -> tuple[list[dict], list[dict]]:
    """The workshops where registrations or funding requests wait and the open surveys with their votes:
    what the public pages' version covers (workshops, registrations, consultations, ballots, member
    states: a save or delete of any of them gives it a new version after commit), so read again only
    when one of them changed, and kept in the shared cache and this process under ``version`` (read
    before the rows)."""

    def build() -> tuple[tuple[list[dict], list[dict]], datetime]:
        return (_WAITING_WORKSHOPS(), _OPEN_SURVEYS()), workshop_cache.next_change(())

    return workshop_cache.cached("desk-lists", (), build, read_version=version).value


def _desk(workshop_rows: list[dict], survey_rows: list[dict], counts: dict[str, int], members: int) -> dict:
    workshops = [instance(Workshop, row) for row in workshop_rows]
    waiting = [
        _by_workshop(
            "registrations",
            _("registrations to decide"),
            workshops,
            "to_decide",
            lambda workshop: _queue(workshop, status=Registration.Status.PENDING),
        ),
        _by_workshop(
            "funding",
            _("funding requests"),
            workshops,
            "funding",
            lambda workshop: _queue(workshop, funded="requested"),
        ),
        Waiting(
            "affiliations",
            counts["affiliations"],
            _("affiliations to decide"),
            "%s?status=%s" % (fixed_url("directory:affiliation_queue"), Affiliation.Status.PENDING),
        ),
        Waiting(
            "letters",
            counts["letters"],
            _("invitation letters to review"),
            fixed_url("travel:letter_queue"),
        ),
        Waiting(
            "travel",
            counts["travel"],
            _("travel files incomplete"),
            fixed_url("travel:desk_index"),
        ),
        Waiting(
            "documents",
            counts["documents"],
            _("documents that failed to generate"),
            "%s?status=%s" % (fixed_url("documents:job_list"), DocumentJob.Status.FAILED),
        ),
        Waiting(
            "presentations",
            counts["presentations"],
            _("presentations missing before a Council session"),
            fixed_url("sessions_council:presentations_missing"),
        ),
        Waiting("translations", counts["translations"], _("records to translate"), fixed_url("staff_translations")),
    ]
    surveys = [
        Survey(consultation=consultation, not_voted=max(members - consultation.voted, 0))
        for consultation in (instance(Consultation, row) for row in survey_rows)
    ]
    html = render_to_string("home/_desk.html", {"waiting": waiting, "surveys": surveys})
    return {"waiting": waiting, "surveys": surveys, "desk": mark_safe(html)}  # noqa: S308 - our own template's output


# The desks this process rendered, by what they show: the language, the script prefix, the version of the
# lists (the same rows for the same version) and every count. What a desk shows is its key, so a kept
# desk is never stale, nor anyone's but the secretariat's (it holds nothing personal).
_DESKS: dict[tuple, dict] = {}
MOST_DESKS = 200  # a bound on memory


def secretariat_desk() -> dict:
    """What waits for the secretariat: per request, the versions of the lists and of the records to
    translate (one round trip to the shared cache) and the counts (one statement); the lists, the
    translation count and the rendered desk are kept until what they show changes."""
    lists_version, translations_version = named_versions(workshop_cache.VERSION_KEY, missing_translations.VERSION_KEY)
    affiliations, documents, members, letters, travel, presentations, *latest = _STATIC_COUNTS()
    counts = {
        "affiliations": affiliations,
        "documents": documents,
        "letters": letters,
        "travel": travel,
        "presentations": presentations,
        "translations": _records_to_translate(translations_version, latest),
    }
    key = (translation.get_language(), get_script_prefix(), lists_version, members, *counts.values())
    desk = _DESKS.get(key)
    if desk is None:
        if len(_DESKS) >= MOST_DESKS:
            _DESKS.clear()
        desk = _DESKS[key] = _desk(*_desk_lists(lists_version), counts, members)
    return {**desk, "cards": _cards()}


# The cards of links below the desk: the same for every member of the secretariat, rendered once a
# process for each language (and script prefix).
_CARDS: dict[tuple[str, str], str] = {}


def _cards() -> str:
    key = (translation.get_language(), get_script_prefix())
    html = _CARDS.get(key)
    if html is None:
        html = _CARDS[key] = render_to_string("home/_secretariat_cards.html")
    return mark_safe(html)  # noqa: S308 - our own template's output


def public_home() -> dict:
    """The current year's theme, the next workshop (dates, registration open or not), the theme surveys
    open or about to open (one whose closing date has passed is not announced, though the secretariat
    has not closed it yet) and the latest public workshop documents."""
    return {
        "year": DialogueYear.objects.filter(is_current=True).first(),
        "next_workshop": next(iter(workshop_queries.upcoming_workshops(limit=1)), None),
        "open_surveys": list(
            Consultation.objects.filter(status=Consultation.Status.OPEN, survey_closes__gt=timezone.now()).order_by(
                "survey_closes", "pk"
            )[:3]
        ),
        "latest_documents": list(
            WorkshopDocument.objects.filter(is_public=True)
            .select_related("workshop")
            .order_by("-created_at", "-pk")[:5]
        ),
    }


# The welcome of a delegate's and a focal point's home page: text made of a few values alone (the name,
# the state, the position, funding eligibility), rendered once a process for each language, script
# prefix and values, which are its key: what it shows cannot be another user's, nor go stale.
_WELCOMES: dict[tuple, str] = {}
MOST_WELCOMES = 1000  # a bound on memory


def _welcome(template_name: str, **values) -> str:
    key = (template_name, translation.get_language(), get_script_prefix(), *sorted(values.items()))
    html = _WELCOMES.get(key)
    if html is None:
        if len(_WELCOMES) >= MOST_WELCOMES:
            _WELCOMES.clear()
        html = _WELCOMES[key] = render_to_string(template_name, values)
    return mark_safe(html)  # noqa: S308 - our own template's output, the values escaped in it


def delegate_home(user, roles) -> dict:
    """A delegate's name, member state, position and whether the state is eligible for funding."""
    state = roles.delegate_state
    return {
        "welcome": _welcome(
            "home/_delegate_welcome.html",
            name=user.get_full_name() or user.email,
            state=str(state),
            position=roles.affiliation.position,
            eligible=state.eligible_for_funding,
        )
    }


def donor_home(user, donor) -> dict:
    """A donor contact's name, their organisation (its name, kind, whether acknowledged by name) and the
    links to its contributions and statements."""
    return {
        "welcome": _welcome(
            "home/_donor_welcome.html",
            name=user.get_full_name() or user.email,
            donor=donor.local_name,
            kind=label(donor, "kind"),
            acknowledged=donor.acknowledged_by_name,
            donor_id=donor.pk,
        )
    }


DELEGATION_PAGE_SIZE = 50  # a member state's directory grows with the years


def focal_point_home(user, state: MemberState, page: str | None) -> dict:
    """The focal point's welcome, and the people of their state in the directory, 50 a page: the same
    for every focal point of the state, so a cached fragment, versioned like the public workshop pages
    (any person saved or deleted gives it a new version)."""
    number = whole_number(page, 1)
    welcome = _welcome("home/_focal_point_welcome.html", name=user.get_full_name() or user.email, state=str(state))

    def build():
        people = (
            Person.objects.filter(member_state=state)
            .only("honorific", "given_name", "family_name", "position", "position_fr", "position_es", "user_id")
            .order_by(*Person._meta.ordering, "pk")
        )
        paginator = Paginator(people, DELEGATION_PAGE_SIZE)
        page_obj = paginator.get_page(number)
        html = render_to_string(
            "home/_delegation.html",
            {
                "delegation": page_obj.object_list,
                "paginator": paginator,
                "page_obj": page_obj,
                "is_paginated": page_obj.has_other_pages(),
                "query": "",
            },
        )
        return html, workshop_cache.next_change(())

    return {
        "welcome": welcome,
        "delegation_table": workshop_cache.fragment("home-delegation", (state.pk, number), build).html,
    }
