from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from directory.forms import DateInput, LanguageGroupsMixin, ReaderOrderChoiceField
from workshops.models import DialogueYear, Workshop

from . import queries
from .currencies import CURRENCY_CHOICES, USD
from .models import AuditEntry, Contribution, CostLine, Donor

MONEY = {"max_digits": 16, "decimal_places": 3}
USD_MONEY = {"max_digits": 14, "decimal_places": 2}
UNKNOWN_CURRENCY = _(
    "%(value)s is not an ISO 4217 currency code; choose one from the list (for example USD, EUR, CHF)."
)
NOT_NEGATIVE = _("The amount must be above zero.")
PROGRAMME = ""


class CurrencyField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Currency (ISO 4217)"))
        kwargs.setdefault("choices", CURRENCY_CHOICES)
        kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_CURRENCY})
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class PositiveDecimalField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", None)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and value <= 0:
            raise ValidationError(NOT_NEGATIVE, code="not_positive")


class DonorForm(LanguageGroupsMixin, forms.ModelForm):
    class Meta:
        model = Donor
        fields = ["name", "name_fr", "name_es", "kind", "country", "acknowledged_by_name", "iati_identifier"]


class DonorContactForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the contact's portal account"))


class ContributionForm(forms.Form):
    donor = ReaderOrderChoiceField(label=_("Donor"), queryset=Donor.objects.all())
    year = forms.ModelChoiceField(label=_("IDM year"), queryset=DialogueYear.objects.all())
    workshop = forms.ModelChoiceField(
        label=_("Earmarked for"),
        queryset=Workshop.objects.select_related("year"),
        required=False,
        empty_label=_("The year's workshop programme as a whole"),
    )
    cost_line = forms.ChoiceField(
        label=_("Cost line"),
        choices=[("", _("The workshop as a whole"))] + list(CostLine.choices),
        required=False,
        help_text=_("Only for money earmarked for one workshop."),
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[(Contribution.Stage.PLEDGE, _("Pledge")), (Contribution.Stage.COMMITMENT, _("Commitment"))],
    )
    amount = PositiveDecimalField(label=_("Amount"), **MONEY)
    currency = CurrencyField()
    usd_rate = PositiveDecimalField(
        label=_("Exchange rate to USD"),
        max_digits=18,
        decimal_places=8,
        required=False,
        help_text=_("US dollars for one unit of the currency (not needed for USD). Indicative for a pledge."),
    )
    pledged_on = forms.DateField(label=_("Pledged on"), required=False, widget=DateInput())
    committed_on = forms.DateField(label=_("Committed on"), required=False, widget=DateInput())
    agreement_reference = forms.CharField(label=_("Agreement reference"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].label_from_instance = lambda w: f"{w.year.year} – {w.title}"
        if editing:
            del self.fields["stage"]

    def clean(self):
        cleaned = super().clean()
        workshop, year = cleaned.get("workshop"), cleaned.get("year")
        if workshop is not None and year is not None and workshop.year_id != year.pk:
            self.add_error("workshop", _("This workshop belongs to IDM %(year)s.") % {"year": workshop.year.year})
        if workshop is None and cleaned.get("cost_line"):
            self.add_error("cost_line", _("A cost line can only be earmarked within one workshop."))
        if cleaned.get("currency") == USD:
            cleaned["usd_rate"] = Decimal(1)
        return cleaned


class CommitForm(forms.Form):
    committed_on = forms.DateField(label=_("Committed on"), widget=DateInput(), initial=timezone.localdate)
    usd_rate = PositiveDecimalField(
        label=_("Exchange rate to USD at commitment"),
        max_digits=18,
        decimal_places=8,
        required=False,
        help_text=_("US dollars for one unit of the currency (not needed for USD)."),
    )
    amount = PositiveDecimalField(
        label=_("Committed amount"), required=False, help_text=_("Leave empty to commit the amount pledged."), **MONEY
    )
    agreement_reference = forms.CharField(label=_("Agreement reference"), max_length=100, required=False)


class PaymentForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DateInput(), initial=timezone.localdate)
    amount = PositiveDecimalField(label=_("Amount"), **MONEY)
    currency = CurrencyField()
    reference = forms.CharField(label=_("Bank reference"), max_length=100, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class BudgetForm(forms.Form):
    participation_seats = forms.IntegerField(label=_("Funded seats"), min_value=0, required=False)
    participation_unit_cost = PositiveDecimalField(
        label=_("Cost per funded participant (USD)"),
        required=False,
        help_text=_("Travel, subsistence and insurance of one delegate from a developing country."),
        **USD_MONEY,
    )
    participation_description = forms.CharField(label=_("Description"), max_length=200, required=False)
    venue = forms.DecimalField(label=_("Amount (USD)"), required=False, **USD_MONEY)
    venue_description = forms.CharField(label=_("Description"), max_length=200, required=False)
    interpretation = forms.DecimalField(label=_("Amount (USD)"), required=False, **USD_MONEY)
    interpretation_description = forms.CharField(label=_("Description"), max_length=200, required=False)
    documents = forms.DecimalField(label=_("Amount (USD)"), required=False, **USD_MONEY)
    documents_description = forms.CharField(label=_("Description"), max_length=200, required=False)
    other = forms.DecimalField(label=_("Amount (USD)"), required=False, **USD_MONEY)
    other_description = forms.CharField(label=_("Description"), max_length=200, required=False)

    AMOUNT_LINES = (CostLine.VENUE, CostLine.INTERPRETATION, CostLine.DOCUMENTS, CostLine.OTHER)

    def clean(self):
        cleaned = super().clean()
        for name in self.AMOUNT_LINES:
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("A budget amount cannot be negative."))
        seats, unit_cost = cleaned.get("participation_seats"), cleaned.get("participation_unit_cost")
        if (seats is None) != (unit_cost is None) and "participation_unit_cost" not in self.errors:
            self.add_error(
                "participation_seats" if seats is None else "participation_unit_cost",
                _("Give both the number of funded seats and the cost per participant."),
            )
        return cleaned

    def lines(self) -> dict[str, dict]:
        data = self.cleaned_data
        lines = {
            CostLine.PARTICIPATION: {
                "seats": data["participation_seats"],
                "unit_cost": data["participation_unit_cost"],
                "description": data["participation_description"],
            }
        }
        for name in self.AMOUNT_LINES:
            lines[name] = {"amount": data[name], "description": data[f"{name}_description"]}
        return lines

    @staticmethod
    def initial_from(lines) -> dict:
        initial = {}
        for line in lines:
            if line.cost_line == CostLine.PARTICIPATION:
                initial["participation_seats"] = line.seats
                initial["participation_unit_cost"] = line.unit_cost
            else:
                initial[line.cost_line] = line.amount
            initial[f"{line.cost_line}_description"] = line.description
        return initial


class AllocationForm(forms.Form):
    amount_usd = PositiveDecimalField(label=_("Amount (USD)"), **USD_MONEY)
    cost_line = forms.ChoiceField(
        label=_("Cost line"), choices=[("", _("The workshop as a whole"))] + list(CostLine.choices), required=False
    )
    allocated_on = forms.DateField(label=_("Allocated on"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


def _search_input(url_name: str, target: str, **attrs) -> forms.TextInput:
    """A search box that, as one types, replaces the options of the list ``target`` with the matches
    (htmx); without script, the filter form's button does the same search."""
    return forms.TextInput(
        attrs={
            "type": "search",
            "autocomplete": "off",
            "hx-get": reverse_lazy(url_name),
            "hx-trigger": "input changed delay:300ms, search",
            "hx-target": "#" + target,
            "aria-controls": target,
            **attrs,
        }
    )


class FilterSelect(forms.Select):
    """Django's select, written as Django writes it but without a template include per option (the
    audit filters render four of them on every page)."""

    template_name = "funding/widgets/select.html"


def _attrs(attrs: dict) -> str:
    """``django/forms/attrs.html``: `` name="value"`` each, a bare name for True, nothing for False."""
    return "".join(
        " %s" % name if value is True else ' %s="%s"' % (name, escape(str(value)))
        for name, value in attrs.items()
        if value is not False
    )


def _label(context: dict) -> str:
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    return "<%s%s>%s</%s>" % (context["tag"], _attrs(context["attrs"] or {}), label, context["tag"])


def _select(context: dict) -> str:
    widget = context["widget"]
    options = "".join(
        '\n  <option value="%s"%s>%s</option>'
        % (escape(str(option["value"])), " selected" if option["selected"] else "", conditional_escape(option["label"]))
        for _name, group, _index in widget["optgroups"]
        for option in group
    )
    return '<select name="%s"%s>%s\n</select>' % (escape(widget["name"]), _attrs(widget["attrs"]), options)


def _input(context: dict) -> str:
    widget = context["widget"]
    value = "" if widget["value"] is None else ' value="%s"' % escape(str(widget["value"]))
    return '<input type="%s" name="%s"%s%s>' % (widget["type"], escape(widget["name"]), value, _attrs(widget["attrs"]))


class FilterRenderer(DjangoTemplates):
    """Writes a filter form's labels, selects and text boxes in Python, the HTML Django's templates
    write (the template engine costs more than the rest of the audit page's filters); any other
    template is Django's."""

    writers = {
        "django/forms/label.html": _label,
        FilterSelect.template_name: _select,
        "django/forms/widgets/text.html": _input,
    }

    def render(self, template_name, context, request=None):
        write = self.writers.get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        return mark_safe(write(context))  # noqa: S308 - every value escaped above


class AuditFilterForm(forms.Form):
    """The workshop and donor lists offer the chosen record and the matches of their search box, not
    every workshop and donor: the page costs the same with 1,000 workshops as with 10."""

    default_renderer = FilterRenderer()

    year = forms.ModelChoiceField(
        label=_("IDM year"),
        queryset=DialogueYear.objects.all(),
        required=False,
        empty_label=_("All years"),
        widget=FilterSelect,
    )
    donor_search = forms.CharField(
        label=_("Find a donor"),
        required=False,
        max_length=100,
        widget=_search_input("funding:audit_filter_options", "id_donor"),
    )
    donor = forms.ModelChoiceField(
        label=_("Donor"), queryset=Donor.objects.all(), required=False, empty_label=_("All donors"), widget=FilterSelect
    )
    workshop_search = forms.CharField(
        label=_("Find a workshop"),
        required=False,
        max_length=100,
        widget=_search_input("funding:audit_filter_options", "id_workshop"),
    )
    workshop = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=Workshop.objects.select_related("year"),
        required=False,
        empty_label=_("All workshops"),
        widget=FilterSelect,
    )
    kind = forms.ChoiceField(
        label=_("Record"),
        choices=[("", _("All records"))] + list(AuditEntry.Kind.choices),
        required=False,
        widget=FilterSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data = self.data
        donors = queries.donors_to_filter(search=data.get("donor_search", ""), selected=data.get("donor", ""))
        workshops = queries.workshops_to_filter(
            search=data.get("workshop_search", ""), selected=data.get("workshop", "")
        )
        # Only the rendering is limited: a submitted value is still checked against every record.
        # The years listed once (a model choice field's own listing opens a server-side cursor).
        self.fields["year"].widget.choices = filter_choices(_("All years"), queries.years_to_filter())
        self.fields["donor"].widget.choices = filter_choices(_("All donors"), donors)
        self.fields["workshop"].widget.choices = filter_choices(_("All workshops"), workshops)


def filter_choices(empty_label, records) -> list[tuple[str, str]]:
    return [("", empty_label)] + [(str(record.pk), str(record)) for record in records]


# --- Expenditures ----------------------------------------------------------------------------

AUTOMATIC = ""
RATE = {"max_digits": 18, "decimal_places": 8}


class ExpenditureForm(forms.Form):
    """What was spent on one workshop; the source is one of that workshop's own (the list holds no
    other), or the first that holds enough. The service decides whether the money is there."""

    spent_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    cost_line = forms.ChoiceField(label=_("Cost line"), choices=CostLine.choices)
    amount = PositiveDecimalField(label=_("Amount"), **MONEY)
    currency = CurrencyField(initial=USD)
    usd_rate = PositiveDecimalField(
        label=_("Exchange rate to USD"),
        required=False,
        help_text=_("US dollars for one unit of the currency; not needed for USD."),
        **RATE,
    )
    description = forms.CharField(label=_("Description"), max_length=300)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    source = forms.ChoiceField(label=_("Charged to"), required=False)

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = {key: source for key, _label, source in sources}
        self.fields["source"].choices = [(AUTOMATIC, _("The first source that holds enough"))] + [
            (key, label) for key, label, _source in sources
        ]

    def clean_spent_on(self):
        value = self.cleaned_data["spent_on"]
        if value.year < 1900 or value > timezone.localdate():
            raise ValidationError(_("Give the date it was spent: from 1900 to today, not in the future."))
        return value

    def clean_source(self):
        return self.sources.get(self.cleaned_data["source"])


class ExpenditureCorrectionForm(ExpenditureForm):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)


class ExpenditureFilterForm(forms.Form):
    year = forms.ModelChoiceField(
        label=_("IDM year"),
        queryset=DialogueYear.objects.all(),
        required=False,
        empty_label=_("All years"),
        widget=FilterSelect,
    )
    cost_line = forms.ChoiceField(
        label=_("Cost line"), choices=[("", _("All cost lines"))] + list(CostLine.choices), required=False
    )
    state = forms.ChoiceField(
        label=_("Shown"),
        choices=[("", _("Standing")), ("reversed", _("Reversed")), ("all", _("All"))],
        required=False,
    )
    q = forms.CharField(label=_("Description or reference"), max_length=100, required=False)
