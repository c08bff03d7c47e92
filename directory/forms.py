import copy

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .collation import sorted_by_name
from .models import Affiliation, MemberState, Organisation, Person
from .translation import LANGUAGE_NAMES, ORIGINAL, TRANSLATIONS, companion, translated_fields
from .uploads import check_image

UNKNOWN_STATE = _("Choose a member state from the list; the one given is not known to the portal.")


class DateInput(forms.DateInput):
    """The browser's date picker: its value in ISO 8601 whatever the language of the page, as it expects."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker, its value in ISO 8601 (to the minute)."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ReaderOrderIterator(forms.models.ModelChoiceIterator):
    """The choices named and sorted in the language of the page as it is drawn (Égypte before Suisse)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in sorted_by_name(self.queryset, self.field.label_from_instance):
            yield self.choice(obj)


class ReaderOrderChoiceField(forms.ModelChoiceField):
    """A choice of records (states, organisations, donors) named and sorted in the reader's language."""

    iterator = ReaderOrderIterator


class ReaderOrderMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ReaderOrderIterator


class MemberStateChoiceField(ReaderOrderChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", MemberState.objects.all())
        kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_STATE})
        super().__init__(**kwargs)


class LanguageGroupsMixin:
    """A staff form of a translated record: the text of each language grouped under the language's name.

    ``includes/form_fields.html`` shows the other fields first, then one group per language (English,
    Français, Español). The French and Spanish fields take the English field's label and widget, and
    say their language (``lang``) to spelling checkers and screen readers. ``translated_fields`` names
    the fields for a plain form; a model form takes the model's ``TRANSLATED_FIELDS``.
    """

    translated_fields: tuple[str, ...] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self._translated():
            original = self.fields[field]
            original.widget.attrs["lang"] = ORIGINAL
            for language in TRANSLATIONS:
                twin = self.fields[companion(field, language)]
                twin.label = original.label
                twin.widget = copy.deepcopy(original.widget)
                twin.widget.attrs["lang"] = language
                twin.help_text = ""

    def _translated(self) -> list[str]:
        names = self.translated_fields if self.translated_fields is not None else translated_fields(self._meta.model)
        return [name for name in names if name in self.fields]

    def language_groups(self) -> list[tuple[str, str, list]]:
        """(legend, language, bound fields): the untranslated fields first, without a legend."""
        translated = self._translated()
        languages = (ORIGINAL, *TRANSLATIONS)
        grouped = {companion(field, language) for field in translated for language in languages}
        groups = [("", "", [self[name] for name in self.fields if name not in grouped and not self[name].is_hidden])]
        for language in languages:
            groups.append((LANGUAGE_NAMES[language], language, [self[companion(f, language)] for f in translated]))
        return groups


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form: who you are and, optionally, which state you represent."""

    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    member_state = MemberStateChoiceField(
        label=_("Member state you represent"),
        required=False,
        empty_label=_("None, or later"),
        help_text=_("Delegates of member states: the secretariat will confirm your affiliation."),
    )
    position = forms.CharField(label=_("Position"), max_length=300, required=False)

    def signup(self, request, user) -> None:
        services.sign_up(
            user=user,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            preferred_language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            member_state=self.cleaned_data["member_state"] or None,
            position=self.cleaned_data["position"],
        )


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    preferred_language = forms.ChoiceField(
        label=_("Your language"),
        choices=settings.LANGUAGES,
        help_text=_("E-mails come in it, and the portal speaks it each time you sign in."),
    )
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=Person.Gender.choices,
        required=False,
        help_text=_("Self-declared; only ever counted, never shown with your name."),
    )

    def __init__(self, *args, has_person: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_person:
            del self.fields["gender"]  # kept on the person record, which an affiliation creates


class AffiliationRequestForm(forms.Form):
    member_state = MemberStateChoiceField(label=_("Member state you represent"))
    position = forms.CharField(label=_("Your position"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        open_statuses = [Affiliation.Status.PENDING, Affiliation.Status.APPROVED]
        if Affiliation.objects.filter(user=self.user, status__in=open_statuses).exists():
            raise ValidationError(_("You already have an affiliation that is pending or approved."))
        return cleaned


class AffiliationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    focal_point = forms.BooleanField(label=_("Focal point of the member state"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing; sent to the applicant."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for refusing, so the applicant knows what to do."))
        return cleaned


class FocalPointForm(forms.Form):
    is_focal_point = forms.BooleanField(label=_("Focal point of the member state"), required=False)


class MemberStateForm(LanguageGroupsMixin, forms.ModelForm):
    """The name in English, and in French and Spanish only where IOM's usage differs from ISO 3166's
    short name (shown as the placeholder: what the portal says when the field is left empty)."""

    translated_fields = ("name",)

    class Meta:
        model = MemberState
        fields = ["name", "name_fr", "name_es", "country", "status", "region", "eligible_for_funding"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for language in TRANSLATIONS:
            field = self.fields[companion("name", language)]
            field.help_text = _("Leave empty for the ISO 3166 name.")
            if self.instance.country:
                field.widget.attrs["placeholder"] = self.instance.iso_name(language)


class OrganisationForm(LanguageGroupsMixin, forms.ModelForm):
    member_state = MemberStateChoiceField(label=_("Member state"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "name_fr",
            "name_es",
            "acronym",
            "acronym_fr",
            "acronym_es",
            "kind",
            "member_state",
            "website",
        ]


class PersonForm(LanguageGroupsMixin, forms.ModelForm):
    member_state = MemberStateChoiceField(label=_("Member state"), required=False)
    organisation = ReaderOrderChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.select_related("member_state"), required=False
    )

    class Meta:
        model = Person
        fields = [
            "honorific",
            "given_name",
            "family_name",
            "position",
            "position_fr",
            "position_es",
            "organisation",
            "member_state",
            "email",
            "biography",
        ]
        widgets = {"biography": forms.Textarea(attrs={"rows": 6})}

    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG or PNG, at most 5 MB. Shown only to the secretariat (check-in at the door)."),
    )
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.photo:
            del self.fields["remove_photo"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            check_image(photo)
        return photo or None
