from django import forms
from django.utils.translation import gettext_lazy as _

from directory.forms import DateInput, LanguageGroupsMixin, MemberStateChoiceField
from directory.models import Organisation, Person
from directory.uploads import check_document, check_image

from .models import CouncilSession, Panel, Participation
from .queries import SPEAKER_ROLES


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class SessionForm(LanguageGroupsMixin, forms.ModelForm):
    class Meta:
        model = CouncilSession
        fields = ["number", "start_date", "end_date", "title", "place", "title_fr", "place_fr", "title_es", "place_es"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return cleaned


class PanelForm(LanguageGroupsMixin, forms.ModelForm):
    class Meta:
        model = Panel
        fields = [
            "kind",
            "year",
            "date",
            "time",
            "order",
            "presentations_due",
            "title",
            "theme",
            "summary",
            "key_conclusions",
            "title_fr",
            "theme_fr",
            "summary_fr",
            "key_conclusions_fr",
            "title_es",
            "theme_es",
            "summary_es",
            "key_conclusions_es",
        ]
        widgets = {
            "date": DateInput(),
            "time": TimeInput(),
            "presentations_due": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 10}),
            "key_conclusions": forms.Textarea(attrs={"rows": 6}),
        }


class ParticipationForm(forms.ModelForm):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.select_related("organisation", "member_state"),
        required=False,
        help_text=_("Someone from the directory; add new people under Directory, People."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Or an organisation"),
        queryset=Organisation.objects.select_related("member_state"),
        required=False,
        help_text=_("Only when an organisation, not a named person, speaks."),
    )

    class Meta:
        model = Participation
        fields = [
            "person",
            "organisation",
            "label",
            "role",
            "attendance",
            "position",
            "topic",
            "note",
            "consent_to_publish",
        ]

    # "A person or an organisation, not both" is the model's check constraint, validated with the form.


class PresentationForm(forms.Form):
    file = forms.FileField(
        label=_("Presentation"), help_text=_("PDF, Word (DOCX) or PowerPoint (PPTX), at most 20 MB.")
    )
    is_published = forms.BooleanField(
        label=_("Publish on the session page (only if the speaker consented)"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_document(upload)
        return upload


class OwnPresentationForm(forms.Form):
    file = forms.FileField(
        label=_("Your presentation"), help_text=_("PDF, Word (DOCX) or PowerPoint (PPTX), at most 20 MB.")
    )
    consent_to_publish = forms.BooleanField(
        label=_("I agree that my presentation is published on the public session page"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_document(upload)
        return upload


class SpeakerForm(forms.Form):
    biography = forms.CharField(
        label=_("Biography"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: *emphasis*, **bold**, [links](https://example.org), lists. HTML is removed."),
    )
    photo = forms.FileField(label=_("Photo"), required=False, help_text=_("JPEG or PNG, at most 5 MB."))
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            check_image(photo)
        return photo


class SpeakerSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or organisation"), required=False)
    state = MemberStateChoiceField(label=_("Member state"), required=False, empty_label=_("Any"))
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("Any")), *SPEAKER_ROLES])

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states
