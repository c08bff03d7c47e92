"""After the registration: attendance, certificates and the messages sent to participants."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.codes import CODE_LENGTH
from directory.models import TimeStampedModel

from .programme import Workshop
from .registrations import Registration


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
