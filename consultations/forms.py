from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory.forms import (
    DateInput,
    DateTimeInput,
    LanguageGroupsMixin,
    MemberStateChoiceField,
    ReaderOrderMultipleChoiceField,
)
from directory.models import MemberState

from .models import CandidateTheme, CandidateTopic, Consultation, ConsultationMeeting

DATE = DateInput()
DATETIME = DateTimeInput()


class ConsultationForm(LanguageGroupsMixin, forms.ModelForm):
    class Meta:
        model = Consultation
        fields = [
            "year",
            "title",
            "title_fr",
            "title_es",
            "introduction",
            "introduction_fr",
            "introduction_es",
            "survey_opens",
            "survey_closes",
            "max_topics",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "survey_opens": DATETIME,
            "survey_closes": DATETIME,
        }
        help_texts = {
            "survey_opens": _("Left empty, the survey opens when you open it."),
            "survey_closes": _("Ballots can be cast and changed until then."),
        }

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("survey_opens"), cleaned.get("survey_closes")
        if opens and closes and closes <= opens:
            self.add_error("survey_closes", _("The survey must close after it opens."))
        return cleaned


class MeetingForm(LanguageGroupsMixin, forms.ModelForm):
    states_present = ReaderOrderMultipleChoiceField(
        label=_("Member states present"),
        queryset=MemberState.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ConsultationMeeting
        fields = ["date", "title", "title_fr", "title_es", "notes", "notes_fr", "notes_es", "states_present"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 8})}


class ThemeForm(LanguageGroupsMixin, forms.ModelForm):
    proposed_by = MemberStateChoiceField(
        label=_("Proposed by"),
        required=False,
        empty_label=_("The secretariat"),
        queryset=MemberState.objects.order_by("name"),
    )

    class Meta:
        model = CandidateTheme
        fields = ["title", "title_fr", "title_es", "description", "description_fr", "description_es", "proposed_by"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class TopicForm(LanguageGroupsMixin, forms.ModelForm):
    class Meta:
        model = CandidateTopic
        fields = [
            "title",
            "title_fr",
            "title_es",
            "description",
            "description_fr",
            "description_es",
            "merged_into",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = CandidateTopic.objects.filter(consultation_id=self.instance.consultation_id, merged_into__isnull=True)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        self.fields["merged_into"].queryset = others.order_by("order", "pk")
        self.fields["merged_into"].empty_label = _("Not incorporated: on the ballot")


class BallotForm(forms.Form):
    """A place for every candidate theme (a number select: works without JavaScript) and the
    preferred workshop topics."""

    def __init__(self, *args, themes, topics, max_topics: int, ballot=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = list(themes)
        self.max_topics = max_topics
        places = [("", "–")] + [(str(n), str(n)) for n in range(1, len(self.themes) + 1)]
        current = {rank.theme_id: rank.rank for rank in ballot.ranks.all()} if ballot else {}
        for theme in self.themes:
            self.fields[self.field_name(theme)] = forms.TypedChoiceField(
                label=str(theme),
                choices=places,
                coerce=int,
                initial=current.get(theme.pk, ""),
                error_messages={"required": _("Give this theme a place.")},
            )
        self.fields["topics"] = forms.ModelMultipleChoiceField(
            label=_("Preferred workshop topics"),
            queryset=topics,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=[topic.pk for topic in ballot.topics.all()] if ballot else [],
            help_text=_("Choose up to %(n)d.") % {"n": max_topics},
        )

    @staticmethod
    def field_name(theme) -> str:
        return "theme_%d" % theme.pk

    def theme_fields(self):
        return [(theme, self[self.field_name(theme)]) for theme in self.themes]

    def clean(self):
        cleaned = super().clean()
        places: dict[int, list] = {}
        for theme in self.themes:
            place = cleaned.get(self.field_name(theme))
            if place:
                places.setdefault(place, []).append(theme)
        for place, themes in sorted(places.items()):
            if len(themes) > 1:
                for theme in themes:
                    self.add_error(
                        self.field_name(theme),
                        _("Place %(place)d is given to more than one theme.") % {"place": place},
                    )
        topics = cleaned.get("topics")
        if topics is not None and len(topics) > self.max_topics:
            self.add_error("topics", _("Choose at most %(n)d workshop topics.") % {"n": self.max_topics})
        return cleaned

    @property
    def ranking(self) -> list[int]:
        """The theme ids, most preferred first."""
        return [theme.pk for theme in sorted(self.themes, key=lambda theme: self.cleaned_data[self.field_name(theme)])]

    @property
    def topic_ids(self) -> list[int]:
        return [topic.pk for topic in self.cleaned_data["topics"]]


class AdoptForm(forms.Form):
    """The theme to adopt and, for each topic on the ballot, whether it becomes a workshop and when."""

    theme = forms.ModelChoiceField(
        label=_("Overarching theme"), queryset=CandidateTheme.objects.none(), widget=forms.RadioSelect
    )

    def __init__(self, *args, consultation, theme_rows, topic_rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = consultation.themes.all()
        self.fields["theme"].choices = [
            (
                row.theme.pk,
                ngettext(
                    "%(title)s (place %(place)d, %(points)d point)",
                    "%(title)s (place %(place)d, %(points)d points)",
                    row.result.points,
                )
                % {"title": row.theme.title, "place": row.result.position, "points": row.result.points},
            )
            for row in theme_rows
        ]
        if theme_rows:
            self.fields["theme"].initial = theme_rows[0].theme.pk
        self.topic_rows = topic_rows
        for position, row in enumerate(topic_rows):
            topic = row.topic
            self.fields["adopt_%d" % topic.pk] = forms.BooleanField(
                label=_("Adopt “%(title)s” as a workshop") % {"title": topic.title},
                required=False,
                initial=position < consultation.max_topics,
            )
            self.fields["start_%d" % topic.pk] = forms.DateField(label=_("First day"), required=False, widget=DATE)
            self.fields["end_%d" % topic.pk] = forms.DateField(label=_("Last day"), required=False, widget=DATE)

    def topic_fields(self):
        return [
            (row, self["adopt_%d" % row.topic.pk], self["start_%d" % row.topic.pk], self["end_%d" % row.topic.pk])
            for row in self.topic_rows
        ]

    def clean(self):
        cleaned = super().clean()
        self.adopted = []
        for row in self.topic_rows:
            pk = row.topic.pk
            if not cleaned.get("adopt_%d" % pk):
                continue
            start, end = cleaned.get("start_%d" % pk), cleaned.get("end_%d" % pk)
            if start is None:
                self.add_error("start_%d" % pk, _("Give the planned first day of the workshop."))
            if end is None:
                self.add_error("end_%d" % pk, _("Give the planned last day of the workshop."))
            if start and end and end < start:
                self.add_error("end_%d" % pk, _("The last day cannot be before the first day."))
            if start and end:
                self.adopted.append((row.topic, start, end))
        if not any(cleaned.get("adopt_%d" % row.topic.pk) for row in self.topic_rows):
            self.add_error(None, _("Adopt at least one workshop topic."))
        return cleaned
