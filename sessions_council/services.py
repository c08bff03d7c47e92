"""Council sessions, panels, speakers and their presentations: every write goes through here."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.mail import send_mail_on_commit
from directory.models import Person, User
from directory.ordering import moved, next_place, renumber
from directory.public_url import public_url
from directory.uploads import CONTENT_TYPES, check_document, check_image, delete_on_commit, original_name, put_photo

from .models import CouncilSession, Panel, Participation, Presentation, SpeakerProfile

logger = logging.getLogger(__name__)

SPEAKER_PLACE = ("order", "updated_at")  # the fields saved when a speaker's place changes

# --- Sessions and panels ----------------------------------------------------------------------


@transaction.atomic
def save_session(*, session: CouncilSession) -> CouncilSession:
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def save_panel(*, panel: Panel) -> Panel:
    """Create or edit a panel; its date must fall within its session."""
    session = panel.session
    if panel.date and not session.start_date <= panel.date <= session.end_date:
        raise ValidationError(
            {
                "date": _("The date must fall within the session (%(start)s to %(end)s).")
                % {"start": session.start_date.isoformat(), "end": session.end_date.isoformat()}
            }
        )
    panel.save()
    return panel


# --- Participations ---------------------------------------------------------------------------


@transaction.atomic
def add_participation(*, participation: Participation) -> Participation:
    """Add a speaker at the end of the speaking order. One participation per person per panel."""
    panel = Panel.objects.select_for_update().get(pk=participation.panel_id)
    if participation.person_id and panel.participations.filter(person_id=participation.person_id).exists():
        raise ValidationError(_("%(person)s already speaks at this panel.") % {"person": participation.person})
    participation.order = next_place(panel.participations.all())
    participation.save()
    return participation


@transaction.atomic
def update_participation(*, participation: Participation) -> Participation:
    duplicate = (
        Participation.objects.filter(panel_id=participation.panel_id, person_id=participation.person_id)
        .exclude(pk=participation.pk)
        .exists()
    )
    if participation.person_id and duplicate:
        raise ValidationError(_("%(person)s already speaks at this panel.") % {"person": participation.person})
    participation.save()
    return participation


@transaction.atomic
def move_participation(*, participation: Participation, direction: int) -> None:
    """Move a speaker one place earlier (-1) or later (+1) in the speaking order.

    The panel's speakers are locked and renumbered 0..n-1, so two quick clicks cannot leave two
    speakers with the same place."""
    speakers = list(Participation.objects.select_for_update().filter(panel_id=participation.panel_id))
    renumber(moved(speakers, pk=participation.pk, direction=direction), update_fields=SPEAKER_PLACE)


@transaction.atomic
def remove_participation(*, participation: Participation) -> None:
    """Remove a speaker and close the gap in the speaking order; the presentation file goes too."""
    panel_id = participation.panel_id
    presentation = Presentation.objects.filter(participation=participation).first()
    if presentation is not None:
        delete_on_commit(presentation.file)
    participation.delete()
    renumber(list(Participation.objects.select_for_update().filter(panel_id=panel_id)), update_fields=SPEAKER_PLACE)


# --- Presentations ----------------------------------------------------------------------------


@transaction.atomic
def upload_presentation(
    *, participation: Participation, upload: UploadedFile, by: User, is_published: bool = True
) -> Presentation:
    """Store a speaker's presentation, checked by content (PDF, DOCX, PPTX, at most 20 MB).

    A new upload replaces the previous file, which is deleted once the transaction commits."""
    file_kind = check_document(upload)
    name = original_name(upload)
    upload.name = f"presentation.{file_kind}"
    presentation = Presentation.objects.select_for_update().filter(participation=participation).first()
    if presentation is None:
        presentation = Presentation(participation=participation)
    else:
        delete_on_commit(presentation.file)
    presentation.file = upload
    presentation.content_type = CONTENT_TYPES[file_kind]
    presentation.size = upload.size
    presentation.original_name = name
    presentation.is_published = is_published
    presentation.uploaded_by = by
    presentation.save()
    return presentation


@transaction.atomic
def submit_own_presentation(
    *, participation: Participation, upload: UploadedFile, consent_to_publish: bool, by: User
) -> Presentation:
    """A speaker uploads their own presentation and says whether it may be published."""
    if participation.person is None or participation.person.user_id != by.pk:
        raise ValidationError(_("You can only upload your own presentation."))
    participation.consent_to_publish = consent_to_publish
    participation.save(update_fields=["consent_to_publish", "updated_at"])
    return upload_presentation(participation=participation, upload=upload, by=by, is_published=True)


def reminder_days() -> int:
    return settings.COUNCIL_PRESENTATION_REMINDER_DAYS


def send_presentation_reminders(*, today: datetime.date | None = None) -> int:
    """E-mail every presenting speaker who has not uploaded, once the panel's deadline is at most
    ``COUNCIL_PRESENTATION_REMINDER_DAYS`` days away (and not yet past). Returns how many were sent.

    Each speaker is reminded once: ``reminder_sent_at`` is claimed with a conditional UPDATE, so a
    retried task or a second beat run (even one running at the same moment on another worker) finds
    it taken and sends nothing."""
    today = today or timezone.localdate()
    window_end = today + datetime.timedelta(days=reminder_days())
    due = (
        Participation.objects.filter(
            role__in=Participation.PRESENTING_ROLES,
            person__isnull=False,
            presentation__isnull=True,
            reminder_sent_at__isnull=True,
            panel__presentations_due__gte=today,
            panel__presentations_due__lte=window_end,
        )
        .select_related("person__user", "panel__session")
        .order_by("panel_id", "order")
    )
    sent = 0
    for participation in due:
        if not participation.email:
            logger.warning("No e-mail address for %s; no presentation reminder sent.", participation.person)
            continue
        with transaction.atomic():
            claimed = Participation.objects.filter(pk=participation.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if not claimed:
                continue
            _mail_reminder(participation)
        sent += 1
    return sent


def _mail_reminder(participation: Participation) -> None:
    person = participation.person
    send_mail_on_commit(
        template="sessions_council/email/presentation_reminder",
        context={
            "participation": participation,
            "person": person,
            "panel": participation.panel,
            "session": participation.panel.session,
            "has_account": person.user_id is not None,
            "upload_url": public_url("sessions_council:my_presentation_upload", pk=participation.pk),
        },
        to=[participation.email],
        language=person.user.preferred_language if person.user_id else None,
    )


# --- Speakers ---------------------------------------------------------------------------------


@transaction.atomic
def update_speaker(
    *, person: Person, biography: str, photo: UploadedFile | None = None, remove_photo: bool = False
) -> Person:
    """Save a speaker's biography (Markdown, sanitised when shown) and photo (checked by content)."""
    kind = check_image(photo) if photo is not None else ""
    person.biography = biography
    person.save(update_fields=["biography", "updated_at"])
    if photo is None and not remove_photo:
        return person
    profile, _created = SpeakerProfile.objects.select_for_update().get_or_create(person=person)
    put_photo(profile, photo=photo, kind=kind, remove=remove_photo)
    profile.save()
    return person
