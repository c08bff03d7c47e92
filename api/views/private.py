"""Endpoints with a token: what its owner sees on the pages, through the same queries, rules, forms and
services. Another user's record is a 404 (the scoped query does not find it), as on the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from directory import roles
from directory.models import Person
from documents import queries as document_queries
from documents import services as document_services
from documents.forms import DocumentRequestForm
from documents.models import DocumentJob
from documents.permissions import Target
from documents.snapshots import KINDS
from funding.roles import donor_of
from workshops import attendance
from workshops import queries as workshop_queries
from workshops import services as workshop_services
from workshops.forms_checkin import CheckInForm
from workshops.forms_queue import RegistrationDecisionForm
from workshops.forms_registration import RegistrationForm
from workshops.models import Registration

from .. import serializers as out
from ..pagination import cursor
from .base import INT_MAX, TokenListView, TokenView, form_errors, one_of, validated


class Me(TokenView):
    """The token's owner: who they are in the portal, and the token itself."""

    serializer_class = out.MeSerializer

    def get(self, request):
        user, token = request.user, request.auth
        donor = donor_of(user)
        held = {
            "secretariat": roles.is_secretariat(user),
            "delegate": roles.delegate_state(user) is not None,
            "focal_point": roles.is_focal_point(user),
            "donor_contact": donor is not None,
        }
        data = {
            "email": user.email,
            "name": user.get_full_name(),
            "preferred_language": user.preferred_language,
            "roles": [name for name, has in held.items() if has],
            "member_state": roles.delegate_state(user),
            "donor": donor.local_name if donor else None,
            "token_name": token.name,
            "token_scope": token.scope,
            "token_expires": token.expiry_date,
        }
        return Response(self.get_serializer(data).data)


# --- Registrations --------------------------------------------------------------------------


class RegistrationFilters(serializers.Serializer):
    """The filters of the secretariat's queue (status, member state, funded participation), and the workshop."""

    workshop = serializers.SlugField(required=False, max_length=120)
    status = serializers.ChoiceField(choices=Registration.Status.choices, required=False)
    member_state = serializers.IntegerField(required=False, min_value=1, max_value=INT_MAX)
    funded = serializers.ChoiceField(choices=list(workshop_queries.FUNDED_FILTERS), required=False)


class RegistrationRequest(serializers.Serializer):
    """The registration form of the workshop page, as JSON."""

    workshop = serializers.SlugField(max_length=120)
    participant = serializers.CharField(
        max_length=20,
        help_text=gettext_lazy("“self”; for a focal point also a person's id from /delegation/, or “new”."),
    )
    honorific = serializers.CharField(required=False, allow_blank=True, max_length=20)
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    position = serializers.CharField(required=False, allow_blank=True, max_length=300)
    email = serializers.EmailField(required=False, allow_blank=True)
    head_of_delegation = serializers.BooleanField(required=False, default=False)
    consent_to_publish = serializers.BooleanField(required=False, default=False)
    request_funding = serializers.BooleanField(required=False, default=False)
    travel_from = serializers.CharField(required=False, allow_blank=True, max_length=200)
    funding_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _registrations(user, filters: dict):
    registrations = workshop_queries.registrations_visible_to(user).select_related("person__member_state")
    if "workshop" in filters:
        registrations = registrations.filter(workshop__slug=filters["workshop"])
    if "status" in filters:
        registrations = registrations.filter(status=filters["status"])
    if "member_state" in filters:
        registrations = registrations.filter(member_state_id=filters["member_state"])
    if "funded" in filters:
        registrations = registrations.filter(workshop_queries.FUNDED_FILTERS[filters["funded"]])
    return registrations


class RegistrationList(TokenListView):
    """GET: the registrations the token's owner sees (secretariat: all, the queue; focal point: the
    delegation's; delegate: their own). POST: register, as on the workshop's registration page."""

    serializer_class = out.RegistrationSerializer
    pagination_class = cursor("created_at", "pk")

    def get_queryset(self):
        return _registrations(self.request.user, validated(RegistrationFilters, self.request.query_params))

    @extend_schema(parameters=[RegistrationFilters])
    def get(self, request):
        return self.list(request)

    @extend_schema(request=RegistrationRequest, responses={201: out.RegistrationSerializer})
    def post(self, request):
        user = request.user
        state = roles.delegate_state(user)
        if state is None:
            raise PermissionDenied(_("Only delegates with an approved affiliation can register for workshops."))
        data = validated(RegistrationRequest, request.data)
        workshop = get_object_or_404(workshop_queries.workshop_for_page(slug=data["workshop"]))
        if not user.has_perm("workshops.register", workshop):
            raise ValidationError({"workshop": [_("Registration for this workshop is not open.")]})
        form = RegistrationForm(
            data={name: value for name, value in data.items() if name != "workshop"},
            own_person=Person.objects.filter(user=user).first(),
            delegation=list(workshop_queries.delegation_people(user)) if roles.is_focal_point(user) else None,
            eligible=state.eligible_for_funding,
        )
        if not form.is_valid():
            raise form_errors(form)
        options = form.registration_options()
        if form.cleaned_data["participant"] == RegistrationForm.NEW:
            registration = self.write(
                "register",
                workshop_services.register_new_delegation_member,
                workshop=workshop,
                by=user,
                **form.new_person,
                **options,
            )
        else:
            registration = self.write(
                "register",
                workshop_services.request_registration,
                workshop=workshop,
                person=form.person,
                by=user,
                **options,
            )
        registration = workshop_queries.registrations_visible_to(user).get(pk=registration.pk)
        return Response(self.get_serializer(registration).data, status=status.HTTP_201_CREATED)


class RegistrationDetail(TokenView):
    serializer_class = out.RegistrationSerializer

    def get(self, request, pk: int):
        registration = one_of(workshop_queries.registrations_visible_to(request.user), pk)
        return Response(self.get_serializer(registration).data)


class DecisionRequest(serializers.Serializer):
    action = serializers.ChoiceField(choices=RegistrationDecisionForm.ACTIONS)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text=gettext_lazy("Required when declining.")
    )


DECISIONS = {
    "confirm": lambda registration, by, reason: workshop_services.confirm_registration(
        registration=registration, by=by
    ),
    "waitlist": lambda registration, by, reason: workshop_services.waitlist_registration(
        registration=registration, by=by
    ),
    "decline": lambda registration, by, reason: workshop_services.decline_registration(
        registration=registration, by=by, reason=reason
    ),
    "cancel": lambda registration, by, reason: workshop_services.cancel_registration(registration=registration, by=by),
    "attended": lambda registration, by, reason: workshop_services.mark_attended(registration=registration, by=by),
}


def _decide(*, decision: str, registration: Registration, by, reason: str) -> Registration:
    return DECISIONS[decision](registration, by, reason)


class RegistrationDecision(TokenView):
    """The secretariat decides: confirm (or waitlist when full), waitlist, decline with a reason, cancel,
    mark as attended — the registration page's decision form."""

    serializer_class = out.RegistrationSerializer

    @extend_schema(request=DecisionRequest, responses={200: out.RegistrationSerializer})
    def post(self, request, pk: int):
        user = request.user
        if not user.has_perm("workshops.manage"):
            raise PermissionDenied(_("Only the secretariat decides on registrations."))
        registration = one_of(workshop_queries.registrations_visible_to(user), pk)
        data = validated(DecisionRequest, request.data)
        form = RegistrationDecisionForm(data={"action": data["action"], "reason": data.get("reason", "")})
        if not form.is_valid():
            raise form_errors(form)
        self.write(
            form.cleaned_data["action"],
            _decide,
            decision=form.cleaned_data["action"],
            registration=registration,
            by=user,
            reason=form.cleaned_data["reason"],
        )
        registration = workshop_queries.registrations_visible_to(user).get(pk=registration.pk)
        return Response(self.get_serializer(registration).data)


class RegistrationCancel(TokenView):
    """The participant, their focal point or the secretariat cancels; the first waitlisted moves up."""

    serializer_class = out.RegistrationSerializer

    @extend_schema(request=None, responses={200: out.RegistrationSerializer})
    def post(self, request, pk: int):
        user = request.user
        registration = one_of(workshop_queries.registrations_visible_to(user), pk)
        if not user.has_perm("workshops.cancel_registration", registration):
            raise ValidationError({"non_field_errors": [_("This registration cannot be cancelled.")]})
        self.write("cancel", workshop_services.cancel_registration, registration=registration, by=user)
        registration = workshop_queries.registrations_visible_to(user).get(pk=registration.pk)
        return Response(self.get_serializer(registration).data)


class CheckInRequest(serializers.Serializer):
    token = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text=gettext_lazy("The code a badge's QR carries.")
    )
    registration = serializers.IntegerField(
        required=False, min_value=1, max_value=INT_MAX, help_text=gettext_lazy("Or the registration found by name.")
    )


class CheckIn(TokenView):
    """The secretariat checks a participant in for today, by badge code or registration, as the door's
    page does; a refusal (unknown badge, not confirmed, already in, not today) is an answer, not an error."""

    serializer_class = out.CheckInSerializer

    @extend_schema(request=CheckInRequest, responses={200: out.CheckInSerializer})
    def post(self, request, slug: str):
        user = request.user
        if not user.has_perm("workshops.manage"):
            raise PermissionDenied(_("Only the secretariat checks participants in."))
        workshop = get_object_or_404(workshop_queries.workshop_for_page(slug=slug))
        data = validated(CheckInRequest, request.data)
        form = CheckInForm(data={"token": data.get("token", ""), "registration": data.get("registration")})
        if not form.is_valid():
            raise form_errors(form)
        result = self.write(
            "check_in",
            attendance.check_in,
            changed=lambda result: result.attendance if result.ok else None,
            workshop=workshop,
            by=user,
            token=form.cleaned_data["token"],
            registration_id=form.cleaned_data["registration"],
        )
        if result.registration is not None:
            result = attendance.CheckIn(
                outcome=result.outcome,
                message=result.message,
                registration=workshop_queries.registrations_visible_to(user).get(pk=result.registration.pk),
                attendance=result.attendance,
            )
        return Response(self.get_serializer(result).data)


class AttendanceFilters(serializers.Serializer):
    day = serializers.DateField(required=False, help_text=gettext_lazy("One day of the workshop; all days without it."))


class AttendanceList(TokenListView):
    """The secretariat: who was checked in at a workshop, day by day, when and by whom (the
    attendance page's list)."""

    serializer_class = out.AttendanceSerializer
    pagination_class = cursor("day", "checked_in_at", "pk")

    def get_queryset(self):
        workshop = get_object_or_404(workshop_queries.workshop_for_page(slug=self.kwargs["slug"]))
        filters = validated(AttendanceFilters, self.request.query_params)
        return workshop_queries.attendance_of(workshop=workshop, day=filters.get("day"))

    @extend_schema(parameters=[AttendanceFilters])
    def get(self, request, slug: str):
        if not request.user.has_perm("workshops.manage"):
            raise PermissionDenied(_("Only the secretariat sees who attended."))
        return self.list(request)


class DelegationList(TokenListView):
    """A focal point's delegation: the people of the member state they may register (their ids for POST
    /registrations/)."""

    serializer_class = out.PersonSerializer
    pagination_class = cursor("family_name", "given_name", "pk")

    def get_queryset(self):
        return workshop_queries.delegation_people(self.request.user).select_related("member_state")

    def get(self, request):
        if not request.user.has_perm("workshops.register_delegation"):
            raise PermissionDenied(_("Only the focal point of a member state sees its delegation."))
        return self.list(request)


class MyDocumentList(TokenListView):
    """The documents of the workshops the token's owner registered for (the "My documents" page)."""

    serializer_class = out.DocumentSerializer
    pagination_class = cursor("-created_at", "-pk")

    def get_queryset(self):
        return workshop_queries.documents_of_my_workshops(self.request.user)


# --- Documents ------------------------------------------------------------------------------


class DocumentJobFilters(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS), required=False)
    status = serializers.ChoiceField(choices=DocumentJob.Status.choices, required=False)


class DocumentRequest(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS))
    source = serializers.IntegerField(
        min_value=1, max_value=INT_MAX, help_text=gettext_lazy("The record the document is about.")
    )
    language = serializers.ChoiceField(choices=["en", "fr", "es"])
    variant = serializers.CharField(required=False, allow_blank=True, max_length=12)


class DocumentJobList(TokenListView):
    """GET: the document requests the token's owner sees, with their status. POST: ask for a document,
    as the "Generate" button of a documents page does."""

    serializer_class = out.DocumentJobSerializer
    pagination_class = cursor("-created_at", "-pk")

    def get_queryset(self):
        filters = validated(DocumentJobFilters, self.request.query_params)
        jobs = document_queries.jobs_visible_to(self.request.user)
        if "kind" in filters:
            jobs = jobs.filter(kind=filters["kind"])
        if "status" in filters:
            jobs = jobs.filter(status=filters["status"])
        return jobs

    @extend_schema(parameters=[DocumentJobFilters])
    def get(self, request):
        return self.list(request)

    @extend_schema(request=DocumentRequest, responses={201: out.DocumentJobSerializer})
    def post(self, request):
        data = validated(DocumentRequest, request.data)
        user = request.user
        spec = KINDS[data["kind"]]
        source = get_object_or_404(spec.model, pk=data["source"])

        def target(variant: str = "") -> Target:
            try:
                variant = document_services.variant_for(data["kind"], source, variant)
            except DjangoValidationError:
                variant = spec.variants[0]
            return Target(kind=data["kind"], variant=variant, source=source)

        if not user.has_perm("documents.view", target()) and not user.has_perm("documents.request", target()):
            raise Http404
        form = DocumentRequestForm(
            data={"language": data["language"], "variant": data.get("variant", "")}, kind=data["kind"]
        )
        if not form.is_valid():
            raise form_errors(form)
        if not user.has_perm("documents.request", target(form.cleaned_data["variant"])):
            raise PermissionDenied(_("You may see this document but not ask for a new one."))
        job = self.write(
            "request_document",
            document_services.request_document,
            kind=data["kind"],
            source=source,
            variant=form.cleaned_data["variant"],
            language=form.cleaned_data["language"],
            by=user,
        )
        job = document_queries.jobs_visible_to(user).get(pk=job.pk)
        return Response(self.get_serializer(job).data, status=status.HTTP_201_CREATED)


class DocumentJobDetail(TokenView):
    """One document request: its status, progress and, once ready, the download."""

    serializer_class = out.DocumentJobSerializer

    def get(self, request, pk: int):
        job = one_of(document_queries.jobs_visible_to(request.user), pk)
        return Response(self.get_serializer(job).data)
