"""The forms a delegate or focal point fills in to register for a workshop and to change a registration."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Person

from .models import Registration

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

    @staticmethod
    def options_left_out(*, focal_point: bool, eligible: bool, current_head=None) -> set[str]:
        """The options the form does not ask: the focal point's for a delegate, replacing the head of
        delegation while there is none, funded participation for a state not eligible."""
        left_out = set()
        if not focal_point:
            left_out |= {"head_of_delegation", "replace_head", "note_verbale"}
        elif current_head is None:
            left_out.add("replace_head")
        if not eligible:
            left_out |= {"request_funding", "travel_from", "funding_reason"}
        return left_out

    def copy_only_fields_asked(self, left_out: set[str]) -> None:
        """Before ``__init__``: Django's form deep-copies every field of its class at each construction
        (widget, attributes, validators, messages: some twenty Python calls a field), and these forms
        leave most of theirs out (a delegate registering themself is asked 5 of 13): the form's own
        ``base_fields``, read by that copy, are the class's without ``left_out``."""
        self.base_fields = {name: field for name, field in type(self).base_fields.items() if name not in left_out}

    def setup_options(self, *, focal_point: bool, eligible: bool, own: bool, current_head=None) -> None:
        if own and not focal_point:
            self.fields["consent_to_publish"].label = _("I agree to appear on the published list of participants")
        if focal_point and current_head is not None:
            self.fields["head_of_delegation"].help_text = _(
                "Now %(person)s is head of delegation for this workshop."
            ) % {"person": current_head.person}
            self.fields["replace_head"].label = _("Make this person head of delegation instead of %(person)s") % {
                "person": current_head.person
            }
        for name in self.options_left_out(focal_point=focal_point, eligible=eligible, current_head=current_head):
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
        focal_point = delegation is not None
        left_out = self.options_left_out(focal_point=focal_point, eligible=eligible, current_head=current_head)
        self.copy_only_fields_asked(left_out if focal_point else left_out | set(self.NEW_PERSON_FIELDS))
        super().__init__(*args, **kwargs)
        self.own_person = own_person
        self.delegation = {str(person.pk): person for person in (delegation or [])}
        self.focal_point = focal_point
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
        if current_head is not None and current_head.pk == registration.pk:
            current_head = None
        eligible = registration.member_state.eligible_for_funding and funding_open
        self.copy_only_fields_asked(
            self.options_left_out(focal_point=focal_point, eligible=eligible, current_head=current_head)
        )
        super().__init__(*args, **kwargs)
        self.setup_options(focal_point=focal_point, eligible=eligible, own=own, current_head=current_head)
        if registration.note_verbale and "note_verbale" in self.fields:
            self.fields["note_verbale"].help_text = _("A note verbale is attached; a new file replaces it.")
        self.funding_decided = not funding_open
