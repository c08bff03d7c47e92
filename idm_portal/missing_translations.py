"""The secretariat's view of the content still to translate: every record whose English text in a
translated field (``TRANSLATED_FIELDS``) has no French or no Spanish beside it, kind by kind.

The project's own app knows every app, so the kinds of content are listed here, each with the page
that edits it. One query counts each kind, one reads a page of the chosen kind: the page's queries do
not grow with the records.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Model
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consultations.models import CandidateTheme, CandidateTopic, Consultation, ConsultationMeeting
from directory.models import Organisation, Person
from directory.translation import TRANSLATIONS, missing, missing_any, missing_in
from funding.models import Donor
from sessions_council.models import CouncilSession, Panel
from workshops import cache
from workshops.models import AgendaItem, DialogueYear, Workshop, WorkshopDocument

PAGE_SIZE = 50


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    model: type[Model]
    edit_url: Callable[[Model], str]
    context: Callable[[Model], str] = lambda obj: ""
    select_related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("pk",)


KINDS = (
    Kind(
        "years",
        _("IDM years"),
        DialogueYear,
        lambda year: reverse("workshops:staff_year_edit", kwargs={"pk": year.pk}),
        context=lambda year: "IDM %d" % year.year,
        ordering=("-year",),
    ),
    Kind(
        "workshops",
        _("Workshops"),
        Workshop,
        lambda workshop: reverse("workshops:staff_workshop_edit", kwargs={"slug": workshop.slug}),
        context=lambda workshop: "IDM %d" % workshop.year.year,
        select_related=("year",),
        ordering=("-start_date", "title"),
    ),
    Kind(
        "agenda",
        _("Agenda items"),
        AgendaItem,
        lambda item: reverse("workshops:staff_agenda_item_edit", kwargs={"pk": item.pk}),
        context=lambda item: item.workshop.title,
        select_related=("workshop",),
        ordering=("-workshop__start_date", "workshop_id", "order", "starts_at", "pk"),
    ),
    Kind(
        "documents",
        _("Workshop documents"),
        WorkshopDocument,
        lambda document: reverse("workshops:staff_document_edit", kwargs={"pk": document.pk}),
        context=lambda document: document.workshop.title,
        select_related=("workshop",),
        ordering=("-workshop__start_date", "workshop_id", "kind", "title"),
    ),
    Kind(
        "sessions",
        _("Council sessions"),
        CouncilSession,
        lambda session: reverse("sessions_council:session_edit", kwargs={"pk": session.pk}),
        ordering=("-start_date",),
    ),
    Kind(
        "panels",
        _("Council panels"),
        Panel,
        lambda panel: reverse("sessions_council:panel_edit", kwargs={"pk": panel.pk}),
        context=lambda panel: panel.session.title,
        select_related=("session",),
        ordering=("-session__start_date", "order", "pk"),
    ),
    Kind(
        "consultations",
        _("Theme consultations"),
        Consultation,
        lambda consultation: reverse("consultations:staff_edit", kwargs={"pk": consultation.pk}),
        context=lambda consultation: "IDM %d" % consultation.year,
        ordering=("-year",),
    ),
    Kind(
        "consultation-meetings",
        _("Informal consultations"),
        ConsultationMeeting,
        lambda meeting: reverse("consultations:staff_meeting_edit", kwargs={"pk": meeting.pk}),
        context=lambda meeting: meeting.consultation.title,
        select_related=("consultation",),
        ordering=("-consultation__year", "date", "pk"),
    ),
    Kind(
        "candidate-themes",
        _("Candidate themes"),
        CandidateTheme,
        lambda theme: reverse("consultations:staff_theme_edit", kwargs={"pk": theme.pk}),
        context=lambda theme: theme.consultation.title,
        select_related=("consultation",),
        ordering=("-consultation__year", "order", "pk"),
    ),
    Kind(
        "candidate-topics",
        _("Candidate workshop topics"),
        CandidateTopic,
        lambda topic: reverse("consultations:staff_topic_edit", kwargs={"pk": topic.pk}),
        context=lambda topic: topic.consultation.title,
        select_related=("consultation",),
        ordering=("-consultation__year", "order", "pk"),
    ),
    Kind(
        "organisations",
        _("Organisations"),
        Organisation,
        lambda organisation: reverse("directory:organisation_edit", kwargs={"pk": organisation.pk}),
        ordering=("name", "pk"),
    ),
    Kind(
        "positions",
        _("Positions"),
        Person,
        lambda person: reverse("directory:person_edit", kwargs={"pk": person.pk}),
        context=lambda person: person.full_name,
        ordering=("family_name", "given_name", "pk"),
    ),
    Kind(
        "donors",
        _("Donors"),
        Donor,
        lambda donor: reverse("funding:donor_edit", kwargs={"pk": donor.pk}),
        ordering=("name",),
    ),
)


# The version of what the desk keeps of these counts (idm_portal/desk.py): new once any record of any
# kind is saved or deleted. Records written without signals (bulk_create) are new ids: the desk's key
# holds the latest id of each kind too.
VERSION_KEY = "idm:translations:version"


def _changed(sender, **kwargs) -> None:
    cache.new_version_on_commit(VERSION_KEY)


def connect() -> None:
    for kind in KINDS:
        post_save.connect(_changed, sender=kind.model, dispatch_uid="idm-missing-translations")
        post_delete.connect(_changed, sender=kind.model, dispatch_uid="idm-missing-translations")


@dataclass
class KindCount:
    kind: Kind
    missing: int  # records lacking at least one translation
    by_language: list[tuple[str, int]]  # (language name, records lacking it)


@dataclass
class Gap:
    """One record and what it lacks: (field label, [language names]) for each field."""

    obj: Model
    text: str
    context: str
    edit_url: str
    fields: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class MissingTranslations:
    counts: list[KindCount]
    kind: Kind
    page: Page
    gaps: list[Gap]


def kind_named(slug: str) -> Kind | None:
    return next((kind for kind in KINDS if kind.slug == slug), None)


def missing_translations(*, kind: Kind | None, page: str | int = 1) -> MissingTranslations:
    """/staff/translations/: how many records of each kind lack a translation, and one page of a kind
    (the first kind with something missing unless ``kind`` is given)."""
    names = dict(settings.LANGUAGES)
    counts = []
    for each in KINDS:
        figures = each.model.objects.aggregate(
            missing=Count("pk", filter=missing_any(each.model)),
            **{language: Count("pk", filter=missing_in(each.model, language)) for language in TRANSLATIONS},
        )
        by_language = [(names[language], figures[language]) for language in TRANSLATIONS]
        counts.append(KindCount(kind=each, missing=figures["missing"], by_language=by_language))
    if kind is None:
        kind = next((count.kind for count in counts if count.missing), KINDS[0])
    rows = (
        kind.model.objects.filter(missing_any(kind.model)).select_related(*kind.select_related).order_by(*kind.ordering)
    )
    page_obj = Paginator(rows, PAGE_SIZE).get_page(page)
    gaps = []
    for obj in page_obj:
        first_field = kind.model.TRANSLATED_FIELDS[0]
        gap = Gap(obj=obj, text=getattr(obj, first_field), context=kind.context(obj), edit_url=kind.edit_url(obj))
        for name, languages in missing(obj).items():
            label = kind.model._meta.get_field(name).verbose_name
            gap.fields.append((label, [names[language] for language in languages]))
        gaps.append(gap)
    return MissingTranslations(counts=counts, kind=kind, page=page_obj, gaps=gaps)
