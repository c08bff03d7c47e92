"""The rules of a theme consultation.

Every change to a consultation's survey happens under the consultation's row lock: two focal points
of one state submitting at once are serialised (the second replaces the first's ballot), and no
ballot slips in while the survey is being closed. The unique constraint on (consultation, member
state) stands behind the lock.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from directory.mail import send_mail_on_commit
from directory.models import Affiliation, MemberState, User
from directory.ordering import next_place
from directory.translation import ORIGINAL, TRANSLATIONS, companion, translated
from workshops import services as workshop_services
from workshops.models import DialogueYear, Workshop

from . import queries
from .models import Ballot, BallotThemeRank, CandidateTheme, CandidateTopic, Consultation, ConsultationMeeting
from .permissions import voting_state
from .tally import ThemeResult

C = Consultation.Status


def lock_consultation(consultation_id: int) -> Consultation:
    """Take the consultation's row lock: ballots, opening, closing and adoption happen one at a time."""
    return Consultation.objects.select_for_update().get(pk=consultation_id)


def _must_be_draft(consultation: Consultation) -> None:
    if not consultation.is_draft:
        raise ValidationError(
            _("The candidates are fixed once the survey has opened: every ballot ranks the same themes.")
        )


# --- The consultation and its meetings ------------------------------------------------------


@transaction.atomic
def save_consultation(*, consultation: Consultation, by: User) -> Consultation:
    """Create or edit a consultation. Once the survey is open only its texts and its closing date
    change; once it is closed nothing does."""
    if (
        consultation.survey_opens
        and consultation.survey_closes
        and consultation.survey_closes <= consultation.survey_opens
    ):
        raise ValidationError({"survey_closes": _("The survey must close after it opens.")})
    if consultation.pk is None:
        consultation.status = C.DRAFT
        consultation.save()
        return consultation
    current = lock_consultation(consultation.pk)
    if current.status in (C.CLOSED, C.ADOPTED):
        raise ValidationError(_("The survey is closed: the consultation is no longer changed."))
    consultation.status = current.status
    if current.status == C.OPEN:
        if consultation.year != current.year or consultation.max_topics != current.max_topics:
            raise ValidationError(_("While the survey is open, its year and the number of topics per ballot stay."))
        if consultation.survey_opens != current.survey_opens and current.survey_opens <= timezone.now():
            raise ValidationError({"survey_opens": _("The survey has opened already; its opening stays.")})
        if consultation.survey_closes is None:
            raise ValidationError({"survey_closes": _("An open survey needs its closing date.")})
    consultation.save()
    return consultation


@transaction.atomic
def save_meeting(*, meeting: ConsultationMeeting, states_present: Sequence[MemberState]) -> ConsultationMeeting:
    meeting.save()
    meeting.states_present.set(states_present)
    return meeting


@transaction.atomic
def delete_meeting(*, meeting: ConsultationMeeting) -> None:
    meeting.delete()


# --- Candidates -----------------------------------------------------------------------------


@transaction.atomic
def save_theme(*, theme: CandidateTheme) -> CandidateTheme:
    """Create or edit a candidate theme, while the consultation is in preparation."""
    consultation = lock_consultation(theme.consultation_id)
    _must_be_draft(consultation)
    _unique_title(CandidateTheme, theme, _("There is already a candidate theme with this title."))
    if theme.pk is None:
        theme.order = next_place(consultation.themes.all())
    theme.save()
    return theme


@transaction.atomic
def delete_theme(*, theme: CandidateTheme) -> None:
    _must_be_draft(lock_consultation(theme.consultation_id))
    theme.delete()


@transaction.atomic
def save_topic(*, topic: CandidateTopic) -> CandidateTopic:
    """Create or edit a candidate workshop topic, while the consultation is in preparation. A topic
    incorporated into another leaves the ballot; the other must itself be on it."""
    consultation = lock_consultation(topic.consultation_id)
    _must_be_draft(consultation)
    _unique_title(CandidateTopic, topic, _("There is already a candidate topic with this title."))
    target = CandidateTopic.objects.filter(pk=topic.merged_into_id).first()  # as saved, not as the caller holds it
    if target is not None:
        if target.consultation_id != topic.consultation_id or (topic.pk is not None and target.pk == topic.pk):
            raise ValidationError({"merged_into": _("Choose another topic of this consultation.")})
        if target.merged_into_id is not None:
            raise ValidationError({"merged_into": _("That topic is itself incorporated into another one.")})
        if topic.pk is not None and topic.merged_topics.exists():
            raise ValidationError(
                {"merged_into": _("Other topics are incorporated into this one; it stays on the ballot.")}
            )
    if topic.pk is None:
        topic.order = next_place(consultation.topics.all())
    topic.save()
    return topic


@transaction.atomic
def delete_topic(*, topic: CandidateTopic) -> None:
    _must_be_draft(lock_consultation(topic.consultation_id))
    topic.delete()


def _unique_title(model, candidate, message: str) -> None:
    same = model.objects.filter(consultation_id=candidate.consultation_id, title__iexact=candidate.title.strip())
    if candidate.pk is not None:
        same = same.exclude(pk=candidate.pk)
    if same.exists():
        raise ValidationError({"title": message})


# --- The survey -----------------------------------------------------------------------------


@transaction.atomic
def open_survey(*, consultation: Consultation, by: User, expected_recipients: int | None = None) -> Consultation:
    """Put the candidates to the membership. Opens now unless an opening date is set; the focal
    points of the member states are told by e-mail after commit. ``expected_recipients``: how many
    e-mails the confirmation page announced; when the focal points changed since, nothing is sent
    and the page must be looked at again."""
    consultation = lock_consultation(consultation.pk)
    if consultation.status != C.DRAFT:
        raise ValidationError(_("Only a consultation in preparation can be opened."))
    if consultation.themes.count() < 2:
        raise ValidationError(_("Put at least two candidate themes to the membership."))
    now = timezone.now()
    opens = consultation.survey_opens or now
    if consultation.survey_closes is None or consultation.survey_closes <= max(opens, now):
        raise ValidationError(_("Set a closing date in the future, after the opening, before opening the survey."))
    recipients = list(queries.survey_opening_recipients())
    if expected_recipients is not None and expected_recipients != len(recipients):
        raise ValidationError(
            ngettext(
                "The focal points changed since the page was shown: %(n)d e-mail would go now. "
                "Look again, then confirm.",
                "The focal points changed since the page was shown: %(n)d e-mails would go now. "
                "Look again, then confirm.",
                len(recipients),
            )
            % {"n": len(recipients)}
        )
    consultation.survey_opens = opens
    consultation.status = C.OPEN
    consultation.opened_at = now
    consultation.save(update_fields=["survey_opens", "status", "opened_at", "updated_at"])
    for affiliation in recipients:
        _mail(affiliation.user, "survey_opened", {"consultation": consultation, "state": affiliation.member_state})
    return consultation


@transaction.atomic
def close_consultation(*, consultation: Consultation, by: User) -> list[ThemeResult]:
    """Close the survey and tally it: no ballot is accepted or changed after this. Returns the
    themes in their final order (Borda count, tie-break in consultations.tally)."""
    consultation = lock_consultation(consultation.pk)
    if consultation.status != C.OPEN:
        raise ValidationError(_("Only an open survey can be closed."))
    now = timezone.now()
    consultation.status = C.CLOSED
    consultation.closed_at = now
    consultation.closed_by = by
    consultation.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    return queries.theme_results(consultation)


@transaction.atomic
def cast_ballot(*, consultation: Consultation, by: User, ranking: Sequence[int], topics: Sequence[int]) -> Ballot:
    """Record the member state's ballot, replacing the one it cast before.

    ``ranking``: the ids of every candidate theme, most preferred first; ``topics``: the ids of
    the preferred workshop topics, at most the consultation's ``max_topics``. Only the focal point
    of a member state, only while the survey is open. The focal points of the state are told by
    e-mail after commit."""
    state = voting_state(by)
    if state is None:
        raise ValidationError(_("Only the focal point of a member state casts its ballot."))
    consultation = lock_consultation(consultation.pk)
    if not consultation.survey_is_open():
        raise ValidationError(_("The survey is not open: ballots are not accepted."))
    ranking, topics = list(ranking), list(topics)
    themes = set(consultation.themes.values_list("pk", flat=True))
    if len(set(ranking)) != len(ranking):
        raise ValidationError(_("Each theme is ranked once."))
    if set(ranking) != themes:
        raise ValidationError(_("Rank every candidate theme, each at its own place."))
    offered = set(consultation.topics.filter(merged_into__isnull=True).values_list("pk", flat=True))
    if len(set(topics)) != len(topics) or not set(topics) <= offered:
        raise ValidationError({"topics": _("Choose among the workshop topics on the ballot.")})
    if len(topics) > consultation.max_topics:
        raise ValidationError({"topics": _("Choose at most %(n)d workshop topics.") % {"n": consultation.max_topics}})
    ballot = _state_ballot(consultation, state, by)
    BallotThemeRank.objects.bulk_create(
        BallotThemeRank(ballot=ballot, theme_id=theme_id, rank=rank) for rank, theme_id in enumerate(ranking, start=1)
    )
    ballot.topics.set(topics)
    for affiliation in _focal_points(state):
        _mail(
            affiliation.user,
            "ballot_recorded",
            {"consultation": consultation, "state": state, "ballot": ballot, "by": by},
        )
    return ballot


def _state_ballot(consultation: Consultation, state: MemberState, by: User) -> Ballot:
    """The state's ballot, emptied for its new ranking: a new one, or the one before with who/when updated."""
    now = timezone.now()
    ballot = Ballot.objects.filter(consultation=consultation, member_state=state).first()
    if ballot is None:
        try:
            with transaction.atomic():
                return Ballot.objects.create(consultation=consultation, member_state=state, cast_by=by, cast_at=now)
        except IntegrityError:
            # Not reached while the consultation's row is locked; should a ballot ever be written
            # without the lock, the unique constraint decides and this submission replaces it.
            ballot = Ballot.objects.get(consultation=consultation, member_state=state)
    ballot.cast_by = by
    ballot.cast_at = now
    ballot.revision += 1
    ballot.save(update_fields=["cast_by", "cast_at", "revision", "updated_at"])
    ballot.ranks.all().delete()
    return ballot


# --- Adoption -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdoptedTopic:
    """A topic the secretariat adopts, and the dates planned for its workshop."""

    topic: CandidateTopic
    start_date: date
    end_date: date


THEME_SELECTION = gettext_noop(
    "Through the process of informal consultations and a follow-up survey, the membership has selected the "
    "overarching theme of “%(theme)s” to guide the IDM in %(year)d."
)


def _three_languages(candidate, **fields: str) -> dict[str, str]:
    """``{target: candidate.source}`` for each ``target=source``, with the French and Spanish companions."""
    return {
        companion(target, language): getattr(candidate, companion(source, language))
        for target, source in fields.items()
        for language in (ORIGINAL, *TRANSLATIONS)
    }


@transaction.atomic
def adopt_consultation(
    *, consultation: Consultation, theme: CandidateTheme, topics: Sequence[AdoptedTopic], by: User
) -> DialogueYear:
    """Create the IDM year with the adopted theme, and one proposed workshop per adopted topic."""
    consultation = lock_consultation(consultation.pk)
    if consultation.status == C.ADOPTED:
        raise ValidationError(_("This consultation has been adopted already."))
    if consultation.status != C.CLOSED:
        raise ValidationError(_("Close the survey before adopting its outcome."))
    if theme.consultation_id != consultation.pk:
        raise ValidationError({"theme": _("Choose one of this consultation's candidate themes.")})
    if not topics:
        raise ValidationError({"topics": _("Adopt at least one workshop topic.")})
    seen = set()
    for adopted in topics:
        topic = adopted.topic
        if topic.consultation_id != consultation.pk or topic.merged_into_id is not None or topic.pk in seen:
            raise ValidationError({"topics": _("Choose among the workshop topics that were on the ballot.")})
        if adopted.end_date < adopted.start_date:
            raise ValidationError(
                {"topics": _("The workshop “%(title)s” cannot end before it starts.") % {"title": topic.title}}
            )
        seen.add(topic.pk)
    if DialogueYear.objects.filter(year=consultation.year).exists():
        raise ValidationError(
            _("IDM %(year)d exists already; its theme is not replaced from here.") % {"year": consultation.year}
        )
    # The record is written in the three languages: the sentence from the catalogues, the theme and the
    # topics from their French and Spanish text (where it is missing, the missing-translations page says so).
    selection = {}
    for language in (settings.LANGUAGE_CODE, *TRANSLATIONS):
        with translation.override(language):
            selection[companion("theme_selection", language)] = _(THEME_SELECTION) % {
                "theme": translated(theme, "title", language),
                "year": consultation.year,
            }
    year = workshop_services.save_year(
        year=DialogueYear(
            year=consultation.year,
            is_current=False,
            **_three_languages(theme, theme="title", description="description"),
            **selection,
        )
    )
    for adopted in topics:
        workshop = workshop_services.save_workshop(
            workshop=Workshop(
                year=year,
                **_three_languages(adopted.topic, title="title", description="description"),
                start_date=adopted.start_date,
                end_date=adopted.end_date,
                status=Workshop.Status.PROPOSED,
            ),
            by=by,
        )
        CandidateTopic.objects.filter(pk=adopted.topic.pk).update(workshop=workshop)
    consultation.status = C.ADOPTED
    consultation.adopted_year = year
    consultation.adopted_theme = theme
    consultation.adopted_at = timezone.now()
    consultation.adopted_by = by
    consultation.save(
        update_fields=["status", "adopted_year", "adopted_theme", "adopted_at", "adopted_by", "updated_at"]
    )
    return year


# --- E-mail ---------------------------------------------------------------------------------


def _focal_points(state: MemberState | None = None):
    affiliations = Affiliation.objects.filter(
        status=Affiliation.Status.APPROVED, is_focal_point=True, member_state__status=MemberState.Status.MEMBER
    ).select_related("user", "member_state")
    if state is not None:
        affiliations = affiliations.filter(member_state=state)
    return affiliations.order_by("member_state__name", "user__email")


def _mail(user: User, template: str, context: dict) -> None:
    send_mail_on_commit(
        template=f"consultations/email/{template}",
        context={**context, "user": user, "portal_url": settings.PUBLIC_URL},
        to=[user.email],
        language=user.preferred_language,
    )


@transaction.atomic
def remind_states_without_ballot(*, consultation: Consultation, by: User) -> int:
    """Remind the focal points of the member states that have not voted yet, each in their language;
    returns the number of e-mails. Only while the survey accepts ballots."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.survey_is_open():
        raise ValidationError(_("The survey is not open: there is no ballot to remind anyone of."))
    recipients = list(queries.reminder_recipients(consultation))
    for affiliation in recipients:
        _mail(affiliation.user, "ballot_reminder", {"consultation": consultation, "state": affiliation.member_state})
    return len(recipients)
