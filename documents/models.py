from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.models import TimeStampedModel


class DocumentKind(models.TextChoices):
    DISCUSSION_NOTE = "discussion-note", _("Discussion note")
    WORKSHOP_REPORT = "workshop-report", _("Workshop report")
    PARTICIPANTS = "participants", _("List of participants")
    FUNDING_REPORT = "funding-report", _("Funding report")
    DONOR_STATEMENT = "donor-statement", _("Donor statement")
    CONSULTATION_RESULTS = "consultation-results", _("Results of a theme survey")
    BADGES = "badges", _("Badges")
    BADGE = "badge", _("Badge (reprint)")
    CERTIFICATE = "certificate", _("Certificate of attendance")
    LETTER = "letter", _("Invitation and visa support letter")


class Variant(models.TextChoices):
    NONE = "", _("Standard")
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    PROVISIONAL = "provisional", _("Provisional")
    FINAL = "final", _("Final")


class SymbolSeries(models.Model):
    """The next free number of a document series: IC/2010/1, IC/2010/2 … allocated under a row lock."""

    prefix = models.CharField(_("prefix"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    next_number = models.PositiveIntegerField(_("next number"), default=1)

    class Meta:
        verbose_name = _("symbol series")
        verbose_name_plural = _("symbol series")
        ordering = ["prefix", "-year"]
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="one_symbol_series_per_prefix_year")]

    def __str__(self) -> str:
        return f"{self.prefix}/{self.year}/{self.next_number}"


class DiscussionNote(TimeStampedModel):
    """A discussion note for the informal consultations: drafted from the records, edited, then issued."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    year = models.ForeignKey(
        "workshops.DialogueYear", verbose_name=_("IDM year"), on_delete=models.PROTECT, related_name="discussion_notes"
    )
    series_title = models.CharField(
        _("series"), max_length=200, default="Informal consultations on International Dialogue on Migration"
    )
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    original_language = models.CharField(_("original language"), max_length=8, choices=settings.LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.DRAFT)
    symbol = models.CharField(_("symbol"), max_length=40, unique=True, null=True, blank=True)
    place = models.CharField(_("place of issue"), max_length=100, default="Geneva")
    issue_date = models.DateField(_("date of issue"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("discussion note")
        verbose_name_plural = _("discussion notes")
        ordering = ["-year__year", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", symbol__isnull=True)
                | Q(status="issued", symbol__isnull=False, issue_date__isnull=False),
                name="discussion_note_symbol_once_issued",
            ),
        ]

    def __str__(self) -> str:
        return self.symbol or f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("documents:note_edit", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class NoteParagraph(models.Model):
    """One numbered paragraph; a heading, when given, is printed above it. Footnotes sit in the text
    between double square brackets, where their number goes: ``… in 2009.[[For further information …]]``"""

    class HeadingStyle(models.TextChoices):
        SECTION = "section", _("Section heading")
        SUBSECTION = "subsection", _("Sub-heading")

    note = models.ForeignKey(
        DiscussionNote, verbose_name=_("discussion note"), on_delete=models.CASCADE, related_name="paragraphs"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading above the paragraph"), max_length=400, blank=True)
    heading_style = models.CharField(
        _("heading style"), max_length=12, choices=HeadingStyle, default=HeadingStyle.SECTION
    )
    text = models.TextField(
        _("text"), help_text=_("Put a footnote where its number goes, between double square brackets: [[…]].")
    )

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class DocumentSubject(models.Model):
    """What a document is about (a note, a workshop, a year, a donor, a theme consultation) and which of
    its kinds: the versions of one document hang here. Its row is the lock under which versions are numbered."""

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind)
    variant = models.CharField(_("variant"), max_length=12, choices=Variant, blank=True, default="")
    note = models.ForeignKey(
        DiscussionNote, on_delete=models.CASCADE, null=True, blank=True, related_name="document_subjects"
    )
    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, null=True, blank=True, related_name="document_subjects"
    )
    year = models.ForeignKey(
        "workshops.DialogueYear", on_delete=models.CASCADE, null=True, blank=True, related_name="document_subjects"
    )
    donor = models.ForeignKey(
        "funding.Donor", on_delete=models.CASCADE, null=True, blank=True, related_name="document_subjects"
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="document_subjects",
    )
    registration = models.ForeignKey(
        "workshops.Registration", on_delete=models.CASCADE, null=True, blank=True, related_name="document_subjects"
    )
    letter = models.ForeignKey(
        "travel.InvitationLetter", on_delete=models.CASCADE, null=True, blank=True, related_name="document_subjects"
    )
    last_version = models.PositiveIntegerField(_("last version"), default=0)

    class Meta:
        verbose_name = _("document subject")
        verbose_name_plural = _("document subjects")
        ordering = ["kind", "variant", "pk"]
        constraints = [
            # Exactly the one reference its kind needs.
            models.CheckConstraint(
                condition=Q(letter__isnull=True)
                & (
                    Q(
                        kind="discussion-note",
                        note__isnull=False,
                        workshop__isnull=True,
                        year__isnull=True,
                        donor__isnull=True,
                        consultation__isnull=True,
                        registration__isnull=True,
                    )
                    | Q(
                        kind__in=["workshop-report", "participants", "badges"],
                        note__isnull=True,
                        workshop__isnull=False,
                        year__isnull=True,
                        donor__isnull=True,
                        consultation__isnull=True,
                        registration__isnull=True,
                    )
                    | Q(
                        kind="funding-report",
                        note__isnull=True,
                        workshop__isnull=True,
                        year__isnull=False,
                        donor__isnull=True,
                        consultation__isnull=True,
                        registration__isnull=True,
                    )
                    | Q(
                        kind="donor-statement",
                        note__isnull=True,
                        workshop__isnull=True,
                        year__isnull=True,
                        donor__isnull=False,
                        consultation__isnull=True,
                        registration__isnull=True,
                    )
                    | Q(
                        kind="consultation-results",
                        note__isnull=True,
                        workshop__isnull=True,
                        year__isnull=True,
                        donor__isnull=True,
                        consultation__isnull=False,
                        registration__isnull=True,
                    )
                    | Q(
                        kind__in=["badge", "certificate"],
                        note__isnull=True,
                        workshop__isnull=True,
                        year__isnull=True,
                        donor__isnull=True,
                        consultation__isnull=True,
                        registration__isnull=False,
                    )
                )
                | Q(
                    kind="letter",
                    note__isnull=True,
                    workshop__isnull=True,
                    year__isnull=True,
                    donor__isnull=True,
                    consultation__isnull=True,
                    registration__isnull=True,
                    letter__isnull=False,
                ),
                name="document_subject_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "variant", "note"], condition=Q(note__isnull=False), name="one_subject_per_note"
            ),
            models.UniqueConstraint(
                fields=["kind", "variant", "workshop"],
                condition=Q(workshop__isnull=False),
                name="one_subject_per_workshop",
            ),
            models.UniqueConstraint(
                fields=["kind", "variant", "year"], condition=Q(year__isnull=False), name="one_subject_per_year"
            ),
            models.UniqueConstraint(
                fields=["kind", "variant", "donor"], condition=Q(donor__isnull=False), name="one_subject_per_donor"
            ),
            models.UniqueConstraint(
                fields=["kind", "variant", "consultation"],
                condition=Q(consultation__isnull=False),
                name="one_subject_per_consultation",
            ),
            models.UniqueConstraint(
                fields=["kind", "variant", "registration"],
                condition=Q(registration__isnull=False),
                name="one_subject_per_registration",
            ),
            models.UniqueConstraint(
                fields=["kind", "variant", "letter"], condition=Q(letter__isnull=False), name="one_subject_per_letter"
            ),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        if self.variant:
            label = f"{label} ({self.get_variant_display()})"
        return f"{label}: {self.source}"

    def get_absolute_url(self) -> str:
        return reverse("documents:list", kwargs={"kind": self.kind, "pk": self.source_id})

    @property
    def source(self):
        return (
            self.note
            or self.workshop
            or self.year
            or self.donor
            or self.consultation
            or self.registration
            or self.letter
        )

    @property
    def source_id(self) -> int:
        return (
            self.note_id
            or self.workshop_id
            or self.year_id
            or self.donor_id
            or self.consultation_id
            or self.registration_id
            or self.letter_id
        )


def document_file_path(instance: "DocumentJob", filename: str) -> str:
    # One folder per job: whatever is in it and not recorded on a done job is a crashed attempt's leftover.
    return f"documents/jobs/{instance.pk}/{filename}"


class DocumentJob(TimeStampedModel):
    """One rendering of a subject's document in one language, from one state of its records."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    subject = models.ForeignKey(
        DocumentSubject, verbose_name=_("subject"), on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # The records the document is built from, as canonical JSON, and their SHA-256: the renderer reads
    # only this snapshot, so a retry or a redelivered message renders exactly the same document.
    records = models.TextField(_("records"))
    checksum = models.CharField(_("checksum of the records"), max_length=64)
    file = models.FileField(_("file"), upload_to=document_file_path, blank=True, max_length=255)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who renders it now ("host:pid") and when that process last said it was alive.
    claimed_by = models.CharField(_("claimed by"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")
        ordering = ["-version", "language", "-pk"]
        constraints = [
            # The same records in the same language give one document, never a second job.
            models.UniqueConstraint(fields=["subject", "language", "checksum"], name="one_job_per_records_language"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="document_job_progress_at_most_100"),
        ]
        indexes = [models.Index(fields=["status", "updated_at"], name="document_job_status_idx")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("documents:job", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)


class WorkshopOutcomes(TimeStampedModel):
    """What a workshop concluded, written by the secretariat for its report."""

    workshop = models.OneToOneField(
        "workshops.Workshop", verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="outcomes"
    )
    text = models.TextField(_("outcomes"), blank=True, help_text=_("Paragraphs separated by a blank line."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("workshop outcomes")
        verbose_name_plural = _("workshop outcomes")

    def __str__(self) -> str:
        return str(self.workshop)

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n\n") if p.strip()]
