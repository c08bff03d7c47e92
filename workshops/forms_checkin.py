"""The day of the workshop: check-in at the door, the attendance of a day, a badge's category and name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DATE
from .models import Registration


class CheckInForm(forms.Form):
    """What the door sends: the code a badge's QR carries, or the registration found by name."""

    token = forms.CharField(label=_("Badge code"), max_length=200, required=False, strip=True)
    registration = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("token") and not data.get("registration"):
            raise forms.ValidationError(_("Scan a badge, type its code, or find the participant by name."))
        return data


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or member state"), max_length=100, required=False, strip=True)


class AttendanceDayForm(forms.Form):
    day = forms.DateField(label=_("Day"), required=False, widget=DATE)


class BadgeForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["category", "badge_name"]
