from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from directory.models import AuditEntryBase, TimeStampedModel
from directory.translation import translated

from .currencies import money_text


class Donor(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental")
        PRIVATE = "private", _("Private")
        FOUNDATION = "foundation", _("Foundation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    country = CountryField(_("country"), blank=True)
    acknowledged_by_name = models.BooleanField(
        _("acknowledged by name"), default=True, help_text=_("Whether public pages may name this donor.")
    )
    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=60,
        blank=True,
        help_text=_("For example XM-DAC-10 for Sweden; used as provider-org/@ref in the IATI file."),
    )

    TRANSLATED_FIELDS = ("name",)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the reader's language, English where it is not translated."""
        return translated(self, "name")


class DonorContact(models.Model):
    """A portal user who speaks for a donor and sees that donor's records, and no other's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="donor_contact"
    )
    donor = models.ForeignKey(Donor, verbose_name=_("donor"), on_delete=models.CASCADE, related_name="contacts")

    class Meta:
        verbose_name = _("donor contact")
        verbose_name_plural = _("donor contacts")

    def __str__(self) -> str:
        return f"{self.user} ({self.donor})"


class CostLine(models.TextChoices):
    PARTICIPATION = "participation", _("Funded participation")
    VENUE = "venue", _("Venue")
    INTERPRETATION = "interpretation", _("Interpretation")
    DOCUMENTS = "documents", _("Documents")
    OTHER = "other", _("Other")


class Contribution(TimeStampedModel):
    """Money a donor gives for one IDM year: pledged, then committed, then paid.

    Earmark: the year's programme as a whole (no workshop), or one workshop, optionally one of its
    cost lines. Only committed or paid money counts as coverage (OCHA FTS); pledges are shown apart.
    """

    class Stage(models.TextChoices):
        PLEDGE = "pledge", _("Pledge")
        COMMITMENT = "commitment", _("Commitment")
        PAID = "paid", _("Paid")

    donor = models.ForeignKey(Donor, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="contributions")
    year = models.ForeignKey(
        "workshops.DialogueYear", verbose_name=_("IDM year"), on_delete=models.PROTECT, related_name="contributions"
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        verbose_name=_("earmarked for workshop"),
        on_delete=models.PROTECT,
        related_name="contributions",
        null=True,
        blank=True,
        help_text=_("Empty: for the year's workshop programme as a whole."),
    )
    cost_line = models.CharField(_("earmarked for cost line"), max_length=20, choices=CostLine, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage, default=Stage.PLEDGE)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=3)
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3)
    usd_rate = models.DecimalField(
        _("exchange rate to USD"),
        max_digits=18,
        decimal_places=8,
        help_text=_("US dollars for one unit of the currency; indicative for a pledge, recorded at commitment."),
    )
    usd_amount = models.DecimalField(_("amount in USD"), max_digits=14, decimal_places=2)
    pledged_on = models.DateField(_("pledged on"), null=True, blank=True)
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    agreement_reference = models.CharField(_("agreement reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-year__year", "donor__name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contribution_amount_positive"),
            models.CheckConstraint(condition=Q(usd_rate__gt=0), name="contribution_rate_positive"),
            models.CheckConstraint(
                condition=Q(workshop__isnull=False) | Q(cost_line=""), name="contribution_cost_line_needs_workshop"
            ),
            models.CheckConstraint(
                condition=Q(stage="pledge") | Q(committed_on__isnull=False), name="contribution_commitment_has_date"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "stage"], name="contribution_year_stage_idx"),
            # A year's contributions by donor name (the dashboard reads the donors in name order, each
            # one's of the year, and stops at 50); a donor's by year (the donor portal).
            models.Index(fields=["donor", "year", "id"], name="contribution_donor_year"),
        ]

    def __str__(self) -> str:
        return f"{self.donor} – {self.earmark_label}"

    @property
    def earmark_label(self) -> str:
        if self.workshop_id is None:
            return str(_("IDM %(year)s programme") % {"year": self.year.year})
        if self.cost_line:
            return f"{self.workshop} ({self.get_cost_line_display()})"
        return str(self.workshop)

    @property
    def counts(self) -> bool:
        """Committed or paid money counts towards coverage; a pledge never does."""
        return self.stage != self.Stage.PLEDGE


class Payment(TimeStampedModel):
    """Money received for a contribution, in the contribution's currency; never above the commitment."""

    contribution = models.ForeignKey(
        Contribution, verbose_name=_("contribution"), on_delete=models.PROTECT, related_name="payments"
    )
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=3)
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3)
    usd_amount = models.DecimalField(_("amount in USD"), max_digits=14, decimal_places=2)
    reference = models.CharField(_("bank reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["received_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{money_text(self.amount, self.currency)} {self.currency} ({self.received_on})"


class LineTotal(models.Model):
    """The money of one IDM year's contributions with the same earmark (a workshop and cost line, or the
    year's programme: no workshop), summed as ``queries.stage_sums`` sums the records: written by the
    contribution and payment services in the transaction of each change, under the year's row lock they
    take first (``services.totals``), so the year's figures read a row an earmark, not every contribution."""

    year = models.ForeignKey("workshops.DialogueYear", on_delete=models.CASCADE, related_name="+")
    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, null=True, related_name="+")
    cost_line = models.CharField(max_length=20, choices=CostLine, blank=True)
    pledged = models.DecimalField(max_digits=16, decimal_places=2)
    committed = models.DecimalField(max_digits=16, decimal_places=2)
    paid = models.DecimalField(max_digits=16, decimal_places=2)
    programme = models.DecimalField(max_digits=16, decimal_places=2)  # committed, no workshop

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "workshop", "cost_line"],
                condition=Q(workshop__isnull=False),
                name="line_total_one_per_earmark",
            ),
            models.UniqueConstraint(
                fields=["year"], condition=Q(workshop__isnull=True), name="line_total_one_programme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year_id} {self.workshop_id} {self.cost_line}"


class BudgetLine(TimeStampedModel):
    """One cost line of a workshop's budget, in US dollars. Funded participation = seats × unit cost."""

    workshop = models.ForeignKey(
        "workshops.Workshop", verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    cost_line = models.CharField(_("cost line"), max_length=20, choices=CostLine)
    description = models.CharField(_("description"), max_length=200, blank=True)
    seats = models.PositiveIntegerField(_("funded seats budgeted"), null=True, blank=True)
    unit_cost = models.DecimalField(
        _("cost per funded participant (USD)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["workshop", "cost_line"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "cost_line"], name="one_budget_line_per_cost_line"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_not_negative"),
            models.CheckConstraint(
                condition=~Q(cost_line="participation") | (Q(seats__isnull=False) & Q(unit_cost__gt=0)),
                name="participation_line_has_seats_and_unit_cost",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop} – {self.get_cost_line_display()}"


class Allocation(TimeStampedModel):
    """Unearmarked money of the year assigned by the secretariat to one workshop (USD)."""

    workshop = models.ForeignKey(
        "workshops.Workshop", verbose_name=_("workshop"), on_delete=models.PROTECT, related_name="allocations"
    )
    cost_line = models.CharField(_("cost line"), max_length=20, choices=CostLine, blank=True)
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2)
    allocated_on = models.DateField(_("allocated on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["allocated_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount_usd__gt=0), name="allocation_amount_positive")]

    def __str__(self) -> str:
        return f"{money_text(self.amount_usd)} USD → {self.workshop}"


class Expenditure(TimeStampedModel):
    """Money actually spent on one cost line of a workshop, charged to one source.

    The source is a committed contribution earmarked for the workshop (or for the cost line), or
    programme money allocated to the workshop: exactly one of ``contribution`` and ``allocation``.
    Written only by ``funding.services.record_expenditure`` and its correct/reverse siblings, which
    decide under the source's row lock that the source is never charged beyond what it holds.
    A reversed expenditure stays on record (with why and when) and no longer counts as spent.
    """

    workshop = models.ForeignKey(
        "workshops.Workshop", verbose_name=_("workshop"), on_delete=models.PROTECT, related_name="expenditures"
    )
    cost_line = models.CharField(_("cost line"), max_length=20, choices=CostLine)
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=3)
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3)
    usd_rate = models.DecimalField(
        _("exchange rate to USD"), max_digits=18, decimal_places=8, help_text=_("US dollars for one unit.")
    )
    usd_amount = models.DecimalField(_("amount in USD"), max_digits=14, decimal_places=2)
    description = models.CharField(_("description"), max_length=300)
    reference = models.CharField(_("reference"), max_length=100, blank=True, help_text=_("Invoice or voucher."))
    source_ref = models.CharField(
        _("posted by"),
        max_length=100,
        blank=True,
        help_text=_("The record that posted it (e.g. travel:ticket:12); one expenditure per such record."),
    )
    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("charged to contribution"),
        on_delete=models.PROTECT,
        related_name="expenditures",
        null=True,
        blank=True,
    )
    allocation = models.ForeignKey(
        "funding.Allocation",
        verbose_name=_("charged to allocation"),
        on_delete=models.PROTECT,
        related_name="expenditures",
        null=True,
        blank=True,
    )
    registration = models.ForeignKey(
        "workshops.Registration",
        verbose_name=_("for the participant"),
        on_delete=models.PROTECT,
        related_name="expenditures",
        null=True,
        blank=True,
        help_text=_("A funded participant's ticket or DSA: counted (never named) in what a donor's money bought."),
    )
    reversed_on = models.DateField(_("reversed on"), null=True, blank=True)
    reversal_reason = models.CharField(_("reason for the reversal"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["-spent_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expenditure_amount_positive"),
            models.CheckConstraint(condition=Q(usd_rate__gt=0), name="expenditure_rate_positive"),
            models.CheckConstraint(
                condition=Q(contribution__isnull=True, allocation__isnull=False)
                | Q(contribution__isnull=False, allocation__isnull=True),
                name="expenditure_one_source",
            ),
            models.UniqueConstraint(
                fields=["source_ref"], condition=~Q(source_ref=""), name="expenditure_one_per_source_ref"
            ),
        ]
        indexes = [
            models.Index(fields=["workshop", "cost_line"], name="expenditure_workshop_line_idx"),
            models.Index(fields=["spent_on", "id"], name="expenditure_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} {money_text(self.amount, self.currency)} {self.currency} – {self.description}"

    @property
    def is_reversed(self) -> bool:
        return self.reversed_on is not None


class EarlyConfirmation(models.Model):
    """The secretariat confirmed a workshop before its budget was covered, and why."""

    workshop = models.OneToOneField(
        "workshops.Workshop", verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="early_confirmation"
    )
    reason = models.TextField(_("reason"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("early confirmation")
        verbose_name_plural = _("early confirmations")

    def __str__(self) -> str:
        return str(self.workshop)


class AuditEntry(AuditEntryBase):
    """One change to funding records: who, when, what, the values before and after."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        DELETED = "deleted", _("Deleted")

    class Kind(models.TextChoices):
        DONOR = "donor", _("Donor")
        CONTRIBUTION = "contribution", _("Contribution")
        PAYMENT = "payment", _("Payment")
        BUDGET_LINE = "budget_line", _("Budget line")
        ALLOCATION = "allocation", _("Allocation")
        EARLY_CONFIRMATION = "early_confirmation", _("Early confirmation")
        EXPENDITURE = "expenditure", _("Expenditure")

    action = models.CharField(_("action"), max_length=10, choices=Action)
    kind = models.CharField(_("record"), max_length=20, choices=Kind)
    object_id = models.PositiveBigIntegerField(_("record number"))
    summary = models.CharField(_("summary"), max_length=300)
    year = models.ForeignKey(
        "workshops.DialogueYear", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    donor = models.ForeignKey(Donor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    contribution = models.ForeignKey(
        Contribution, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # "" through the pages; through the API, the token it was made with ('API token “sync”').
    via = models.CharField(_("through"), max_length=120, blank=True)

    class Meta(AuditEntryBase.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit history")
        # The history pages read the newest 50, of all or of one year, workshop, donor or contribution.
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_newest"),
            models.Index(fields=["year", "-at", "-id"], name="audit_year_newest"),
            models.Index(fields=["workshop", "-at", "-id"], name="audit_workshop_newest"),
            models.Index(fields=["donor", "-at", "-id"], name="audit_donor_newest"),
            models.Index(fields=["contribution", "-at", "-id"], name="audit_contribution_newest"),
        ]

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """(field, before, after) for every field whose value differs."""
        names = list(dict.fromkeys([*self.before, *self.after]))
        return [
            (name, self.before.get(name, ""), self.after.get(name, ""))
            for name in names
            if self.before.get(name, "") != self.after.get(name, "")
        ]
