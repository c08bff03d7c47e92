"""The programme: the dialogue years, their workshops, the agenda and the workshop's documents."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from directory.hardening import MAX_SEATS
from directory.models import Person, TimeStampedModel
from directory.translation import translated
from directory.uploads import upload_name

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

    @property
    def seats_left(self) -> int:
        """The seats still free, never below zero, of a workshop read with its ``seats_taken``
        (``workshops.queries.with_seats``)."""
        return max(self.capacity - self.seats_taken, 0)


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
    return upload_name("workshop-documents", filename)


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
