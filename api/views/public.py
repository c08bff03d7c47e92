"""Public endpoints (no token): what the public pages show, through the apps' own queries."""

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from consultations import queries as consultation_queries
from consultations.models import Consultation
from directory.models import MemberState
from sessions_council import queries as council_queries
from workshops import queries as workshop_queries
from workshops.models import DialogueYear, WorkshopDocument

from .. import serializers as out
from ..pagination import Pages, cursor
from .base import INT_MAX, ApiListView, ApiView, one_of, validated


class YearList(ApiListView):
    """IDM years and their themes, the latest first."""

    serializer_class = out.YearSerializer
    pagination_class = Pages

    def get_queryset(self):
        return workshop_queries.years_for_list()


class WorkshopFilters(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999, help_text=_("An IDM year, e.g. 2010."))


class WorkshopList(ApiListView):
    """Workshops with their dates, venue, status, registration window and seats left (the public list)."""

    serializer_class = out.WorkshopSerializer
    pagination_class = Pages

    def get_queryset(self):
        filters = validated(WorkshopFilters, self.request.query_params)
        year = None
        if "year" in filters:
            year = DialogueYear.objects.filter(year=filters["year"]).first()
            if year is None:
                return workshop_queries.workshops_for_list().none()
        return workshop_queries.workshops_for_list(year=year)

    @extend_schema(parameters=[WorkshopFilters])
    def get(self, request):
        return self.list(request)


class WorkshopDetail(ApiView):
    """One workshop: its description, agenda with speakers, and the documents the reader may open."""

    serializer_class = out.WorkshopDetailSerializer

    def get(self, request, slug: str):
        workshop = get_object_or_404(workshop_queries.workshop_for_page(slug=slug))
        workshop.agenda_items = list(workshop_queries.agenda_of(workshop))
        workshop.visible_documents = list(workshop_queries.documents_visible_to(request.user, workshop=workshop))
        return Response(self.get_serializer(workshop).data)


class AgendaList(ApiListView):
    """A workshop's agenda in running order, with its speakers."""

    serializer_class = out.AgendaItemSerializer

    def get_queryset(self):
        workshop = get_object_or_404(workshop_queries.workshop_for_page(slug=self.kwargs["slug"]))
        return workshop_queries.agenda_of(workshop)


class DocumentFilters(serializers.Serializer):
    workshop = serializers.SlugField(required=False, max_length=120)
    kind = serializers.ChoiceField(choices=WorkshopDocument.Kind.choices, required=False)


class DocumentList(ApiListView):
    """Published workshop documents: their metadata and download link (participants' documents too with
    a token of a participant)."""

    serializer_class = out.DocumentSerializer
    pagination_class = cursor("-created_at", "-pk")

    def get_queryset(self):
        filters = validated(DocumentFilters, self.request.query_params)
        documents = workshop_queries.documents_visible_to(self.request.user or AnonymousUser())
        if "workshop" in filters:
            documents = documents.filter(workshop__slug=filters["workshop"])
        if "kind" in filters:
            documents = documents.filter(kind=filters["kind"])
        return documents

    @extend_schema(parameters=[DocumentFilters])
    def get(self, request):
        return self.list(request)


class SessionList(ApiListView):
    """Council sessions, the latest first, with the titles of their panels."""

    serializer_class = out.SessionSerializer
    pagination_class = Pages

    def get_queryset(self):
        return council_queries.sessions_for_list()


class SessionDetail(ApiView):
    """A Council session: its panels with the panellists in speaking order."""

    serializer_class = out.SessionDetailSerializer

    def get(self, request, number: int):
        session = council_queries.session_for_page(number=min(number, INT_MAX))
        return Response(self.get_serializer(session).data)


class SpeakerFilters(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=200, help_text=_("Words of a name or organisation."))
    state = serializers.IntegerField(required=False, min_value=1, max_value=INT_MAX, help_text=_("A member state."))
    role = serializers.ChoiceField(choices=council_queries.SPEAKER_ROLES, required=False)


class SpeakerList(ApiListView):
    """Everyone who spoke at a Council panel or on a workshop agenda (the speakers' page and its search)."""

    serializer_class = out.SpeakerSerializer
    pagination_class = cursor("family_name", "given_name", "pk")

    def get_queryset(self):
        filters = validated(SpeakerFilters, self.request.query_params)
        state = None
        if "state" in filters:
            state = MemberState.objects.filter(pk=filters["state"]).first()
            if state is None:
                return council_queries.speakers_for_list().none()
        return council_queries.speakers_for_list(
            search=filters.get("search", ""), state=state, role=filters.get("role", "")
        )

    @extend_schema(parameters=[SpeakerFilters])
    def get(self, request):
        return self.list(request)


class SpeakerDetail(ApiView):
    """A speaker and every time they spoke."""

    serializer_class = out.SpeakerDetailSerializer

    def get(self, request, pk: int):
        person = council_queries.speaker_for_page(pk=min(pk, INT_MAX))
        person.appearances = council_queries.appearances_of(person)
        return Response(self.get_serializer(person).data)


def _closed_consultations():
    return consultation_queries.consultations_for_list().filter(
        status__in=(Consultation.Status.CLOSED, Consultation.Status.ADOPTED)
    )


class ConsultationList(ApiListView):
    """Theme consultations whose survey is closed, with the address of their results."""

    serializer_class = out.ConsultationSerializer
    pagination_class = Pages

    def get_queryset(self):
        return _closed_consultations()


class ConsultationResults(ApiView):
    """The results of a closed theme survey: themes by points, topics by votes, participation by region."""

    serializer_class = out.ResultsSerializer

    def get(self, request, pk: int):
        consultation = one_of(_closed_consultations(), pk)
        results = consultation_queries.results_of(consultation)
        data = {
            "consultation": consultation,
            "ballots": results.ballots,
            "themes": results.themes,
            "topics": results.topics,
            "regions": results.regions,
        }
        return Response(self.get_serializer(data).data)
