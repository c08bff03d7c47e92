import datetime
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation, Person, TimeStampedModel
from directory.translation import translated
from directory.uploads import upload_name


class CouncilSession(TimeStampedModel):
    """A session of the IOM Council, at which the IDM holds its panel."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("98 for the Ninety-eighth Session.")
    )
    title = models.CharField(_("title"), max_length=120, help_text=_("For example: Ninety-eighth Session."))
    title_fr = models.CharField(_("title (French)"), max_length=120, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=120, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=120, default="Geneva")
    place_fr = models.CharField(_("place (French)"), max_length=120, blank=True)
    place_es = models.CharField(_("place (Spanish)"), max_length=120, blank=True)

    TRANSLATED_FIELDS = ("title", "place")

    class Meta:
        verbose_name = _("Council session")
        verbose_name_plural = _("Council sessions")
        ordering = ["-start_date", "-number"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="council_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return translated(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("sessions_council:session_detail", kwargs={"number": self.number})


class Panel(TimeStampedModel):
    """A panel or discussion held at a Council session."""

    class Kind(models.TextChoices):
        IDM_PANEL = "idm_panel", _("IDM panel")
        DEDICATED_DISCUSSION = "dedicated_discussion", _("Dedicated discussion")
        DIALOGUE_HIGHLIGHTS = "dialogue_highlights", _("Highlights of regional and global dialogues")

    session = models.ForeignKey(
        CouncilSession, verbose_name=_("Council session"), on_delete=models.CASCADE, related_name="panels"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind, default=Kind.IDM_PANEL)
    title = models.CharField(_("title"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    theme_fr = models.CharField(_("theme (French)"), max_length=300, blank=True)
    theme_es = models.CharField(_("theme (Spanish)"), max_length=300, blank=True)
    year = models.ForeignKey(
        "workshops.DialogueYear",
        verbose_name=_("IDM year"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_panels",
    )
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Leave blank when it was not announced."))
    time = models.TimeField(_("time"), null=True, blank=True)
    order = models.PositiveIntegerField(_("place on the session page"), default=0)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Paragraphs separated by a blank line."))
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_es = models.TextField(_("summary (Spanish)"), blank=True)
    key_conclusions = models.TextField(
        _("key conclusions"), blank=True, help_text=_("One conclusion per line, in order.")
    )
    key_conclusions_fr = models.TextField(_("key conclusions (French)"), blank=True)
    key_conclusions_es = models.TextField(_("key conclusions (Spanish)"), blank=True)
    presentations_due = models.DateField(
        _("presentations due"),
        null=True,
        blank=True,
        help_text=_("Speakers who have not uploaded their presentation are reminded a few days before."),
    )

    TRANSLATED_FIELDS = ("title", "theme", "summary", "key_conclusions")

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["order", "date", "time", "pk"]

    def __str__(self) -> str:
        return translated(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("sessions_council:session_detail", kwargs={"number": self.session.number}) + f"#panel-{self.pk}"

    @property
    def paragraphs(self) -> list[str]:
        """The summary in the active language (or English), cut into paragraphs."""
        return [p.strip() for p in translated(self, "summary").split("\n\n") if p.strip()]

    @property
    def conclusions(self) -> list[str]:
        return [line.strip() for line in translated(self, "key_conclusions").splitlines() if line.strip()]

    @property
    def held_on(self) -> datetime.date:
        """The panel's date, or the session's first day when the date was not announced."""
        return self.date or self.session.start_date


class Participation(TimeStampedModel):
    """A speaker at a panel: a person, or an organisation named as such (the IOM Administration)."""

    class Role(models.TextChoices):
        MODERATOR = "moderator", _("Moderator")
        KEYNOTE = "keynote", _("Keynote speaker")
        PANELLIST = "panellist", _("Panellist")
        PRESENTER = "presenter", _("Presenter")
        RAPPORTEUR = "rapporteur", _("Rapporteur")

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("By video")

    # The roles that bring a presentation: they are reminded and listed as missing until they upload.
    PRESENTING_ROLES = (Role.KEYNOTE, Role.PANELLIST, Role.PRESENTER)

    panel = models.ForeignKey(Panel, verbose_name=_("panel"), on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_participations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_participations",
        help_text=_("Only when an organisation, not a named person, speaks."),
    )
    label = models.CharField(
        _("named as"),
        max_length=200,
        blank=True,
        help_text=_("For an organisation: how the programme names it, for example the IOM Administration."),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.PANELLIST)
    attendance = models.CharField(_("attends"), max_length=16, choices=Attendance, default=Attendance.IN_PERSON)
    position = models.CharField(
        _("position at the time"), max_length=300, blank=True, help_text=_("Leave blank to show the person's position.")
    )
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("For example when the speaker spoke."))
    order = models.PositiveIntegerField(_("speaking order"), default=0)
    consent_to_publish = models.BooleanField(_("consents to publishing the presentation"), default=False)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "person"], name="one_participation_per_person_per_panel"),
            models.CheckConstraint(
                condition=Q(person__isnull=False, organisation__isnull=True)
                | Q(person__isnull=True, organisation__isnull=False),
                name="participation_person_or_organisation",
                violation_error_message=_("Choose either a person or an organisation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_name} ({self.get_role_display()})"

    @property
    def speaker_name(self) -> str:
        if self.person_id:
            return self.person.full_name
        if self.organisation_id:
            return self.label or self.organisation.local_name
        return self.label

    @property
    def shown_position(self) -> str:
        if self.position:
            return self.position
        if self.person_id:
            return self.person.local_position
        return self.organisation.local_name if self.label and self.organisation_id else ""

    @property
    def presents(self) -> bool:
        return self.role in self.PRESENTING_ROLES

    @property
    def email(self) -> str:
        if not self.person_id:
            return ""
        return self.person.email or (self.person.user.email if self.person.user_id else "")


def presentation_path(instance: "Presentation", filename: str) -> str:
    # The extension comes from the checked content (the service renames the upload), never the user.
    return upload_name("council-presentations", filename)


class Presentation(TimeStampedModel):
    """The file a speaker presented. Public only when published and the speaker consented."""

    participation = models.OneToOneField(
        Participation, verbose_name=_("participation"), on_delete=models.CASCADE, related_name="presentation"
    )
    file = models.FileField(_("file"), upload_to=presentation_path)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size in bytes"))
    original_name = models.CharField(_("original file name"), max_length=255)
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Shown on the public session page if the speaker consented.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("sessions_council:presentation_download", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.is_published and self.participation.consent_to_publish

    @property
    def extension(self) -> str:
        return PurePath(self.file.name).suffix.lstrip(".").upper()


def speaker_photo_path(instance: "SpeakerProfile", filename: str) -> str:
    return upload_name("speaker-photos", filename)


class SpeakerProfile(TimeStampedModel):
    """What the public speaker page adds to a directory person: a photo. The biography is the
    person's own (``Person.biography``), written in Markdown."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="speaker_profile"
    )
    photo = models.FileField(_("photo"), upload_to=speaker_photo_path, blank=True)
    photo_content_type = models.CharField(_("photo content type"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("speaker profile")
        verbose_name_plural = _("speaker profiles")

    def __str__(self) -> str:
        return str(self.person)
