"""Who takes part: a delegate's registration, its history of changes, and the seat rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.codes import CODE_LENGTH
from directory.models import MemberState, Person, TimeStampedModel
from directory.uploads import upload_name

from .programme import Workshop


def waiting_for_secretariat(prefix: str = "") -> Q:
    """What waits for the secretariat (its desk counts them by workshop): a decision, or one on funding
    while the registration is active; ``prefix`` reaches the registrations from another model
    ("registrations__"). Literal statuses: the model's choices are defined below."""
    return Q(**{prefix + "status": "pending"}) | Q(
        **{prefix + "status__in": ("pending", "confirmed", "waitlisted"), prefix + "funding": "requested"}
    )


# The states that take one of the workshop's seats, literal (the model's choices are defined below):
# HOLDS_SEAT is made of them, and the index of the seats taken holds only them.
SEAT_STATUSES = ("confirmed", "attended")


def note_verbale_path(instance: "Registration", filename: str) -> str:
    return upload_name("notes-verbales", filename)


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

    # Not indexed alone: every index of the registrations starts with the workshop.
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.PROTECT, related_name="registrations", db_index=False
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
    # Unique by a constraint (Meta): on PostgreSQL a unique field gets a second index, for LIKE, which no
    # look-up of a code needs and every registration written would update.
    badge_token = models.CharField(_("badge code"), max_length=CODE_LENGTH, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "person"], name="one_registration_per_person_per_workshop"),
            models.UniqueConstraint(fields=["badge_token"], name="one_registration_per_badge_code"),
        ]
        indexes = [
            models.Index(fields=["workshop", "status", "created_at"], name="registration_queue_idx"),
            # The queue's pages in arrival order: read from the index, never a sort of the whole workshop.
            models.Index(fields=["workshop", "created_at", "id"], name="registration_arrival_idx"),
            # The queue's member-state filter lists the states present: one look-up per state.
            models.Index(fields=["workshop", "member_state"], name="registration_state_idx"),
            # The desk's counts read only the registrations that wait, not every one of every workshop.
            models.Index(fields=["workshop"], condition=waiting_for_secretariat(), name="registration_waiting_idx"),
            # The seats taken, counted at every registration under the workshop's lock: only the seat
            # holders' entries are read, never the waiting list's or the cancelled.
            models.Index(fields=["workshop"], condition=Q(status__in=SEAT_STATUSES), name="registration_seat_idx"),
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
    # Empty for a change of the workshop's seats. Not indexed alone: registration_change_idx starts with it.
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        db_index=False,
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


# The states that take one of the workshop's seats (SEAT_STATUSES), and those a participant may still cancel
# or change.
HOLDS_SEAT = tuple(Registration.Status(status) for status in SEAT_STATUSES)
# A registration that holds one of the workshop's funded seats: funding approved and not given up. The one
# definition for the seat rule (workshops), the funding figures and the funding documents.
HOLDS_FUNDED_SEAT = Q(funding=Registration.Funding.APPROVED) & ~Q(
    status__in=(Registration.Status.CANCELLED, Registration.Status.DECLINED)
)
ACTIVE = (Registration.Status.PENDING, Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
