from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from directory.codes import CODE_LENGTH
from directory.hardening import MAX_SEATS
from directory.models import MemberState, Person, TimeStampedModel
from directory.translation import translated
from directory.uploads import generated_name

# The largest workshop the portal plans for (directory/hardening.py's bound on seats): a typo of extra
# digits is refused, never a mass confirmation.
MAX_CAPACITY = MAX_SEATS


class DialogueYear(TimeStampedModel):
    """One IDM year and its overarching theme, chosen by the membership."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    theme = models.CharField(_("overarching theme"), max_length=300)
    theme_fr = models.CharField(_("overarching theme (French)"), max_length=300, blank=True)
    theme_es = models.CharField(_("overarching theme (Spanish)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    theme_selection = models.TextField(
        _("how the theme was chosen"), blank=True, help_text=_("For example: informal consultations and a survey.")
    )
    theme_selection_fr = models.TextField(_("how the theme was chosen (French)"), blank=True)
    theme_selection_es = models.TextField(_("how the theme was chosen (Spanish)"), blank=True)
    is_current = models.BooleanField(_("current year"), default=False)

    TRANSLATED_FIELDS = ("theme", "description", "theme_selection")

    class Meta:
        verbose_name = _("IDM year")
        verbose_name_plural = _("IDM years")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_idm_year"),
        ]

    def __str__(self) -> str:
        return gettext("IDM %(year)d: %(theme)s") % {"year": self.year, "theme": translated(self, "theme")}


class Workshop(TimeStampedModel):
    class Status(models.TextChoices):
        # A context of their own: French and Spanish agree these with "the workshop", not "the registration".
        PROPOSED = "proposed", pgettext_lazy("workshop status", "Proposed")
        SUBJECT_TO_FUNDING = (
            "subject_to_funding",
            pgettext_lazy("workshop status", "Planned, subject to available funding"),
        )
        CONFIRMED = "confirmed", pgettext_lazy("workshop status", "Confirmed")
        HELD = "held", pgettext_lazy("workshop status", "Held")
        REPORT_PUBLISHED = "report_published", pgettext_lazy("workshop status", "Report published")
        CANCELLED = "cancelled", pgettext_lazy("workshop status", "Cancelled")

    year = models.ForeignKey(
        DialogueYear, verbose_name=_("IDM year"), on_delete=models.PROTECT, related_name="workshops"
    )
    title = models.CharField(_("title"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    venue_fr = models.CharField(_("venue (French)"), max_length=300, blank=True)
    venue_es = models.CharField(_("venue (Spanish)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Paragraphs separated by a blank line."))
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    guiding_questions = models.TextField(_("guiding questions"), blank=True, help_text=_("One question per line."))
    guiding_questions_fr = models.TextField(_("guiding questions (French)"), blank=True)
    guiding_questions_es = models.TextField(_("guiding questions (Spanish)"), blank=True)
    capacity = models.PositiveIntegerField(_("seats"), default=100, validators=[MaxValueValidator(MAX_CAPACITY)])
    requires_approval = models.BooleanField(
        _("registrations need the secretariat's approval"),
        default=False,
        help_text=_("Otherwise requests are confirmed at once while seats are free, then waitlisted."),
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=32, choices=Status, default=Status.PROPOSED)
    # Written by the funding services in the same transaction that changes the money (DESIGN.md):
    # registration reads this number and never imports funding.
    funded_seats = models.PositiveIntegerField(_("funded seats"), default=0)

    TRANSLATED_FIELDS = ("title", "venue", "description", "guiding_questions")

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["start_date", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="workshop_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes__isnull=True)
                | Q(registration_opens__isnull=True)
                | Q(registration_closes__gt=F("registration_opens")),
                name="workshop_registration_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", kwargs={"slug": self.slug})

    @property
    def paragraphs(self) -> list[str]:
        """The description in the active language (or English), cut into paragraphs."""
        return [p.strip() for p in translated(self, "description").split("\n\n") if p.strip()]

    @property
    def questions(self) -> list[str]:
        return [q.strip() for q in translated(self, "guiding_questions").splitlines() if q.strip()]

    def registration_is_open(self, at=None) -> bool:
        at = at or timezone.now()
        if self.status in (self.Status.CANCELLED, self.Status.HELD, self.Status.REPORT_PUBLISHED):
            return False
        if self.registration_opens is None or self.registration_closes is None:
            return False
        return self.registration_opens <= at < self.registration_closes

    @property
    def is_upcoming(self) -> bool:
        return self.end_date >= timezone.localdate()


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        # "Session" of a workshop's agenda is a "séance" in French, not a Council "session".
        OPENING = "opening", pgettext_lazy("agenda item kind", "Opening")
        SESSION = "session", pgettext_lazy("agenda item kind", "Session")
        PANEL = "panel", pgettext_lazy("agenda item kind", "Panel")
        BREAK = "break", pgettext_lazy("agenda item kind", "Break")
        CLOSING = "closing", pgettext_lazy("agenda item kind", "Closing")

    workshop = models.ForeignKey(Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    title = models.CharField(_("title"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.SESSION)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    TRANSLATED_FIELDS = ("title", "description")

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="agenda_item_ends_after_start"),
        ]

    def __str__(self) -> str:
        return translated(self, "title")


class AgendaSpeaker(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MODERATOR = "moderator", _("Moderator")
        KEYNOTE = "keynote", _("Keynote speaker")
        SPEAKER = "speaker", _("Speaker")
        PRESENTER = "presenter", _("Presenter")
        RAPPORTEUR = "rapporteur", _("Rapporteur")

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="speakers"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="agenda_roles")
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.SPEAKER)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agenda speaker")
        verbose_name_plural = _("agenda speakers")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "person"], name="one_role_per_person_per_agenda_item"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


def workshop_document_path(instance: "WorkshopDocument", filename: str) -> str:
    # The stored name is generated; the extension comes from the checked content, never the upload.
    return generated_name("workshop-documents", PurePath(filename).suffix.lstrip(".").lower() or "bin")


def note_verbale_path(instance: "Registration", filename: str) -> str:
    return generated_name("notes-verbales", PurePath(filename).suffix.lstrip(".").lower() or "bin")


class WorkshopDocument(TimeStampedModel):
    class Kind(models.TextChoices):
        CONCEPT_NOTE = "concept_note", _("Concept note")
        AGENDA = "agenda", _("Agenda")
        BACKGROUND_PAPER = "background_paper", _("Background paper")
        PRESENTATION = "presentation", _("Presentation")
        REPORT = "report", _("Report")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Otherwise participants only."))
    file = models.FileField(_("file"), upload_to=workshop_document_path)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size in bytes"))
    original_name = models.CharField(_("original file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    TRANSLATED_FIELDS = ("title",)

    class Meta:
        verbose_name = _("workshop document")
        verbose_name_plural = _("workshop documents")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return translated(self, "title")


class Registration(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    class Category(models.TextChoices):
        # Printed on the badge as a word beside its colour band: never colour alone.
        DELEGATE = "delegate", _("Delegate")
        HEAD_OF_DELEGATION = "head_of_delegation", _("Head of delegation")
        SPEAKER = "speaker", _("Speaker or panellist")
        OBSERVER = "observer", _("Observer")
        IOM_STAFF = "iom_staff", _("IOM staff")
        PRESS = "press", _("Press")

    class Funding(models.TextChoices):
        NOT_REQUESTED = "", _("Not requested")
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="registrations"
    )
    member_state = models.ForeignKey(
        MemberState, verbose_name=_("member state"), on_delete=models.PROTECT, related_name="registrations"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    is_head_of_delegation = models.BooleanField(_("head of delegation"), default=False)
    note_verbale = models.FileField(_("note verbale"), upload_to=note_verbale_path, blank=True)
    consent_to_publish = models.BooleanField(_("appears on the published list of participants"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # Funded participation: asked when registering, decided by the secretariat within the funded seats.
    funding = models.CharField(_("funded participation"), max_length=16, choices=Funding, blank=True, default="")
    travel_from = models.CharField(_("travelling from"), max_length=200, blank=True)
    funding_reason = models.TextField(_("reason for funded participation"), blank=True)
    funding_decision_reason = models.TextField(_("funding decision reason"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category, default=Category.DELEGATE)
    badge_name = models.CharField(
        _("name as shown on the badge"), max_length=120, blank=True, help_text=_("Left empty, the full name is shown.")
    )
    # The badge's QR code carries this random code and nothing else (directory.codes); a reprint
    # replaces it, so a lost badge stops working. Empty until the first badge is printed.
    badge_token = models.CharField(
        _("badge code"), max_length=CODE_LENGTH, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "person"], name="one_registration_per_person_per_workshop"),
        ]
        indexes = [
            models.Index(fields=["workshop", "status", "created_at"], name="registration_queue_idx"),
            # The queue's pages in arrival order: read from the index, never a sort of the whole workshop.
            models.Index(fields=["workshop", "created_at", "id"], name="registration_arrival_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.workshop}"

    @property
    def name_on_badge(self) -> str:
        return self.badge_name or self.person.full_name

    @property
    def badge_category(self) -> str:
        """The category printed: a head of delegation marked by the focal point shows as such."""
        if self.is_head_of_delegation and self.category == self.Category.DELEGATE:
            return self.Category.HEAD_OF_DELEGATION
        return self.category

    def get_badge_category_display(self) -> str:
        return self.Category(self.badge_category).label


class Attendance(models.Model):
    """One participant present on one day of the workshop: a two-day workshop has two rows."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="attendances"
    )
    day = models.DateField(_("day"))
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["day", "checked_in_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["registration", "day"], name="one_check_in_per_day")]
        indexes = [models.Index(fields=["day", "registration"], name="attendance_day_idx")]

    def __str__(self) -> str:
        return f"{self.registration} ({self.day})"


class Certificate(TimeStampedModel):
    """A certificate of attendance: the verification code printed on it, checked on a public page."""

    registration = models.OneToOneField(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")

    def __str__(self) -> str:
        return str(self.registration)

    def get_absolute_url(self) -> str:
        return reverse("workshops:verify_certificate", kwargs={"code": self.code})

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class RegistrationChange(models.Model):
    """One change of a registration (status, funding, head of delegation, what the participant said)
    or of the workshop's seats: who, when, from, to and why. Written by the services only."""

    class Field(models.TextChoices):
        STATUS = "status", _("Status")
        FUNDING = "funding", _("Funded participation")
        HEAD_OF_DELEGATION = "head_of_delegation", _("Head of delegation")
        CONSENT = "consent_to_publish", _("On the published list")
        NOTE_VERBALE = "note_verbale", _("Note verbale")
        SEATS = "seats", _("Seats")

    class Cause(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        CHANGED = "changed", _("Changed by the participant or the focal point")
        DECIDED = "decided", _("Decided by the secretariat")
        PROMOTED = "promoted", _("A seat became free: moved up from the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        HEAD_MOVED = "head_moved", _("Another member was made head of delegation")
        SEATS_CHANGED = "seats_changed", _("The seats were changed")
        CHECKED_IN = "checked_in", _("Checked in")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="registration_changes"
    )
    # Empty for a change of the workshop's seats.
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
    )
    field = models.CharField(_("what changed"), max_length=32, choices=Field)
    before = models.CharField(_("from"), max_length=32, blank=True)
    after = models.CharField(_("to"), max_length=32, blank=True)
    cause = models.CharField(_("why"), max_length=16, choices=Cause)
    reason = models.TextField(_("reason given"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("registration change")
        verbose_name_plural = _("registration changes")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["registration", "at"], name="registration_change_idx")]

    def __str__(self) -> str:
        return "%s: %s → %s" % (self.get_field_display(), self.before, self.after)

    def _label(self, value: str) -> str:
        if self.field == self.Field.STATUS:
            return str(Registration.Status(value).label) if value in Registration.Status.values else "—"
        if self.field == self.Field.FUNDING:
            return str(Registration.Funding(value).label)
        if self.field == self.Field.SEATS:
            return value
        if self.field == self.Field.NOTE_VERBALE:
            return gettext("attached") if value == "yes" else gettext("none")
        return gettext("yes") if value == "yes" else gettext("no")

    @property
    def before_display(self) -> str:
        return self._label(self.before)

    @property
    def after_display(self) -> str:
        return self._label(self.after)


# The states that take one of the workshop's seats, and those a participant may still cancel or change.
HOLDS_SEAT = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)
# A registration that holds one of the workshop's funded seats: funding approved and not given up. The one
# definition for the seat rule (workshops), the funding figures and the funding documents.
HOLDS_FUNDED_SEAT = Q(funding=Registration.Funding.APPROVED) & ~Q(
    status__in=(Registration.Status.CANCELLED, Registration.Status.DECLINED)
)
ACTIVE = (Registration.Status.PENDING, Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


class ParticipantMessage(TimeStampedModel):
    """One message from the secretariat to a workshop's participants (all, or a filtered set), in
    three languages; each recipient gets it in their language. What was sent, to whom and when."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.PROTECT, related_name="participant_messages"
    )
    subject = models.CharField(_("subject"), max_length=200)
    subject_fr = models.CharField(_("subject (French)"), max_length=200, blank=True)
    subject_es = models.CharField(_("subject (Spanish)"), max_length=200, blank=True)
    body = models.TextField(_("message"))
    body_fr = models.TextField(_("message (French)"), blank=True)
    body_es = models.TextField(_("message (Spanish)"), blank=True)
    # The filter as chosen (status, member state, funded, checked in), kept to say who it went to.
    filters = models.JSONField(_("recipients chosen by"), default=dict, blank=True)
    copy_focal_points = models.BooleanField(_("focal points copied"), default=False)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    TRANSLATED_FIELDS = ("subject", "body")

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class MessageRecipient(models.Model):
    """One participant a message went to: the address, the language it was written in, the copies,
    and the outbox row that carries it (its ``sent_at`` says when it went)."""

    message = models.ForeignKey(
        ParticipantMessage, verbose_name=_("message"), on_delete=models.CASCADE, related_name="recipients"
    )
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="messages_received"
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    copied_to = models.JSONField(_("copied to"), default=list, blank=True)
    mail = models.ForeignKey(
        "directory.OutboxMail", verbose_name=_("e-mail"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["message", "registration"], name="one_copy_per_participant"),
        ]

    def __str__(self) -> str:
        return self.email
