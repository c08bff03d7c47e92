"""What the home pages show: the secretariat's desk (what waits for them, each a count and a link)
and the public home page (the year's theme, the next workshop, an open survey, the latest documents).

The project's own app knows every app, so the figures are read here from each app's records. Each
count is one query whatever the number of rows (a query-count test holds the page to that).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Consultation
from directory.models import Affiliation, MemberState
from directory.translation import missing_any
from documents.models import DocumentJob
from sessions_council.models import Participation
from travel import queries as travel_queries
from workshops import queries as workshop_queries
from workshops.models import ACTIVE, DialogueYear, Registration, WorkshopDocument

from . import missing_translations


@dataclass(frozen=True)
class Waiting:
    """One line of the desk: how many, what they are, where to deal with them."""

    key: str
    count: int
    label: str
    url: str


@dataclass(frozen=True)
class Survey:
    consultation: Consultation
    not_voted: int


def secretariat_desk() -> dict:
    registrations = Registration.objects.filter(status__in=ACTIVE).aggregate(
        to_decide=Count("pk", filter=Q(status=Registration.Status.PENDING)),
        funding=Count("pk", filter=Q(funding=Registration.Funding.REQUESTED)),
    )
    today = timezone.localdate()
    presentations = Participation.objects.filter(
        role__in=Participation.PRESENTING_ROLES, presentation__isnull=True, panel__session__end_date__gte=today
    ).count()
    translations = sum(
        kind.model.objects.filter(missing_any(kind.model)).count() for kind in missing_translations.KINDS
    )
    waiting = [
        Waiting(
            "registrations",
            registrations["to_decide"],
            _("registrations to decide"),
            reverse("workshops:staff_workshops"),
        ),
        Waiting("funding", registrations["funding"], _("funding requests"), reverse("workshops:staff_workshops")),
        Waiting(
            "affiliations",
            Affiliation.objects.filter(status=Affiliation.Status.PENDING).count(),
            _("affiliations to decide"),
            reverse("directory:affiliation_queue"),
        ),
        Waiting(
            "letters",
            travel_queries.letters_to_review_count(),
            _("invitation letters to review"),
            reverse("travel:desk_index"),
        ),
        Waiting(
            "travel",
            travel_queries.incomplete_travel_files_count(),
            _("travel files incomplete"),
            reverse("travel:desk_index"),
        ),
        Waiting(
            "documents",
            DocumentJob.objects.filter(status=DocumentJob.Status.FAILED).count(),
            _("documents that failed to generate"),
            reverse("documents:job_list"),
        ),
        Waiting(
            "presentations",
            presentations,
            _("presentations missing before a Council session"),
            reverse("sessions_council:presentations_missing"),
        ),
        Waiting("translations", translations, _("records to translate"), reverse("staff_translations")),
    ]
    members = MemberState.objects.filter(status=MemberState.Status.MEMBER).count()
    surveys = [
        Survey(consultation=consultation, not_voted=max(members - consultation.voted, 0))
        for consultation in Consultation.objects.filter(status=Consultation.Status.OPEN)
        .annotate(voted=Count("ballots__member_state", distinct=True, filter=Q(ballots__member_state__status="member")))
        .order_by("-survey_closes", "-pk")
    ]
    return {"waiting": waiting, "surveys": surveys}


def public_home() -> dict:
    """The current year's theme, the next workshop (dates, registration open or not), the open theme
    surveys and the latest public workshop documents."""
    return {
        "year": DialogueYear.objects.filter(is_current=True).first(),
        "next_workshop": next(iter(workshop_queries.upcoming_workshops(limit=1)), None),
        "open_surveys": list(
            Consultation.objects.filter(status=Consultation.Status.OPEN).order_by("survey_closes", "pk")[:3]
        ),
        "latest_documents": list(
            WorkshopDocument.objects.filter(is_public=True)
            .select_related("workshop")
            .order_by("-created_at", "-pk")[:5]
        ),
    }
