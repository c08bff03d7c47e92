"""The secretariat's forms for the programme: IDM years, workshops, agenda items and speakers, documents.
(Registration: forms_registration.py; the queue: forms_queue.py; the day: forms_checkin.py.)"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from directory.forms import DateInput, DateTimeInput, LanguageGroupsMixin
from directory.models import Person

from .models import AgendaItem, AgendaSpeaker, DialogueYear, Workshop, WorkshopDocument

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
