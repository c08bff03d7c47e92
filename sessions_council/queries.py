"""The read side: one function per screen; the number of queries does not grow with the rows."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import MemberState, Person, User
from directory.translation import translated
from workshops.models import AgendaSpeaker, Workshop

from .models import CouncilSession, Panel, Participation

# Roles across Council panels and workshop agendas, for the speakers' search.
SPEAKER_ROLES = [
    *Participation.Role.choices,
    (AgendaSpeaker.Role.CHAIR.value, AgendaSpeaker.Role.CHAIR.label),
    (AgendaSpeaker.Role.SPEAKER.value, AgendaSpeaker.Role.SPEAKER.label),
]
# A cancelled workshop's agenda is not an appearance.
HIDDEN_WORKSHOP_STATUSES = (Workshop.Status.CANCELLED,)


def _participations() -> QuerySet[Participation]:
    return Participation.objects.select_related(
        "person__organisation", "person__member_state", "organisation", "presentation"
    ).order_by("order", "pk")


def _panels() -> QuerySet[Panel]:
    return Panel.objects.select_related("year").prefetch_related(Prefetch("participations", _participations()))


# --- Public pages -----------------------------------------------------------------------------


def sessions_for_list() -> QuerySet[CouncilSession]:
    """/council/: sessions newest first, with the titles of their panels."""
    return CouncilSession.objects.prefetch_related(
        Prefetch(
            "panels",
            Panel.objects.only("pk", "session_id", "kind", "title", "title_fr", "title_es", "order", "date", "time"),
        )
    )


def session_for_page(*, number: int) -> CouncilSession:
    """A session page: panels in order, speakers in speaking order with positions and presentations."""
    return get_object_or_404(CouncilSession.objects.prefetch_related(Prefetch("panels", _panels())), number=number)


def _is_speaker() -> Q:
    agenda = AgendaSpeaker.objects.filter(person=OuterRef("pk")).exclude(
        agenda_item__workshop__status__in=HIDDEN_WORKSHOP_STATUSES
    )
    return Q(Exists(Participation.objects.filter(person=OuterRef("pk")))) | Q(Exists(agenda))


def speakers_for_list(*, search: str = "", state: MemberState | None = None, role: str = "") -> QuerySet[Person]:
    """/speakers/: everyone who spoke at a Council panel or on a workshop agenda, searchable by name,
    organisation, member state and role."""
    people = Person.objects.filter(_is_speaker()).select_related("organisation", "member_state", "speaker_profile")
    for word in search.split():
        people = people.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(organisation__acronym__iexact=word)
        )
    if state is not None:
        people = people.filter(Q(member_state=state) | Q(organisation__member_state=state))
    if role:
        agenda = AgendaSpeaker.objects.filter(person=OuterRef("pk"), role=role).exclude(
            agenda_item__workshop__status__in=HIDDEN_WORKSHOP_STATUSES
        )
        people = people.filter(
            Q(Exists(Participation.objects.filter(person=OuterRef("pk"), role=role))) | Q(Exists(agenda))
        )
    return people


def states_of_speakers() -> QuerySet[MemberState]:
    """The member states to search speakers by."""
    return MemberState.objects.filter(Q(people__in=Person.objects.filter(_is_speaker()))).distinct()


@dataclass(frozen=True)
class Appearance:
    """One time a speaker spoke: at a Council panel or on a workshop agenda."""

    at: datetime.datetime  # local time, for ordering; midnight when only the date is known
    date: datetime.date
    time: datetime.time | None
    where: str  # the session or the workshop
    what: str  # the panel or the agenda item
    kind: str
    role: str
    url: str
    workshop_slug: str = ""
    topic: str = ""
    by_video: bool = False
    presentation_url: str = ""


def speaker_for_page(*, pk: int) -> Person:
    """A speaker page: 404 for people in the directory who never spoke."""
    return get_object_or_404(
        Person.objects.filter(_is_speaker()).select_related("organisation", "member_state", "speaker_profile"), pk=pk
    )


def appearances_of(person: Person) -> list[Appearance]:
    """Every Council panel and workshop agenda item the person spoke at, in date order (two queries)."""
    appearances = []
    for participation in Participation.objects.filter(person=person).select_related("panel__session", "presentation"):
        panel = participation.panel
        presentation = getattr(participation, "presentation", None)
        when = datetime.datetime.combine(panel.held_on, panel.time or datetime.time.min)
        appearances.append(
            Appearance(
                at=when,
                date=panel.held_on,
                time=panel.time,
                where=_("%(session)s of the IOM Council") % {"session": translated(panel.session, "title")},
                what=translated(panel, "title"),
                kind=panel.get_kind_display(),
                role=participation.get_role_display(),
                url=panel.get_absolute_url(),
                topic=participation.topic,
                by_video=participation.attendance == Participation.Attendance.VIDEO,
                presentation_url=presentation.get_absolute_url()
                if presentation is not None and presentation.is_public
                else "",
            )
        )
    for speaker in (
        AgendaSpeaker.objects.filter(person=person)
        .exclude(agenda_item__workshop__status__in=HIDDEN_WORKSHOP_STATUSES)
        .select_related("agenda_item__workshop")
    ):
        item = speaker.agenda_item
        starts = timezone.localtime(item.starts_at)
        appearances.append(
            Appearance(
                at=starts.replace(tzinfo=None),
                date=starts.date(),
                time=starts.time(),
                where=translated(item.workshop, "title"),
                what=translated(item, "title"),
                kind=_("Workshop"),
                role=speaker.get_role_display(),
                url="",
                workshop_slug=item.workshop.slug,
            )
        )
    appearances.sort(key=lambda appearance: (appearance.at, appearance.where, appearance.what))
    return appearances


def participations_of(user: User) -> QuerySet[Participation]:
    """A speaker's own participations, for uploading their presentations."""
    return (
        Participation.objects.filter(person__user=user)
        .select_related("panel__session", "presentation", "person")
        .order_by("-panel__session__start_date", "panel__order", "panel_id")
    )


# --- Secretariat pages ------------------------------------------------------------------------


def sessions_for_staff() -> QuerySet[CouncilSession]:
    return CouncilSession.objects.annotate(
        panel_count=Count("panels", distinct=True),
        speaker_count=Count("panels__participations", distinct=True),
        missing_count=Count(
            "panels__participations",
            filter=Q(
                panels__participations__role__in=Participation.PRESENTING_ROLES,
                panels__participations__presentation__isnull=True,
            ),
            distinct=True,
        ),
    ).order_by("-start_date", "-number")


def session_for_staff(*, pk: int) -> CouncilSession:
    return get_object_or_404(CouncilSession.objects.prefetch_related(Prefetch("panels", _panels())), pk=pk)


def panel_for_staff(*, pk: int) -> Panel:
    return get_object_or_404(Panel.objects.select_related("session"), pk=pk)


def participation_for_staff(*, pk: int) -> Participation:
    return get_object_or_404(
        Participation.objects.select_related("panel__session", "person", "organisation", "presentation"), pk=pk
    )


def panel_participants(*, panel_id: int) -> Panel:
    """One panel's speakers, for the htmx fragment after reordering."""
    return get_object_or_404(_panels().select_related("session"), pk=panel_id)


def missing_presentations(*, session: CouncilSession | None = None) -> QuerySet[Participation]:
    """Presenting speakers without a presentation, newest session first, then by deadline."""
    participations = Participation.objects.filter(
        role__in=Participation.PRESENTING_ROLES, presentation__isnull=True
    ).select_related("panel__session", "person__user", "person__organisation", "organisation")
    if session is not None:
        participations = participations.filter(panel__session=session)
    return participations.order_by("-panel__session__start_date", "panel__order", "panel_id", "order", "pk")


def speaker_for_staff(*, pk: int) -> Person:
    return get_object_or_404(Person.objects.select_related("speaker_profile"), pk=pk)
