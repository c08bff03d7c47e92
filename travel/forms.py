from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.forms import DateInput
from workshops.models import Workshop

from . import progress
from .models import DsaRate, InvitationLetter, TravelAttachment, TravelFile
from .services import ITINERARY

DATE = DateInput()


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


# --- Invitation letters -------------------------------------------------------------------------------


class LetterRequestForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the letter"),
        choices=settings.LANGUAGES,
        help_text=_("The language the consulate reads; the letter is issued in English, French or Spanish."),
    )
    note = forms.CharField(
        label=_("Note for the secretariat (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the consulate the letter goes to."),
    )


class LetterDecisionForm(forms.Form):
    """Approve: nothing to say. The button is the decision."""


class LetterReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the traveller)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LetterQueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + InvitationLetter.Status.choices, required=False
    )
    workshop = forms.ModelChoiceField(label=_("Workshop"), queryset=Workshop.objects.none(), required=False)
    q = forms.CharField(label=_("Name, member state or reference"), max_length=100, required=False)

    def __init__(self, *args, workshops=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workshops is not None:
            self.fields["workshop"].queryset = workshops
