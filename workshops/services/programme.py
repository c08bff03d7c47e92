"""The secretariat's records of the programme: IDM years, workshops, agenda items and their speakers,
workshop documents."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory.models import Person, User
from directory.ordering import moved, next_place, renumber
from directory.uploads import CONTENT_TYPES, check_document, delete_on_commit, original_name
from workshops.models import AgendaItem, AgendaSpeaker, DialogueYear, Workshop, WorkshopDocument

from .plans import change_capacity
from .seats import lock_workshop


@transaction.atomic
def save_year(*, year: DialogueYear) -> DialogueYear:
    if year.is_current:
        DialogueYear.objects.exclude(pk=year.pk).filter(is_current=True).update(is_current=False)
    year.save()
    return year


@transaction.atomic
def save_workshop(*, workshop: Workshop, by: User, expected_plan: str | None = None) -> Workshop:
    """Create or edit a workshop; a capacity change goes through the seat rules (and, when it moves
    people from the waiting list, only with the plan the secretariat was shown: ``expected_plan``)."""
    if not workshop.slug:
        workshop.slug = _unique_slug(workshop.title)
    if workshop.pk is None:
        workshop.save()
        return workshop
    new_capacity = workshop.capacity
    current = lock_workshop(workshop.pk)
    workshop.capacity = current.capacity
    workshop.save()
    if new_capacity != current.capacity:
        change_capacity(workshop=workshop, capacity=new_capacity, by=by, expected_plan=expected_plan)
        workshop.refresh_from_db()
    return workshop


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "workshop"
    slug, n = base, 2
    while Workshop.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- Agenda ---------------------------------------------------------------------------------


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: int) -> None:
    """Move an item one place up (-1) or down (+1) in the running order."""
    items = list(AgendaItem.objects.select_for_update().filter(workshop_id=item.workshop_id))
    renumber(moved(items, pk=item.pk, direction=direction))


@transaction.atomic
def save_agenda_item(*, item: AgendaItem) -> AgendaItem:
    """Create or edit an agenda item; a new one goes to the end of the running order."""
    if item.pk is None:
        item.order = next_place(AgendaItem.objects.filter(workshop_id=item.workshop_id))
    item.save()
    return item


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem) -> None:
    item.delete()


@transaction.atomic
def add_agenda_speaker(*, item: AgendaItem, person: Person, role: str) -> AgendaSpeaker:
    already = _("%(person)s already speaks in this item.") % {"person": person}
    if AgendaSpeaker.objects.filter(agenda_item=item, person=person).exists():
        raise ValidationError(already)
    order = item.speakers.count()
    try:
        with transaction.atomic():
            return AgendaSpeaker.objects.create(agenda_item=item, person=person, role=role, order=order)
    except IntegrityError as error:  # added twice at once
        raise ValidationError(already) from error


@transaction.atomic
def remove_agenda_speaker(*, speaker: AgendaSpeaker) -> None:
    speaker.delete()


# --- Documents ------------------------------------------------------------------------------


@transaction.atomic
def upload_workshop_document(
    *,
    workshop: Workshop,
    by: User,
    upload: UploadedFile,
    kind: str,
    title: str,
    language: str,
    is_public: bool,
    title_fr: str = "",
    title_es: str = "",
) -> WorkshopDocument:
    file_kind = check_document(upload)
    name = original_name(upload)
    upload.name = f"document.{file_kind}"
    return WorkshopDocument.objects.create(
        workshop=workshop,
        kind=kind,
        title=title,
        title_fr=title_fr,
        title_es=title_es,
        language=language,
        is_public=is_public,
        file=upload,
        content_type=CONTENT_TYPES[file_kind],
        size=upload.size,
        original_name=name,
        uploaded_by=by,
    )


@transaction.atomic
def save_workshop_document(*, document: WorkshopDocument) -> WorkshopDocument:
    """Edit what is said about an uploaded document (titles, kind, language, audience); the file stays."""
    document.save()
    return document


@transaction.atomic
def delete_workshop_document(*, document: WorkshopDocument) -> None:
    """Remove the record, and the file once the deletion is committed."""
    delete_on_commit(document.file)
    document.delete()
