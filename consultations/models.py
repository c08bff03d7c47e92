"""Choosing the theme of a coming IDM year: informal consultations, candidate themes and workshop
topics, and the follow-up survey in which each member state casts one ranked ballot."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from directory.models import MemberState, TimeStampedModel
from directory.translation import translated


class Consultation(TimeStampedModel):
    """The consultation of the membership on the theme and workshops of one coming IDM year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        OPEN = "open", _("Survey open")
        CLOSED = "closed", _("Survey closed")
        ADOPTED = "adopted", _("Adopted")

    year = models.PositiveSmallIntegerField(_("IDM year"), unique=True, help_text=_("The year the theme is for."))
    title = models.CharField(_("title"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown on the ballot and the results. Paragraphs separated by a blank line."),
    )
    introduction_fr = models.TextField(_("introduction (French)"), blank=True)
    introduction_es = models.TextField(_("introduction (Spanish)"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.DRAFT)
    survey_opens = models.DateTimeField(_("survey opens"), null=True, blank=True)
    survey_closes = models.DateTimeField(_("survey closes"), null=True, blank=True)
    max_topics = models.PositiveSmallIntegerField(
        _("workshop topics per ballot"), default=2, help_text=_("How many workshop topics a member state may choose.")
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_year = models.OneToOneField(
        "workshops.DialogueYear",
        verbose_name=_("adopted as"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation",
    )
    adopted_theme = models.ForeignKey(
        "consultations.CandidateTheme",
        verbose_name=_("adopted theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adopted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    TRANSLATED_FIELDS = ("title", "introduction")

    class Meta:
        verbose_name = _("theme consultation")
        verbose_name_plural = _("theme consultations")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(survey_opens__isnull=True)
                | Q(survey_closes__isnull=True)
                | Q(survey_closes__gt=F("survey_opens")),
                name="consultation_survey_window_ordered",
            ),
            models.CheckConstraint(condition=Q(max_topics__gte=1), name="consultation_at_least_one_topic"),
            # Open means a closing date is known: the ballot says until when it can be changed.
            models.CheckConstraint(
                condition=Q(status="draft") | Q(survey_opens__isnull=False, survey_closes__isnull=False),
                name="consultation_open_has_window",
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("consultations:staff_detail", kwargs={"pk": self.pk})

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in translated(self, "introduction").split("\n\n") if p.strip()]

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def results_are_public(self) -> bool:
        return self.status in (self.Status.CLOSED, self.Status.ADOPTED)

    def survey_is_open(self, at=None) -> bool:
        """Ballots are accepted: the survey was opened and now is inside its window."""
        if self.status != self.Status.OPEN or self.survey_opens is None or self.survey_closes is None:
            return False
        at = at or timezone.now()
        return self.survey_opens <= at < self.survey_closes

    @property
    def survey_not_yet_open(self) -> bool:
        return self.status == self.Status.OPEN and self.survey_opens is not None and timezone.now() < self.survey_opens

    @property
    def survey_deadline_passed(self) -> bool:
        return (
            self.status == self.Status.OPEN and self.survey_closes is not None and timezone.now() >= self.survey_closes
        )


class ConsultationMeeting(models.Model):
    """An informal consultation with the membership, and who came."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300, default="Informal consultations")
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Paragraphs separated by a blank line."))
    notes_fr = models.TextField(_("notes (French)"), blank=True)
    notes_es = models.TextField(_("notes (Spanish)"), blank=True)
    states_present = models.ManyToManyField(
        MemberState, verbose_name=_("member states present"), blank=True, related_name="consultation_meetings"
    )

    TRANSLATED_FIELDS = ("title", "notes")

    class Meta:
        verbose_name = _("informal consultation")
        verbose_name_plural = _("informal consultations")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return "%s, %s" % (translated(self, "title"), formats.date_format(self.date, "DATE_FORMAT"))

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in translated(self, "notes").split("\n\n") if p.strip()]


class CandidateTheme(models.Model):
    """An overarching theme put to the membership; ``proposed_by`` empty means the secretariat."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="themes"
    )
    title = models.CharField(_("title"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    proposed_by = models.ForeignKey(
        MemberState,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_themes",
        help_text=_("Leave empty when the secretariat proposed it."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    TRANSLATED_FIELDS = ("title", "description")

    class Meta:
        verbose_name = _("candidate theme")
        verbose_name_plural = _("candidate themes")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "title"], name="one_candidate_theme_per_title"),
        ]

    def __str__(self) -> str:
        return translated(self, "title")


class CandidateTopic(models.Model):
    """A workshop topic put to the membership. A topic merged into another before the survey is not
    on the ballot; once adopted, ``workshop`` is the proposed workshop it became."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("incorporated into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_topics",
        help_text=_("Its elements were taken into another topic: it is no longer on the ballot."),
    )
    workshop = models.OneToOneField(
        "workshops.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidate_topic",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    TRANSLATED_FIELDS = ("title", "description")

    class Meta:
        verbose_name = _("candidate workshop topic")
        verbose_name_plural = _("candidate workshop topics")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "title"], name="one_candidate_topic_per_title"),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="candidate_topic_not_merged_into_itself"),
        ]

    def __str__(self) -> str:
        return translated(self, "title")


class Ballot(TimeStampedModel):
    """A member state's one ballot: its ranking of every candidate theme and its preferred topics.

    ``created_at`` is when the state first voted; ``cast_by``/``cast_at`` say who submitted the
    current version and when; ``revision`` counts the submissions."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="ballots"
    )
    member_state = models.ForeignKey(
        MemberState, verbose_name=_("member state"), on_delete=models.PROTECT, related_name="ballots"
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cast by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)
    revision = models.PositiveIntegerField(_("submissions"), default=1)
    topics = models.ManyToManyField(
        CandidateTopic, verbose_name=_("preferred workshop topics"), blank=True, related_name="ballots"
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["member_state__name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "member_state"], name="one_ballot_per_member_state"),
        ]

    def __str__(self) -> str:
        return f"{self.member_state} – {self.consultation}"


class BallotThemeRank(models.Model):
    """One line of a ballot: this theme at this place (1 = most preferred)."""

    ballot = models.ForeignKey(Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="ranks")
    theme = models.ForeignKey(
        CandidateTheme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="ballot_ranks"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("ranked theme")
        verbose_name_plural = _("ranked themes")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "theme"], name="one_rank_per_theme_per_ballot"),
            models.UniqueConstraint(fields=["ballot", "rank"], name="one_theme_per_rank_per_ballot"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="ballot_rank_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.theme}"
