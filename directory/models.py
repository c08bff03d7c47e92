from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from . import rules
from .translation import ORIGINAL, companion, content_language, translated
from .uploads import upload_name


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntryBase(models.Model):
    """One change in an app's audit history: when and who; the app's entry adds what (its ``action`` with
    its choices, its kinds of record, the values before and after) and a ``summary``. Written by the
    services in the same transaction as the change; never edited."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.summary}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A portal account. People log in by e-mail; there is no username."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, default="en")

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def has_perm(self, perm: str, obj=None) -> bool:
        """Django's answer: a rule of the portal's is answered as ``permissions.RulesBackend``, the first
        backend, answers it (the whole answer), without Django making each backend anew for each
        question; any other permission by the backends."""
        if self.is_active and self.is_superuser:
            return True
        answered = rules.answer(self, perm, obj)
        return super().has_perm(perm, obj) if answered is None else answered


class MemberState(models.Model):
    class Status(models.TextChoices):
        MEMBER = "member", _("Member State")
        OBSERVER = "observer", _("Observer State")

    class Region(models.TextChoices):
        AFRICA = "africa", _("Africa")
        AMERICAS = "americas", _("Americas")
        ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
        EUROPE = "europe", _("Europe")
        MIDDLE_EAST = "middle_east", _("Middle East")

    country = CountryField(_("country (ISO 3166)"), unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    # Blank: the ISO 3166 short name in that language (django-countries). Filled only where IOM's
    # usage differs from ISO's.
    name_fr = models.CharField(_("name in French"), max_length=120, blank=True)
    name_es = models.CharField(_("name in Spanish"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.MEMBER)
    region = models.CharField(_("IOM region"), max_length=16, choices=Region)
    eligible_for_funding = models.BooleanField(
        _("eligible for funded participation"),
        default=False,
        help_text=_("Developing countries whose delegates may ask for funded travel."),
    )

    class Meta:
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name_in()

    def get_absolute_url(self) -> str:
        return reverse("directory:state_edit", kwargs={"pk": self.pk})

    @property
    def local_name(self) -> str:
        """The state's name in the reader's (active) language: what every page, e-mail and PDF shows."""
        return self.name_in()

    def name_in(self, language: str | None = None) -> str:
        """The name in ``language`` (the active one by default): ``name`` in English; in French and
        Spanish the secretariat's override if any, else the ISO 3166 name django-countries translates."""
        code = content_language(language)
        if code == ORIGINAL:
            return self.name
        override = getattr(self, companion("name", code))
        if override:
            return override
        return self.iso_name(code) or self.name

    def iso_name(self, language: str) -> str:
        if not self.country or self.country.code not in countries:
            return ""
        with translation.override(language):
            return str(countries.name(self.country.code))


class Organisation(models.Model):
    class Kind(models.TextChoices):
        UN_AGENCY = "un_agency", _("UN agency")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisation")
        RCP = "rcp", _("Regional consultative process")
        GLOBAL_FORUM = "global_forum", _("Global forum")
        NGO = "ngo", _("Non-governmental organisation")
        MINISTRY = "ministry", _("Government ministry")
        ACADEMIC = "academic", _("Academic institution")

    name = models.CharField(_("name"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    acronym_fr = models.CharField(_("acronym (French)"), max_length=30, blank=True)
    acronym_es = models.CharField(_("acronym (Spanish)"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("For a government ministry: the state it belongs to."),
    )
    website = models.URLField(_("website"), blank=True)

    TRANSLATED_FIELDS = ("name", "acronym")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            # Many states have a "Ministry of Justice": a name is unique within its state.
            models.UniqueConstraint(fields=["name", "member_state"], name="unique_organisation_name_per_state"),
        ]

    def __str__(self) -> str:
        if self.member_state_id and self.kind == self.Kind.MINISTRY:
            return f"{self.local_name}, {self.member_state}"
        return self.local_name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation_edit", kwargs={"pk": self.pk})

    @property
    def local_name(self) -> str:
        """The name in the reader's language, English where it is not translated."""
        return translated(self, "name")

    @property
    def local_acronym(self) -> str:
        return translated(self, "acronym")


def person_photo_path(instance: "Person", filename: str) -> str:
    return upload_name("people-photos", filename)


class Person(TimeStampedModel):
    class Gender(models.TextChoices):
        """Self-declared, optional; counted only in aggregates (what a donor's money paid for)."""

        NOT_STATED = "not_stated", _("Not stated")
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        ANOTHER = "another", _("Another gender")

    honorific = models.CharField(_("honorific"), max_length=20, blank=True, help_text=_("For example H.E."))
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    position = models.CharField(_("position"), max_length=300, blank=True)
    position_fr = models.CharField(_("position (French)"), max_length=300, blank=True)
    position_es = models.CharField(_("position (Spanish)"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    biography = models.TextField(_("biography"), blank=True)
    gender = models.CharField(
        _("gender"),
        max_length=12,
        choices=Gender,
        default=Gender.NOT_STATED,
        help_text=_("Optional and self-declared; only ever counted, never shown with your name."),
    )
    user = models.OneToOneField(
        User, verbose_name=_("portal account"), on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    # Personal data: shown to the secretariat only (check-in, staff pages), served by a permission-checked view.
    photo = models.FileField(_("photo"), upload_to=person_photo_path, blank=True)
    photo_content_type = models.CharField(_("photo content type"), max_length=40, blank=True)

    TRANSLATED_FIELDS = ("position",)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = [Lower("family_name"), Lower("given_name")]
        indexes = [
            # The people list's order, pk last so that pages are stable: a page is read from the index,
            # not by sorting the whole directory for each page.
            models.Index(Lower("family_name"), Lower("given_name"), F("id"), name="person_name_order"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("directory:person_edit", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.honorific, self.given_name, self.family_name) if part)

    @property
    def local_position(self) -> str:
        """The position in the reader's language, English where it is not translated."""
        return translated(self, "position")


class Affiliation(TimeStampedModel):
    """A user's claim to speak for a member state; it grants delegate rights once approved."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="affiliations")
    member_state = models.ForeignKey(
        MemberState, verbose_name=_("member state"), on_delete=models.PROTECT, related_name="affiliations"
    )
    position = models.CharField(_("position"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    is_focal_point = models.BooleanField(_("focal point"), default=False)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-created_at"]
        constraints = [
            # A user holds at most one open (pending or approved) affiliation at a time.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_open_affiliation_per_user",
            ),
            models.CheckConstraint(
                condition=Q(is_focal_point=False) | Q(status="approved"),
                name="focal_point_only_when_approved",
            ),
        ]
        indexes = [
            # The secretariat's desk counts the pending ones at every visit, and their queue lists them:
            # a few rows among every delegate's affiliation.
            models.Index(fields=["created_at"], name="affiliation_pending_idx", condition=Q(status="pending")),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.member_state} ({self.get_status_display()})"


class OutboxMail(models.Model):
    """An e-mail waiting to be sent: written in the transaction that decided it, sent by a worker.

    The message is rendered when the row is written (the committed state, in the recipient's
    language); the worker only sends it. ``claimed_at``/``claim`` say which worker is sending it now,
    ``sent_at`` that it went. See ``directory/outbox.py`` for the delivery guarantee.
    """

    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    to = models.JSONField(_("recipients"))
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claim = models.CharField(_("claimed by"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["pk"]
        indexes = [
            # The sweep's question: what is still to send? A partial index stays as small as the backlog.
            models.Index(fields=["claimed_at"], condition=Q(sent_at__isnull=True), name="outbox_unsent"),
        ]

    def __str__(self) -> str:
        return self.subject
