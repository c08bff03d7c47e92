"""The secretariat's registration queue: its filters, seats, decisions one by one or in bulk, and
messages to the participants."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _

from directory.forms import MemberStateChoiceField
from directory.hardening import MAX_SEATS

from .models import Registration, Workshop


class PlainSelect(forms.Select):
    """The markup of Django's ``<select>`` written in Python: Django renders every ``<option>`` through
    a template, which for the member states of a busy workshop cost a few milliseconds on each page of
    the queue; each option escaped as ``format_html`` escapes it, without its machinery. Flat choices
    only (no groups), one value."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(each) for each in self.format_value(value)}
        options = []
        for option, label in self.choices:
            text = str(option)
            shown = label if isinstance(label, SafeData) else escape(str(label))
            selected = " selected" if text in chosen else ""
            options.append('<option value="%s"%s>%s</option>' % (escape(text), selected, shown))
        final = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, final, mark_safe("".join(options)))  # noqa: S308


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All"))] + Registration.Status.choices,
        required=False,
        widget=PlainSelect,
    )
    member_state = MemberStateChoiceField(
        label=_("Member state"), required=False, empty_label=_("All"), widget=PlainSelect
    )
    funded = forms.ChoiceField(
        label=_("Funded participation"),
        required=False,
        widget=PlainSelect,
        choices=[
            ("", _("All")),
            ("any", _("Asked for")),
            ("requested", _("Waiting for a decision")),
            ("approved", _("Approved")),
            ("refused", _("Refused")),
            ("none", _("Not asked for")),
        ],
    )

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_state"].queryset = states

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        state = self.cleaned_data["member_state"]
        return {
            "status": self.cleaned_data["status"],
            "member_state_id": state.pk if state else None,
            "funded": self.cleaned_data["funded"],
        }


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Seats"), min_value=0, max_value=MAX_SEATS)


class BulkDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm")), ("waitlist", _("Waitlist")), ("decline", _("Decline"))],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when declining; sent to each participant."),
    )
    registrations = forms.ModelMultipleChoiceField(
        label=_("Registrations"), queryset=Registration.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = Registration.objects.filter(workshop=workshop)
        self.fields["registrations"].error_messages["required"] = _("Tick at least one registration.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for declining; it is sent to the participants."))
        return cleaned


class RegistrationDecisionForm(forms.Form):
    ACTIONS = [
        ("confirm", _("Confirm")),
        ("waitlist", _("Waitlist")),
        ("decline", _("Decline")),
        ("cancel", _("Cancel")),
        ("attended", _("Mark as attended")),
    ]
    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when declining; sent to the participant."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for declining; it is sent to the participant."))
        return cleaned


class FundingDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when refusing; sent to the participant."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for refusing; it is sent to the participant."))
        return cleaned


class ParticipantMessageForm(forms.Form):
    """Who to write to (the queue's filters, and checked in or not) and what, in three languages."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("With a seat (confirmed or attended)"))] + Registration.Status.choices,
    )
    member_state = MemberStateChoiceField(label=_("Member state"), required=False, empty_label=_("All"))
    funded = forms.ChoiceField(
        label=_("Funded participation"),
        required=False,
        choices=[("", _("All")), ("approved", _("Funded")), ("none", _("Not funded"))],
    )
    checked_in = forms.ChoiceField(
        label=_("Checked in"),
        required=False,
        choices=[("", _("All")), ("yes", _("Checked in at least once")), ("no", _("Never checked in"))],
    )
    copy_focal_points = forms.BooleanField(
        label=_("Copy the focal points on the messages to their delegation"), required=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))
    subject_fr = forms.CharField(label=_("Subject (French)"), max_length=200, required=False)
    body_fr = forms.CharField(
        label=_("Message (French)"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    subject_es = forms.CharField(label=_("Subject (Spanish)"), max_length=200, required=False)
    body_es = forms.CharField(
        label=_("Message (Spanish)"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    expected_count = forms.IntegerField(required=False, min_value=0, max_value=10**6, widget=forms.HiddenInput)

    FILTERS = ("status", "member_state", "funded", "checked_in")
    TEXTS = ("subject", "body", "subject_fr", "body_fr", "subject_es", "body_es")

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_state"].queryset = states

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "status": data["status"],
            "member_state_id": data["member_state"].pk if data["member_state"] else None,
            "funded": data["funded"],
            "checked_in": data["checked_in"],
        }

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.TEXTS}
