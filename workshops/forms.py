from html import escape

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _

from directory.forms import DateInput, DateTimeInput, LanguageGroupsMixin, MemberStateChoiceField
from directory.hardening import MAX_SEATS
from directory.models import Person

from .models import AgendaItem, AgendaSpeaker, DialogueYear, Registration, Workshop, WorkshopDocument

DATE = DateInput()
DATETIME = DateTimeInput()


class DialogueYearForm(LanguageGroupsMixin, forms.ModelForm):
    class Meta:
        model = DialogueYear
        fields = [
            "year",
            "is_current",
            "theme",
            "description",
            "theme_selection",
            "theme_fr",
            "description_fr",
            "theme_selection_fr",
            "theme_es",
            "description_es",
            "theme_selection_es",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "theme_selection": forms.Textarea(attrs={"rows": 2}),
        }


class WorkshopForm(LanguageGroupsMixin, forms.ModelForm):
    slug = forms.SlugField(
        label=_("Address"), max_length=120, required=False, help_text=_("Left empty, it is made from the title.")
    )

    class Meta:
        model = Workshop
        fields = [
            "year",
            "title",
            "slug",
            "start_date",
            "end_date",
            "venue",
            "description",
            "guiding_questions",
            "title_fr",
            "venue_fr",
            "description_fr",
            "guiding_questions_fr",
            "title_es",
            "venue_es",
            "description_es",
            "guiding_questions_es",
            "capacity",
            "requires_approval",
            "registration_opens",
            "registration_closes",
            "status",
            "funded_seats",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "registration_opens": DATETIME,
            "registration_closes": DATETIME,
            "description": forms.Textarea(attrs={"rows": 10}),
            "guiding_questions": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "funded_seats": _("Seats whose travel is paid for; the funding pages keep this up to date from the money."),
            "capacity": _(
                "Lowering it below the confirmed participants is refused; raising it confirms the waiting list, "
                "after showing who moves up."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        opens, closes = cleaned.get("registration_opens"), cleaned.get("registration_closes")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", _("Registration must close after it opens."))
        if bool(opens) != bool(closes):
            self.add_error(None, _("Give both the opening and the closing of registration, or neither."))
        return cleaned


class AgendaItemForm(LanguageGroupsMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "starts_at",
            "ends_at",
            "kind",
            "title",
            "description",
            "title_fr",
            "description_fr",
            "title_es",
            "description_es",
        ]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "description": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The item cannot end before it starts."))
        return cleaned


class AgendaSpeakerForm(forms.ModelForm):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.select_related("organisation", "member_state")
    )

    class Meta:
        model = AgendaSpeaker
        fields = ["person", "role"]


class DocumentUploadForm(LanguageGroupsMixin, forms.Form):
    translated_fields = ("title",)

    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX or PPTX, at most 20 MB."))
    kind = forms.ChoiceField(label=_("Kind"), choices=WorkshopDocument.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    title_fr = forms.CharField(max_length=300, required=False)
    title_es = forms.CharField(max_length=300, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")
    is_public = forms.BooleanField(
        label=_("Public"), required=False, initial=True, help_text=_("Otherwise only confirmed participants see it.")
    )


class DocumentEditForm(LanguageGroupsMixin, forms.ModelForm):
    class Meta:
        model = WorkshopDocument
        fields = ["kind", "language", "is_public", "title", "title_fr", "title_es"]


FILE_AGAIN = _("Choose the file again: a chosen file is not kept when the form has an error.")


class RegistrationOptionsForm(forms.Form):
    """What is said when registering and can be changed until registration closes: consent, head of
    delegation (focal point), note verbale (focal point), funded participation (eligible states)."""

    head_of_delegation = forms.BooleanField(label=_("Head of delegation"), required=False)
    replace_head = forms.BooleanField(label=_("Make this person head of delegation instead"), required=False)
    note_verbale = forms.FileField(label=_("Note verbale (PDF)"), required=False)
    consent_to_publish = forms.BooleanField(
        label=_("The participant agrees to appear on the published list of participants"), required=False
    )
    request_funding = forms.BooleanField(label=_("Ask for funded participation (travel paid by IOM)"), required=False)
    travel_from = forms.CharField(
        label=_("Travelling from"), max_length=200, required=False, help_text=_("City and country of departure.")
    )
    funding_reason = forms.CharField(
        label=_("Why funded participation is needed"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def setup_options(self, *, focal_point: bool, eligible: bool, own: bool, current_head=None) -> None:
        if own and not focal_point:
            self.fields["consent_to_publish"].label = _("I agree to appear on the published list of participants")
        if not focal_point:
            for name in ("head_of_delegation", "replace_head", "note_verbale"):
                self.fields.pop(name, None)
        elif current_head is not None:
            self.fields["head_of_delegation"].help_text = _(
                "Now %(person)s is head of delegation for this workshop."
            ) % {"person": current_head.person}
            self.fields["replace_head"].label = _("Make this person head of delegation instead of %(person)s") % {
                "person": current_head.person
            }
        else:
            self.fields.pop("replace_head", None)
        if not eligible:
            for name in ("request_funding", "travel_from", "funding_reason"):
                self.fields.pop(name, None)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("request_funding") and not cleaned.get("travel_from", "").strip():
            self.add_error("travel_from", _("Say where the participant would travel from."))
        return cleaned

    def ask_for_file_again(self) -> None:
        """A browser never sends a file back: after any error, say the note verbale must be chosen again."""
        if "note_verbale" in self.fields and self.files.get("note_verbale") and not self.has_error("note_verbale"):
            self.add_error("note_verbale", FILE_AGAIN)

    def registration_options(self) -> dict:
        data = self.cleaned_data
        options = {
            "consent_to_publish": data["consent_to_publish"],
            "note_verbale": data.get("note_verbale") or None,
            "replace_head": data.get("replace_head", False),
            "request_funding": data.get("request_funding", False),
            "travel_from": data.get("travel_from", ""),
            "funding_reason": data.get("funding_reason", ""),
        }
        if "head_of_delegation" in self.fields:
            options["head_of_delegation"] = data.get("head_of_delegation", False)
        return options


class RegistrationForm(RegistrationOptionsForm):
    """A delegate registers themself; a focal point registers a member of the delegation, or a new one."""

    SELF = "self"
    NEW = "new"

    participant = forms.ChoiceField(label=_("Participant"))
    honorific = forms.CharField(label=_("Honorific"), max_length=20, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    NEW_PERSON_FIELDS = ("honorific", "given_name", "family_name", "position", "email")
    field_order = ["participant", *NEW_PERSON_FIELDS]

    def __init__(self, *args, own_person: Person | None, delegation=None, eligible: bool, current_head=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_person = own_person
        self.delegation = {str(person.pk): person for person in (delegation or [])}
        self.focal_point = delegation is not None
        choices = []
        if own_person is not None:
            choices.append((self.SELF, _("Myself (%(name)s)") % {"name": own_person.full_name}))
        if self.focal_point:
            choices += [
                (pk, person.full_name)
                for pk, person in self.delegation.items()
                if own_person is None or person.pk != own_person.pk
            ]
            choices.append((self.NEW, _("A new member of the delegation (enter the name below)")))
        else:
            for name in self.NEW_PERSON_FIELDS:
                del self.fields[name]
        self.fields["participant"].choices = choices
        if len(choices) == 1:
            self.fields["participant"].initial = choices[0][0]
            self.fields["participant"].widget = forms.HiddenInput()
        self.setup_options(focal_point=self.focal_point, eligible=eligible, own=True, current_head=current_head)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("participant") == self.NEW:
            for name in ("given_name", "family_name"):
                if not cleaned.get(name, "").strip():
                    self.add_error(name, _("Enter the name of the new member of the delegation."))
        return cleaned

    @property
    def person(self) -> Person | None:
        """The existing person chosen, or None for a new member of the delegation."""
        choice = self.cleaned_data["participant"]
        if choice == self.SELF:
            return self.own_person
        return self.delegation.get(choice)

    @property
    def new_person(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in self.NEW_PERSON_FIELDS}


class RegistrationChangeForm(RegistrationOptionsForm):
    """What the participant or their focal point may change until registration closes."""

    def __init__(self, *args, registration: Registration, focal_point: bool, own: bool, current_head=None, **kwargs):
        funding_open = registration.funding in (Registration.Funding.NOT_REQUESTED, Registration.Funding.REQUESTED)
        initial = {
            "consent_to_publish": registration.consent_to_publish,
            "head_of_delegation": registration.is_head_of_delegation,
            "request_funding": registration.funding == Registration.Funding.REQUESTED,
            "travel_from": registration.travel_from,
            "funding_reason": registration.funding_reason,
        }
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        if current_head is not None and current_head.pk == registration.pk:
            current_head = None
        eligible = registration.member_state.eligible_for_funding and funding_open
        self.setup_options(focal_point=focal_point, eligible=eligible, own=own, current_head=current_head)
        if registration.note_verbale and "note_verbale" in self.fields:
            self.fields["note_verbale"].help_text = _("A note verbale is attached; a new file replaces it.")
        self.funding_decided = not funding_open


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
