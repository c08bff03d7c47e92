"""What the API returns: read-only representations of the apps' records, in the language asked for.

Translated content goes through ``directory.translation.translated`` (the active language, falling
back to English), choices come with their code and their label in that language.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directory.translation import content_language, translated


@extend_schema_field(OpenApiTypes.STR)
class Translated(serializers.Field):
    """``obj.<field>`` in the active language, or English where it is not translated."""

    def __init__(self, field: str | None = None, **kwargs):
        self.field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.field = self.field or field_name

    def to_representation(self, obj) -> str:
        return translated(obj, self.field, language(self.context))


def language(context: dict) -> str:
    """The content language, looked up once per answer (a list asks for it on every row and field)."""
    if "content_language" not in context:
        context["content_language"] = content_language()
    return context["content_language"]


@extend_schema_field(OpenApiTypes.STR)
class Label(serializers.Field):
    """A choice's label in the active language, as ``get_<field>_display`` gives it; the labels are
    translated once per answer, not once per row (each lazy label costs a catalogue look-up)."""

    def __init__(self, field: str, **kwargs):
        self.choice_field = field
        self.labels: dict[tuple[type, str], dict] = {}
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj) -> str:
        key = (type(obj), language(self.context))
        if key not in self.labels:
            choices = obj._meta.get_field(self.choice_field).flatchoices
            self.labels[key] = {value: str(label) for value, label in choices}
        value = getattr(obj, self.choice_field)
        return self.labels[key].get(value, str(value))


@extend_schema_field(OpenApiTypes.URI)
class Link(serializers.Field):
    """An absolute address of one of the portal's pages or downloads."""

    # Reversed once per answer with this stand-in (digits, so it fits <int:> and <slug:> alike), then
    # each row's key put in its place: reversing a URL for every row of a list costs more than the row.
    STAND_IN = "2147480000"

    def __init__(self, name: str, kwarg: str = "pk", attribute: str = "pk", **kwargs):
        self.name, self.kwarg, self.attribute = name, kwarg, attribute
        self.template: str | None = None
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj) -> str:
        if self.template is None:
            path = reverse(self.name, kwargs={self.kwarg: self.STAND_IN})
            request = self.context.get("request")
            self.template = request.build_absolute_uri(path) if request is not None else path
        return self.template.replace(self.STAND_IN, str(getattr(obj, self.attribute)), 1)


# --- Directory ------------------------------------------------------------------------------


class MemberStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="local_name")
    country = serializers.CharField()


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="local_name")
    acronym = serializers.CharField(source="local_acronym")


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    honorific = serializers.CharField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    full_name = serializers.CharField()
    position = serializers.CharField(source="local_position")
    organisation = OrganisationSerializer(allow_null=True)
    member_state = MemberStateSerializer(allow_null=True)


# --- Years and workshops --------------------------------------------------------------------


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    theme = Translated()
    description = Translated()
    theme_selection = Translated()
    is_current = serializers.BooleanField()
    workshop_count = serializers.IntegerField()


class WorkshopSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    year = serializers.IntegerField(source="year.year")
    title = Translated()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    venue = Translated()
    status = serializers.CharField()
    status_label = Label("status")
    capacity = serializers.IntegerField()
    seats_left = serializers.IntegerField()
    registration_opens = serializers.DateTimeField(allow_null=True)
    registration_closes = serializers.DateTimeField(allow_null=True)
    registration_is_open = serializers.SerializerMethodField()
    url = Link("workshops:detail", kwarg="slug", attribute="slug")

    def get_registration_is_open(self, workshop) -> bool:
        return workshop.registration_is_open()


class AgendaSpeakerSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_label = Label("role")
    person = PersonSerializer()


class AgendaItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    kind = serializers.CharField()
    kind_label = Label("kind")
    title = Translated()
    description = Translated()
    speakers = AgendaSpeakerSerializer(many=True, source="speakers.all")


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    workshop = serializers.SlugField(source="workshop.slug")
    kind = serializers.CharField()
    kind_label = Label("kind")
    title = Translated()
    language = serializers.CharField()
    is_public = serializers.BooleanField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    download = Link("workshops:document")


class WorkshopDetailSerializer(WorkshopSerializer):
    description = Translated()
    guiding_questions = serializers.SerializerMethodField()
    agenda = AgendaItemSerializer(many=True, source="agenda_items")
    documents = DocumentSerializer(many=True, source="visible_documents")

    def get_guiding_questions(self, workshop) -> list[str]:
        return workshop.questions


# --- Council sessions and speakers ---------------------------------------------------------


class PanellistSerializer(serializers.Serializer):
    name = serializers.CharField(source="speaker_name")
    person = serializers.IntegerField(source="person_id", allow_null=True)
    position = serializers.CharField(source="shown_position")
    role = serializers.CharField()
    role_label = Label("role")
    topic = serializers.CharField()
    attendance = serializers.CharField()


class PanelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = Label("kind")
    title = Translated()
    theme = Translated()
    date = serializers.DateField(allow_null=True)
    time = serializers.TimeField(allow_null=True)
    summary = Translated()
    key_conclusions = Translated()
    panellists = PanellistSerializer(many=True, source="participations.all")


class PanelTitleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = Translated()
    date = serializers.DateField(allow_null=True)


class SessionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = Translated()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    place = Translated()
    panels = PanelTitleSerializer(many=True, source="panels.all")
    url = Link("sessions_council:session_detail", kwarg="number", attribute="number")


class SessionDetailSerializer(SessionSerializer):
    panels = PanelSerializer(many=True, source="panels.all")


class SpeakerSerializer(PersonSerializer):
    url = Link("sessions_council:speaker_detail")


class AppearanceSerializer(serializers.Serializer):
    date = serializers.DateField()
    time = serializers.TimeField(allow_null=True)
    where = serializers.CharField()
    what = serializers.CharField()
    kind = serializers.CharField()
    role = serializers.CharField()
    topic = serializers.CharField()
    by_video = serializers.BooleanField()


class SpeakerDetailSerializer(SpeakerSerializer):
    biography = serializers.CharField()
    appearances = AppearanceSerializer(many=True)


# --- Consultations --------------------------------------------------------------------------


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    title = Translated()
    status = serializers.CharField()
    status_label = Label("status")
    survey_opens = serializers.DateTimeField(allow_null=True)
    survey_closes = serializers.DateTimeField(allow_null=True)
    results = Link("api:consultation_results")


class ThemeResultSerializer(serializers.Serializer):
    position = serializers.IntegerField(source="result.position")
    title = serializers.SerializerMethodField()
    points = serializers.IntegerField(source="result.points")
    preferences = serializers.ListField(child=serializers.IntegerField(), source="result.preferences")

    def get_title(self, row) -> str:
        return translated(row.theme, "title", language(self.context))


class TopicResultSerializer(serializers.Serializer):
    position = serializers.IntegerField(source="result.position")
    title = serializers.SerializerMethodField()
    votes = serializers.IntegerField(source="result.votes")

    def get_title(self, row) -> str:
        return translated(row.topic, "title", language(self.context))


class RegionResultSerializer(serializers.Serializer):
    region = serializers.CharField(source="label")
    member_states = serializers.IntegerField(source="figures.member_states")
    ballots = serializers.IntegerField(source="figures.ballots")
    percent = serializers.IntegerField(source="figures.percent")


class ResultsSerializer(serializers.Serializer):
    consultation = ConsultationSerializer()
    ballots = serializers.IntegerField()
    themes = ThemeResultSerializer(many=True)
    topics = TopicResultSerializer(many=True)
    regions = RegionResultSerializer(many=True)


# --- With a token ---------------------------------------------------------------------------


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField()
    preferred_language = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    member_state = MemberStateSerializer(allow_null=True)
    donor = serializers.CharField(allow_null=True)
    token_name = serializers.CharField()
    token_scope = serializers.CharField()
    token_expires = serializers.DateTimeField(allow_null=True)


class WorkshopRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = Translated()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    workshop = WorkshopRefSerializer()
    person = PersonSerializer()
    member_state = MemberStateSerializer()
    status = serializers.CharField()
    status_label = Label("status")
    is_head_of_delegation = serializers.BooleanField()
    consent_to_publish = serializers.BooleanField()
    reason = serializers.CharField()
    funding = serializers.CharField()
    funding_label = Label("funding")
    travel_from = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class PaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contribution = serializers.IntegerField(source="contribution_id")
    received_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=3)
    currency = serializers.CharField()
    usd_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    reference = serializers.CharField()


class ContributionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    donor = serializers.CharField(source="donor.local_name")
    year = serializers.IntegerField(source="year.year")
    workshop = WorkshopRefSerializer(allow_null=True)
    cost_line = serializers.CharField()
    stage = serializers.CharField()
    stage_label = Label("stage")
    amount = serializers.DecimalField(max_digits=16, decimal_places=3)
    currency = serializers.CharField()
    usd_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_amount = serializers.DecimalField(max_digits=16, decimal_places=3, allow_null=True)
    pledged_on = serializers.DateField(allow_null=True)
    committed_on = serializers.DateField(allow_null=True)
    agreement_reference = serializers.CharField()


class ContributionDetailSerializer(ContributionSerializer):
    payments = PaymentSerializer(many=True, source="payments.all")


class RegionShareSerializer(serializers.Serializer):
    region = serializers.CharField()
    participants = serializers.IntegerField()
    attributed = serializers.DecimalField(max_digits=10, decimal_places=1)


class FundedWorkshopSerializer(serializers.Serializer):
    workshop = WorkshopRefSerializer()
    earmarked_usd = serializers.DecimalField(source="earmarked", max_digits=14, decimal_places=2)
    via_programme_usd = serializers.DecimalField(source="via_programme", max_digits=14, decimal_places=2)
    participants = serializers.IntegerField()
    attributed_participants = serializers.DecimalField(source="attributed", max_digits=10, decimal_places=1)
    regions = RegionShareSerializer(many=True)


class DocumentJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = Label("kind")
    variant = serializers.CharField(source="subject.variant")
    language = serializers.CharField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    status_label = Label("status")
    progress = serializers.IntegerField()
    filename = serializers.CharField()
    pages = serializers.IntegerField(allow_null=True)
    size = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    page = Link("documents:job")
    download = serializers.SerializerMethodField()

    def get_download(self, job) -> str | None:
        if job.status != job.Status.DONE:
            return None
        path = reverse("documents:download", kwargs={"pk": job.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class CheckInSerializer(serializers.Serializer):
    """What the door answers: the outcome, the sentence to show, and whom it is about."""

    outcome = serializers.CharField()
    ok = serializers.BooleanField()
    message = serializers.CharField()
    registration = RegistrationSerializer(allow_null=True)
    checked_in_at = serializers.DateTimeField(source="attendance.checked_in_at", allow_null=True, default=None)


class AttendeeSerializer(serializers.Serializer):
    """The participant an attendance is about: the registration, the name on the badge, the category."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="name_on_badge")
    category = serializers.CharField()
    category_label = Label("category")
    member_state = MemberStateSerializer()


class AttendanceSerializer(serializers.Serializer):
    """One day a participant was checked in, when and by whom."""

    id = serializers.IntegerField()
    day = serializers.DateField()
    checked_in_at = serializers.DateTimeField()
    checked_in_by = serializers.CharField(source="checked_in_by.get_full_name", allow_null=True, default=None)
    registration = AttendeeSerializer()
