from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from directory.forms import DateInput
from workshops.models import DialogueYear

from .models import DiscussionNote, NoteParagraph, Variant
from .snapshots import KINDS


class DocumentRequestForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")
    variant = forms.ChoiceField(label=_("Version of the list"), required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        # The document in the language the user reads the portal in, unless they choose another.
        current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if current in dict(settings.LANGUAGES):
            self.fields["language"].initial = current
        variants = KINDS[kind].variants
        self.fields["variant"].choices = [(v, Variant(v).label) for v in variants]
        self.fields["variant"].initial = variants[0]
        if len(variants) < 2 or kind == "discussion-note":
            self.fields["variant"].widget = forms.HiddenInput()


class NoteCreateForm(forms.Form):
    year = forms.ModelChoiceField(label=_("IDM year"), queryset=DialogueYear.objects.order_by("-year"))
    language = forms.ChoiceField(
        label=_("Language of the note"),
        choices=settings.LANGUAGES,
        initial="en",
        required=False,  # English when not given
        help_text=_("The note is drafted in it from the records, and issued in it."),
    )


class NoteForm(forms.ModelForm):
    class Meta:
        model = DiscussionNote
        fields = ["series_title", "title", "subtitle", "place"]


class ParagraphForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    heading = forms.CharField(label=_("Heading above the paragraph"), max_length=400, required=False)
    heading_style = forms.ChoiceField(
        label=_("Heading style"), choices=NoteParagraph.HeadingStyle.choices, initial="section"
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Put a footnote where its number goes, between double square brackets: [[…]]."),
    )


ParagraphFormSet = formset_factory(ParagraphForm, extra=1, can_order=True, can_delete=True)


def paragraph_rows(formset) -> list[dict]:
    """The formset's paragraphs in their chosen order, for services.update_discussion_note."""
    rows = []
    for form in formset.ordered_forms + [f for f in formset.forms if f not in formset.ordered_forms]:
        data = form.cleaned_data
        if not data:
            continue
        rows.append(
            {
                "id": data.get("id"),
                "heading": data.get("heading", ""),
                "heading_style": data.get("heading_style", ""),
                "text": data.get("text", ""),
                "delete": data.get("DELETE", False),
            }
        )
    return rows


class OutcomesForm(forms.Form):
    text = forms.CharField(
        label=_("Outcomes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("What the workshop concluded, in paragraphs separated by a blank line."),
    )


class NoteIssueForm(forms.Form):
    issue_date = forms.DateField(label=_("Date of issue"), initial=timezone.localdate, widget=DateInput())
