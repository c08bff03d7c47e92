from django import forms
from django.core.validators import MaxValueValidator
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import progress
from .models import DsaRate, TravelAttachment, TravelFile
from .services import ITINERARY

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _dated(fields: dict) -> dict:
    for field in fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DATE
    return fields


class TravellerDetailsForm(forms.Form):
    """The passport details, as the traveller (or their focal point) enters them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_dated(fields_for_model(TravelFile, fields=progress.DETAIL_FIELDS)))
        for field in self.fields.values():
            field.required = True


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it is"), choices=TravelAttachment.Kind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))


class ItineraryForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_dated(fields_for_model(TravelFile, fields=ITINERARY)))
        self.fields["duty_station"].required = True
        self.fields["travel_days"].max_value = 10
        self.fields["travel_days"].validators.append(MaxValueValidator(10))


class TicketForm(forms.Form):
    purchase = forms.ChoiceField(label=_("Ticket"), choices=TravelFile.Purchase.choices[1:], widget=forms.RadioSelect)
    booking_reference = forms.CharField(
        label=_("Booking reference"), max_length=40, required=False, help_text=_("For a ticket the secretariat booked.")
    )
    fare = forms.DecimalField(label=_("Fare"), max_digits=14, decimal_places=3, min_value=0)
    fare_currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, initial="USD")
    fare_usd_rate = forms.DecimalField(
        label=_("Exchange rate to USD"),
        max_digits=18,
        decimal_places=8,
        required=False,
        help_text=_("US dollars for one unit of the currency; not needed for USD."),
    )
    ticket_class = forms.ChoiceField(label=_("Class"), choices=TravelFile.TicketClass.choices)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE, initial=timezone.localdate)


class ReimbursementForm(forms.Form):
    reimbursed_on = forms.DateField(label=_("Reimbursed on"), widget=DATE, initial=timezone.localdate)


class DsaPaymentForm(forms.Form):
    payment = forms.ChoiceField(label=_("Paid as"), choices=TravelFile.DsaPayment.choices[1:], widget=forms.RadioSelect)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=timezone.localdate)


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=_("Attendance"), choices=TravelFile.Attendance.choices[1:])


class ConfirmTravelForm(forms.Form):
    travelled_on = forms.DateField(label=_("Travel confirmed on"), widget=DATE, initial=timezone.localdate)


class SettleForm(forms.Form):
    settled_on = forms.DateField(label=_("Settled on"), widget=DATE, initial=timezone.localdate)


class DsaRateForm(forms.ModelForm):
    class Meta:
        model = DsaRate
        fields = ["duty_station", "rate_usd", "applies_from", "note"]
        widgets = {"applies_from": DATE}


class DeskFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All"))] + TravelFile.Status.choices, required=False)
    funded = forms.ChoiceField(
        label=_("Travel"),
        choices=[("", _("All")), ("funded", _("Paid by IOM")), ("self", _("Self-funded (letter only)"))],
        required=False,
    )
    q = forms.CharField(label=_("Name or member state"), max_length=100, required=False)
