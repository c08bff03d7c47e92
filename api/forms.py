import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.forms import DateInput

from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=50, help_text=_("What will use it, for example “badge printer”.")
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        help_text=_("One year at most."),
    )
    scope = forms.ChoiceField(
        label=_("What it may do"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=90)
