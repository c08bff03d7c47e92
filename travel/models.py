"""A participant's travel: the travel file (traveller details, itinerary, ticket, DSA, attendance,
receipts), the DSA rate table, invitation and visa letters, and the history of every change.

Traveller details are personal data: only the traveller, their state's focal point and the
secretariat see them (``queries.travel_files_visible_to``), they are never exported, listed or
published, and ``services.erase_expired_personal_data`` blanks them a configurable number of days
after the workshop ends, keeping only the date of the erasure.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from directory.codes import CODE_LENGTH
from directory.models import AuditEntryBase, TimeStampedModel
from directory.uploads import upload_name

# The traveller details a travel file asks for: "details complete" once all are given.
DETAIL_FIELDS = (
    "passport_name",
    "nationality",
    "date_of_birth",
    "passport_number",
    "passport_expiry",
    "departure_city",
    "departure_country",
)
# The traveller details that are personal data: erased after the retention period, never exported.
PERSONAL_FIELDS = (*DETAIL_FIELDS, "previous_details")


class DsaRate(TimeStampedModel):
    """The daily subsistence allowance of a duty station, in US dollars per night, from a date on."""

    duty_station = models.CharField(_("duty station"), max_length=100)
    rate_usd = models.DecimalField(_("rate (USD per night)"), max_digits=8, decimal_places=2)
    applies_from = models.DateField(_("applies from"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("DSA rate")
        verbose_name_plural = _("DSA rates")
        ordering = ["duty_station", "-applies_from"]
        constraints = [
            models.UniqueConstraint(fields=["duty_station", "applies_from"], name="one_dsa_rate_per_station_and_date"),
            models.CheckConstraint(condition=Q(rate_usd__gt=0), name="dsa_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.duty_station} {self.applies_from:%Y-%m-%d}: {self.rate_usd} USD"


class TravelFile(TimeStampedModel):
    """One participant's journey to one workshop. Opened when funded participation is approved (or,
    without funding, when a self-funded participant asks for a letter: then only traveller details)."""

    class Status(models.TextChoices):
        DETAILS_REQUESTED = "details_requested", _("Details requested")
        DETAILS_COMPLETE = "details_complete", _("Details complete")
        TICKET_ISSUED = "ticket_issued", _("Ticket issued")
        TRAVELLED = "travelled", _("Travelled")
        SETTLED = "settled", _("Settled")

    class Purchase(models.TextChoices):
        NONE = "", _("Not yet")
        SECRETARIAT = "secretariat", _("Booked by the secretariat")
        TRAVELLER = "traveller", _("Bought by the traveller, reimbursed against the receipt")

    class TicketClass(models.TextChoices):
        ECONOMY = "economy", _("Economy")
        PREMIUM = "premium", _("Premium economy")
        BUSINESS = "business", _("Business")

    class DsaPayment(models.TextChoices):
        NONE = "", _("Not paid")
        ADVANCE = "advance", _("Advance before the workshop")
        AFTER = "after", _("After the workshop")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Did not attend")

    registration = models.OneToOneField(
        "workshops.Registration", verbose_name=_("registration"), on_delete=models.PROTECT, related_name="travel_file"
    )
    funded = models.BooleanField(_("travel paid by IOM"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DETAILS_REQUESTED)
    # Traveller details (personal data, see PERSONAL_FIELDS).
    passport_name = models.CharField(_("name as in the passport"), max_length=200, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=40, blank=True)
    passport_expiry = models.DateField(_("passport expiry date"), null=True, blank=True)
    departure_city = models.CharField(_("city of departure"), max_length=200, blank=True)
    departure_country = CountryField(_("country of departure"), blank=True)
    previous_details = models.TextField(
        _("travel details sent before travel files"), blank=True, help_text=_("Free text entered earlier.")
    )
    personal_data_erased_on = models.DateField(_("personal data erased on"), null=True, blank=True)
    # Itinerary.
    outbound_date = models.DateField(_("outbound flight date"), null=True, blank=True)
    outbound_route = models.CharField(_("outbound route"), max_length=120, blank=True, help_text=_("e.g. NBO–GVA"))
    outbound_carrier = models.CharField(_("outbound carrier"), max_length=80, blank=True)
    outbound_flights = models.CharField(_("outbound flight numbers"), max_length=80, blank=True)
    return_date = models.DateField(_("return flight date"), null=True, blank=True)
    return_route = models.CharField(_("return route"), max_length=120, blank=True)
    return_carrier = models.CharField(_("return carrier"), max_length=80, blank=True)
    return_flights = models.CharField(_("return flight numbers"), max_length=80, blank=True)
    arrival_date = models.DateField(_("arrival in the duty station"), null=True, blank=True)
    departure_date = models.DateField(_("departure from the duty station"), null=True, blank=True)
    # Ticket.
    purchase = models.CharField(_("ticket"), max_length=12, choices=Purchase, blank=True, default="")
    booking_reference = models.CharField(_("booking reference"), max_length=40, blank=True)
    fare = models.DecimalField(_("fare"), max_digits=14, decimal_places=3, null=True, blank=True)
    fare_currency = models.CharField(_("fare currency (ISO 4217)"), max_length=3, blank=True)
    fare_usd_rate = models.DecimalField(
        _("exchange rate to USD"), max_digits=18, decimal_places=8, null=True, blank=True
    )
    fare_usd = models.DecimalField(_("fare in USD"), max_digits=12, decimal_places=2, null=True, blank=True)
    ticket_class = models.CharField(_("class"), max_length=10, choices=TicketClass, blank=True)
    ticket_issued_on = models.DateField(_("ticket issued on"), null=True, blank=True)
    reimbursed_on = models.DateField(_("fare reimbursed on"), null=True, blank=True)
    # Daily subsistence allowance.
    duty_station = models.CharField(_("duty station"), max_length=100, default="Geneva")
    travel_days = models.PositiveSmallIntegerField(
        _("travel days allowed"),
        default=1,
        help_text=_("Days before the first and after the last workshop day paid in the duty station."),
    )
    dsa_lines = models.JSONField(_("DSA computation"), default=list, blank=True)
    dsa_nights = models.PositiveSmallIntegerField(_("DSA nights"), null=True, blank=True)
    dsa_usd = models.DecimalField(_("DSA (USD)"), max_digits=10, decimal_places=2, null=True, blank=True)
    dsa_payment = models.CharField(_("DSA paid"), max_length=10, choices=DsaPayment, blank=True, default="")
    dsa_paid_on = models.DateField(_("DSA paid on"), null=True, blank=True)
    # The rest of the journey.
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance, blank=True, default="")
    travelled_on = models.DateField(_("travel confirmed on"), null=True, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("travel file")
        verbose_name_plural = _("travel files")
        ordering = ["registration__workshop__start_date", "registration__person__family_name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(fare__isnull=True) | Q(fare__gt=0), name="travel_fare_positive"),
        ]
        indexes = [models.Index(fields=["status"], name="travel_file_status_idx")]

    def __str__(self) -> str:
        return str(self.registration)

    def get_absolute_url(self) -> str:
        return reverse("travel:file", kwargs={"pk": self.pk})

    @property
    def is_erased(self) -> bool:
        return self.personal_data_erased_on is not None


def attachment_path(instance: "TravelAttachment", filename: str) -> str:
    return upload_name("travel", filename)


class TravelAttachment(models.Model):
    """A receipt or a boarding pass, uploaded by the traveller (checked by content like every upload)."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Ticket receipt")
        BOARDING_PASS = "boarding_pass", _("Boarding pass")

    travel_file = models.ForeignKey(
        TravelFile, verbose_name=_("travel file"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    file = models.FileField(_("file"), upload_to=attachment_path)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size in bytes"))
    original_name = models.CharField(_("original file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("travel attachment")
        verbose_name_plural = _("travel attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class LetterSeries(models.Model):
    """The next free number of the letters of one year, allocated under a row lock: IDM/2010/L/7."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    next_number = models.PositiveIntegerField(_("next number"), default=1)

    class Meta:
        verbose_name = _("letter series")
        verbose_name_plural = _("letter series")

    def __str__(self) -> str:
        return f"IDM/{self.year}/L/{self.next_number}"


class InvitationLetter(TimeStampedModel):
    """An invitation and visa support letter, asked by the traveller or their focal point, reviewed by
    the secretariat; once approved it has a reference and a verification code for consular officers."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        REVOKED = "revoked", _("Revoked")

    travel_file = models.ForeignKey(
        TravelFile, verbose_name=_("travel file"), on_delete=models.PROTECT, related_name="letters"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.REQUESTED)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note for the secretariat"), blank=True)
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
    reference = models.CharField(_("reference"), max_length=40, unique=True, null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    verification_code = models.CharField(
        _("verification code"), max_length=CODE_LENGTH, unique=True, null=True, blank=True
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation letter")
        verbose_name_plural = _("invitation letters")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["requested", "refused"])
                | Q(reference__isnull=False, verification_code__isnull=False, issued_on__isnull=False),
                name="approved_letter_has_reference_and_code",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="letter_queue_idx")]

    def __str__(self) -> str:
        return self.reference or f"{self.travel_file} ({self.get_status_display()})"

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.APPROVED


class TravelAuditEntry(AuditEntryBase):
    """One change to a travel file, a letter or a DSA rate: who, when, what, before and after.

    Personal data is never written here: a change to a traveller detail is recorded as changed, without
    its values, so the history keeps nothing that the erasure must remove.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        DELETED = "deleted", _("Deleted")
        ERASED = "erased", _("Personal data erased")

    class Kind(models.TextChoices):
        TRAVEL_FILE = "travel_file", _("Travel file")
        ATTACHMENT = "attachment", _("Receipt or boarding pass")
        LETTER = "letter", _("Invitation letter")
        DSA_RATE = "dsa_rate", _("DSA rate")

    action = models.CharField(_("action"), max_length=10, choices=Action)
    kind = models.CharField(_("record"), max_length=16, choices=Kind)
    object_id = models.PositiveBigIntegerField(_("record number"))
    travel_file = models.ForeignKey(
        TravelFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    summary = models.CharField(_("summary"), max_length=300)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta(AuditEntryBase.Meta):
        verbose_name = _("travel audit entry")
        verbose_name_plural = _("travel audit history")
