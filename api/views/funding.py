"""Funding with a token: the contributions and payments the token's owner sees (the secretariat all, a
donor contact their organisation's), and the secretariat's writes — a contribution, its commitment, a
payment — through the funding pages' forms and services (the same rules, locks and audit history, which
records the token). Another donor's record is a 404, as on the pages."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from funding import queries as funding_queries
from funding import services as funding_services
from funding.forms import CommitForm, ContributionForm, PaymentForm
from funding.models import Contribution, CostLine, Payment
from workshops.models import DialogueYear, Workshop

from .. import serializers as out
from ..pagination import cursor
from .base import INT_MAX, TokenListView, TokenView, form_errors, one_of, validated

MONEY = {"max_digits": 16, "decimal_places": 3}
RATE = {"max_digits": 18, "decimal_places": 8}


def _check_funding_reader(user) -> None:
    if not (user.has_perm("funding.manage") or user.has_perm("funding.use_donor_portal")):
        raise PermissionDenied(_("Only the secretariat and donor contacts see contributions."))


def _check_funding_writer(user) -> None:
    if not user.has_perm("funding.manage"):
        raise PermissionDenied(_("Only the secretariat records contributions and payments."))


def _contributions(user):
    return funding_queries.with_paid(funding_queries.contributions_visible_to(user))


class ContributionFilters(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999)
    workshop = serializers.SlugField(required=False, max_length=120)
    stage = serializers.ChoiceField(choices=Contribution.Stage.choices, required=False)


class ContributionRequest(serializers.Serializer):
    """The "New contribution" form of the funding pages, as JSON (the year by its number, the
    workshop by its slug)."""

    donor = serializers.IntegerField(min_value=1, max_value=INT_MAX)
    year = serializers.IntegerField(min_value=1900, max_value=2100, help_text=gettext_lazy("The IDM year, e.g. 2010."))
    workshop = serializers.SlugField(
        required=False, allow_blank=True, max_length=120, help_text=gettext_lazy("Earmarked for this workshop.")
    )
    cost_line = serializers.ChoiceField(choices=[("", "")] + list(CostLine.choices), required=False)
    stage = serializers.ChoiceField(choices=[Contribution.Stage.PLEDGE, Contribution.Stage.COMMITMENT])
    amount = serializers.DecimalField(**MONEY)
    currency = serializers.CharField(max_length=3, help_text=gettext_lazy("ISO 4217, e.g. USD, EUR, CHF."))
    usd_rate = serializers.DecimalField(required=False, allow_null=True, **RATE)
    pledged_on = serializers.DateField(required=False, allow_null=True)
    committed_on = serializers.DateField(required=False, allow_null=True)
    agreement_reference = serializers.CharField(required=False, allow_blank=True, max_length=100)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _blank(value) -> str:
    return "" if value is None else str(value)


def _contribution_form(data: dict) -> ContributionForm:
    """The page's form, bound to the request: the year and the workshop named by the API's keys."""
    year = DialogueYear.objects.filter(year=data["year"]).first()
    if year is None:
        raise ValidationError({"year": [_("There is no IDM year %(year)s.") % {"year": data["year"]}]})
    workshop = None
    if data.get("workshop"):
        workshop = Workshop.objects.filter(slug=data["workshop"]).first()
        if workshop is None:
            raise ValidationError({"workshop": [_("There is no such workshop.")]})
    fields = ("cost_line", "stage", "amount", "currency", "usd_rate", "pledged_on", "committed_on")
    return ContributionForm(
        data={
            "donor": data["donor"],
            "year": year.pk,
            "workshop": workshop.pk if workshop else "",
            **{name: _blank(data.get(name)) for name in fields},
            "agreement_reference": data.get("agreement_reference", ""),
            "note": data.get("note", ""),
        }
    )


class ContributionList(TokenListView):
    """GET: contributions, the secretariat's all, a donor contact's own organisation's only. POST (the
    secretariat): record a pledge or a commitment, as the "New contribution" page does."""

    serializer_class = out.ContributionSerializer
    pagination_class = cursor("-created_at", "-pk")

    def get_queryset(self):
        filters = validated(ContributionFilters, self.request.query_params)
        contributions = _contributions(self.request.user)
        if "year" in filters:
            contributions = contributions.filter(year__year=filters["year"])
        if "workshop" in filters:
            contributions = contributions.filter(workshop__slug=filters["workshop"])
        if "stage" in filters:
            contributions = contributions.filter(stage=filters["stage"])
        return contributions

    @extend_schema(parameters=[ContributionFilters])
    def get(self, request):
        _check_funding_reader(request.user)
        return self.list(request)

    @extend_schema(request=ContributionRequest, responses={201: out.ContributionSerializer})
    def post(self, request):
        _check_funding_writer(request.user)
        form = _contribution_form(validated(ContributionRequest, request.data))
        if not form.is_valid():
            raise form_errors(form)
        contribution = self.write(
            "record_contribution", funding_services.record_contribution, by=request.user, **form.cleaned_data
        )
        contribution = _contributions(request.user).get(pk=contribution.pk)
        return Response(self.get_serializer(contribution).data, status=status.HTTP_201_CREATED)


class ContributionDetail(TokenView):
    """One contribution with its payments; another donor's is not found."""

    serializer_class = out.ContributionDetailSerializer

    def get(self, request, pk: int):
        _check_funding_reader(request.user)
        contributions = _contributions(request.user).prefetch_related("payments")
        contribution = one_of(contributions, pk)
        return Response(self.get_serializer(contribution).data)


class CommitRequest(serializers.Serializer):
    """The "Record the commitment" form: a pledge becomes a commitment."""

    committed_on = serializers.DateField()
    usd_rate = serializers.DecimalField(required=False, allow_null=True, **RATE)
    amount = serializers.DecimalField(
        required=False, allow_null=True, help_text=gettext_lazy("Empty: the amount pledged."), **MONEY
    )
    agreement_reference = serializers.CharField(required=False, allow_blank=True, max_length=100)


class ContributionCommit(TokenView):
    """The secretariat records that a pledge is committed (the agreement is signed), at the rate of the day."""

    serializer_class = out.ContributionSerializer

    @extend_schema(request=CommitRequest, responses={200: out.ContributionSerializer})
    def post(self, request, pk: int):
        _check_funding_writer(request.user)
        contribution = one_of(_contributions(request.user), pk)
        data = validated(CommitRequest, request.data)
        form = CommitForm(
            data={
                "committed_on": _blank(data["committed_on"]),
                "usd_rate": _blank(data.get("usd_rate")),
                "amount": _blank(data.get("amount")),
                "agreement_reference": data.get("agreement_reference", ""),
            }
        )
        if not form.is_valid():
            raise form_errors(form)
        self.write(
            "commit_contribution",
            funding_services.commit_contribution,
            contribution=contribution,
            by=request.user,
            **form.cleaned_data,
        )
        contribution = _contributions(request.user).get(pk=contribution.pk)
        return Response(self.get_serializer(contribution).data)


class PaymentRequest(serializers.Serializer):
    """The "Record a payment" form of a contribution's page."""

    contribution = serializers.IntegerField(min_value=1, max_value=INT_MAX)
    received_on = serializers.DateField()
    amount = serializers.DecimalField(**MONEY)
    currency = serializers.CharField(max_length=3)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=100)


class PaymentList(TokenListView):
    """GET: payments received on the contributions the token's owner sees. POST (the secretariat):
    record money received against a contribution, never above what was committed."""

    serializer_class = out.PaymentSerializer
    pagination_class = cursor("-received_on", "-pk")

    def get_queryset(self):
        visible = funding_queries.contributions_visible_to(self.request.user).values("pk")
        return Payment.objects.filter(contribution__in=visible)

    def get(self, request):
        _check_funding_reader(request.user)
        return self.list(request)

    @extend_schema(request=PaymentRequest, responses={201: out.PaymentSerializer})
    def post(self, request):
        _check_funding_writer(request.user)
        data = validated(PaymentRequest, request.data)
        visible = funding_queries.contributions_visible_to(request.user)
        contribution = get_object_or_404(visible, pk=data["contribution"])
        form = PaymentForm(
            data={
                "received_on": _blank(data["received_on"]),
                "amount": _blank(data["amount"]),
                "currency": data["currency"],
                "reference": data.get("reference", ""),
            }
        )
        if not form.is_valid():
            raise form_errors(form)
        payment = self.write(
            "record_payment",
            funding_services.record_payment,
            contribution=contribution,
            by=request.user,
            **form.cleaned_data,
        )
        return Response(self.get_serializer(payment).data, status=status.HTTP_201_CREATED)


class FundedWorkshopList(TokenListView):
    """What a donor's money paid for: the workshops it went to and the funded participants by region."""

    serializer_class = out.FundedWorkshopSerializer

    def get_queryset(self):
        if not self.request.user.has_perm("funding.use_donor_portal"):
            raise PermissionDenied(_("Only donor contacts see what their contributions paid for."))
        return funding_queries.funded_workshops_of(self.request.user)
