"""Funding pages: the secretariat's dashboard and records under /staff/funding/, the donor portal under /donor/.

Views are thin: a form validates the input, one service makes the change, a query reads the screen.
A service's ValidationError comes back on the form, and nothing was saved (each service is atomic).
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from directory.hardening import whole_number
from directory.permissions import SecretariatRequiredMixin
from directory.service_views import ServiceFormView as BaseServiceFormView
from workshops.models import DialogueYear, Workshop

from . import cache as funding_cache
from . import iati, queries, services
from .currencies import money_text
from .forms import (
    AllocationForm,
    BudgetForm,
    CommitForm,
    ContributionForm,
    PaymentForm,
    ReasonForm,
)
from .models import Allocation, Contribution, CostLine, Payment

PAGE_SIZE = 50


class FundingStaffMixin(SecretariatRequiredMixin):
    permission_required = "funding.manage"


class ServiceFormView(FundingStaffMixin, BaseServiceFormView):
    """Funding's secretariat forms: one template, back to the overview unless the page says otherwise."""

    template_name = "funding/form.html"

    def back_url(self) -> str:
        return reverse("funding:overview")


# --- Dashboard ------------------------------------------------------------------------------------


class OverviewView(FundingStaffMixin, TemplateView):
    template_name = "funding/overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=queries.years_overview(), **kwargs)


def contributions_page(request, contributions, *, count: int | None = None, number: int | None = None) -> dict:
    """The page of contributions a table shows (50 a page) from a query: the figures count them all
    (summed by the database), the table loads and renders only these. ``count``: how many there are,
    when the caller knows (else counted); ``number``: the page, when the caller found it (else the
    request's, as ``page_number``)."""
    paginator = Paginator(contributions, PAGE_SIZE)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page") if number is None else number)
    return {
        "contributions": page,
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
    }


def page_number(request, count: int) -> int:
    """The page of ``count`` contributions the request asks for, as ``contributions_page`` shows it (the
    first for a page that is not a number, the last for one past it), without reading any of them.
    Without a query string, the first (no paginator, no GET to build)."""
    if not request.META.get("QUERY_STRING"):
        return 1
    return Paginator(range(count), PAGE_SIZE).get_page(request.GET.get("page")).number


class YearMixin:
    """A page of one IDM year's funding (``year`` in the address)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"] = get_object_or_404(DialogueYear, year=self.kwargs["year"])
        return context


class YearDashboardView(FundingStaffMixin, YearMixin, TemplateView):
    """The year's totals, its chart and the figures of each workshop, kept until a record they show
    changes (``funding_tags.year_figures``); its budget against actual and its contributions are pages
    of their own (``year_actuals``, ``year_contributions``)."""

    template_name = "funding/year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = context["year"]
        # The version first, then the figures (only if the kept ones are not there): see funding.cache.
        context["kept_version"] = funding_cache.version()
        context["dashboard"] = SimpleLazyObject(lambda: queries.year_dashboard(year))
        return context


class YearActualsView(FundingStaffMixin, YearMixin, TemplateView):
    template_name = "funding/year_actuals.html"
    extra_context = {"current": "actuals", "section_title": gettext_lazy("Budget against actual")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actuals"] = queries.year_dashboard(context["year"]).actuals
        return context


class YearContributionsView(FundingStaffMixin, YearMixin, TemplateView):
    template_name = "funding/year_contributions.html"
    extra_context = {"current": "contributions", "section_title": gettext_lazy("Contributions")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = context["year"]
        context.update(contributions_page(self.request, queries.year_contributions(year)))
        shown = list(context["contributions"])
        for contribution in shown:
            contribution.year = year
        # The unspent balance of the contributions on this page only.
        context["balances"] = queries.unspent_balances(shown)
        return context


class YearIatiView(FundingStaffMixin, View):
    def get(self, request, year: int):
        year = get_object_or_404(DialogueYear, year=year)
        contributions = iati.contributions_for_iati(queries.contributions_visible_to(request.user), year)
        return _iati_response(year, contributions, f"idm-{year.year}-iati.xml")


def _iati_response(year: DialogueYear, contributions, filename: str, *, own_only: bool = False) -> HttpResponse:
    """The IATI file of these contributions and the expenditures (all the year's, or with ``own_only``
    those charged to these contributions)."""
    expenditures = iati.expenditures_for_iati(year, contributions=contributions if own_only else None)
    body = iati.activity_file(
        year=year,
        workshops=Workshop.objects.filter(year=year),
        contributions=contributions,
        expenditures=expenditures,
    )
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class WorkshopFundingView(FundingStaffMixin, TemplateView):
    template_name = "funding/workshop.html"

    def get_context_data(self, **kwargs):
        workshop = get_object_or_404(Workshop.objects.select_related("year"), pk=self.kwargs["pk"])
        return super().get_context_data(
            workshop=workshop,
            page=queries.workshop_funding(workshop),
            confirm_form=ReasonForm(),
            **kwargs,
        )


class WorkshopMixin:
    def dispatch(self, request, *args, **kwargs):
        self.workshop = get_object_or_404(Workshop.objects.select_related("year"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return reverse("funding:workshop", kwargs={"pk": self.workshop.pk})

    def get_context_data(self, **kwargs):
        return super().get_context_data(workshop=self.workshop, **kwargs)


class BudgetView(WorkshopMixin, ServiceFormView):
    form_class = BudgetForm
    template_name = "funding/budget_form.html"
    success_text = gettext_lazy("The budget was saved.")

    def get_initial(self):
        return BudgetForm.initial_from(self.workshop.budget_lines.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["amount_fields"] = [
            (CostLine(name).label, form[name], form[f"{name}_description"]) for name in BudgetForm.AMOUNT_LINES
        ]
        return context

    def call_service(self, form):
        return services.save_budget(workshop=self.workshop, by=self.request.user, lines=form.lines())


class AllocationCreateView(WorkshopMixin, ServiceFormView):
    form_class = AllocationForm
    success_text = gettext_lazy("The allocation was recorded.")

    @property
    def title(self):
        return _("Allocate programme money to %(workshop)s") % {"workshop": self.workshop}

    @property
    def intro(self):
        return _("Unearmarked money of IDM %(year)s not yet allocated: %(amount)s USD.") % {
            "year": self.workshop.year.year,
            "amount": money_text(services.unallocated(self.workshop.year_id)),
        }

    def call_service(self, form):
        return services.allocate(workshop=self.workshop, by=self.request.user, **form.cleaned_data)


class AllocationMixin:
    def dispatch(self, request, *args, **kwargs):
        self.allocation = get_object_or_404(Allocation.objects.select_related("workshop__year"), pk=kwargs["pk"])
        self.workshop = self.allocation.workshop
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return reverse("funding:workshop", kwargs={"pk": self.workshop.pk})


class AllocationEditView(AllocationMixin, ServiceFormView):
    form_class = AllocationForm
    success_text = gettext_lazy("The allocation was saved.")

    @property
    def title(self):
        return _("Edit the allocation to %(workshop)s") % {"workshop": self.workshop}

    def get_initial(self):
        a = self.allocation
        return {"amount_usd": a.amount_usd, "cost_line": a.cost_line, "allocated_on": a.allocated_on, "note": a.note}

    def call_service(self, form):
        return services.update_allocation(allocation=self.allocation, by=self.request.user, **form.cleaned_data)


class AllocationDeleteView(AllocationMixin, ServiceFormView):
    form_class = ReasonForm
    template_name = "funding/confirm_delete.html"
    success_text = gettext_lazy("The allocation was removed.")

    @property
    def title(self):
        return _("Remove the allocation of %(amount)s USD to %(workshop)s") % {
            "amount": money_text(self.allocation.amount_usd),
            "workshop": self.workshop,
        }

    def call_service(self, form):
        return services.delete_allocation(allocation=self.allocation, by=self.request.user, **form.cleaned_data)


class ConfirmEarlyView(WorkshopMixin, ServiceFormView):
    form_class = ReasonForm
    success_text = gettext_lazy("The workshop is confirmed.")

    @property
    def title(self):
        return _("Confirm %(workshop)s before its budget is covered") % {"workshop": self.workshop}

    def call_service(self, form):
        return services.confirm_workshop_early(workshop=self.workshop, by=self.request.user, **form.cleaned_data)


class WithdrawConfirmationView(WorkshopMixin, ServiceFormView):
    form_class = ReasonForm
    success_text = gettext_lazy("The early confirmation was withdrawn.")

    @property
    def title(self):
        return _("Withdraw the early confirmation of %(workshop)s") % {"workshop": self.workshop}

    def call_service(self, form):
        return services.withdraw_early_confirmation(workshop=self.workshop, by=self.request.user, **form.cleaned_data)


# --- Contributions and payments -------------------------------------------------------------------


class ContributionCreateView(ServiceFormView):
    form_class = ContributionForm
    title = gettext_lazy("New contribution")
    success_text = gettext_lazy("The contribution was recorded.")

    def get_initial(self):
        initial = {"stage": Contribution.Stage.PLEDGE, "currency": "USD"}
        params = self.request.GET
        donor, year, workshop = (whole_number(params.get(name)) for name in ("donor", "year", "workshop"))
        if donor is not None:
            initial["donor"] = donor
        if year is not None:
            year = DialogueYear.objects.filter(year=year).first()
            initial["year"] = year.pk if year else None
        if workshop is not None:
            workshop = Workshop.objects.filter(pk=workshop).first()
            if workshop is not None:
                initial.update(workshop=workshop.pk, year=workshop.year_id)
        return initial

    def call_service(self, form):
        return services.record_contribution(by=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None) -> str:
        return reverse("funding:contribution_detail", kwargs={"pk": result.pk})


class ContributionMixin:
    def dispatch(self, request, *args, **kwargs):
        self.contribution = get_object_or_404(
            Contribution.objects.select_related("donor", "year", "workshop"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return reverse("funding:contribution_detail", kwargs={"pk": self.contribution.pk})

    def get_success_url(self, result=None) -> str:
        return self.back_url()


class ContributionDetailView(FundingStaffMixin, ContributionMixin, TemplateView):
    template_name = "funding/contribution_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **queries.contribution_page(self.contribution),
            audit=list(queries.audit_entries().filter(contribution=self.contribution)[:50]),
            **kwargs,
        )


class ContributionEditView(ContributionMixin, ServiceFormView):
    form_class = ContributionForm
    success_text = gettext_lazy("The contribution was saved.")

    @property
    def title(self):
        return _("Edit the contribution of %(donor)s") % {"donor": self.contribution.donor}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self):
        c = self.contribution
        return {name: getattr(c, name) for name in services.CONTRIBUTION_FIELDS}

    def call_service(self, form):
        return services.update_contribution(contribution=self.contribution, by=self.request.user, **form.cleaned_data)


class ContributionCommitView(ContributionMixin, ServiceFormView):
    form_class = CommitForm
    success_text = gettext_lazy("The pledge is now a commitment.")

    @property
    def title(self):
        return _("Record the commitment of %(donor)s") % {"donor": self.contribution.donor}

    @property
    def intro(self):
        return _("Pledged: %(amount)s %(currency)s on %(date)s.") % {
            "amount": money_text(self.contribution.amount, self.contribution.currency),
            "currency": self.contribution.currency,
            "date": self.contribution.pledged_on or "—",
        }

    def get_initial(self):
        return {
            **super().get_initial(),
            "usd_rate": self.contribution.usd_rate,
            "agreement_reference": self.contribution.agreement_reference,
        }

    def call_service(self, form):
        data = form.cleaned_data
        return services.commit_contribution(
            contribution=self.contribution,
            by=self.request.user,
            committed_on=data["committed_on"],
            usd_rate=data["usd_rate"],
            agreement_reference=data["agreement_reference"],
            amount=data["amount"],
        )


class ContributionDeleteView(ContributionMixin, ServiceFormView):
    form_class = ReasonForm
    template_name = "funding/confirm_delete.html"
    success_text = gettext_lazy("The contribution was deleted.")

    @property
    def title(self):
        return _("Delete the contribution of %(donor)s") % {"donor": self.contribution.donor}

    def call_service(self, form):
        return services.delete_contribution(contribution=self.contribution, by=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None) -> str:
        return reverse("funding:donor_detail", kwargs={"pk": self.contribution.donor_id})


class PaymentCreateView(ContributionMixin, ServiceFormView):
    form_class = PaymentForm
    success_text = gettext_lazy("The payment was recorded.")

    @property
    def title(self):
        return _("Record a payment from %(donor)s") % {"donor": self.contribution.donor}

    def get_initial(self):
        return {**super().get_initial(), "currency": self.contribution.currency}

    def call_service(self, form):
        return services.record_payment(contribution=self.contribution, by=self.request.user, **form.cleaned_data)


class PaymentMixin:
    def dispatch(self, request, *args, **kwargs):
        self.payment = get_object_or_404(
            Payment.objects.select_related("contribution__donor", "contribution__year", "contribution__workshop"),
            pk=kwargs["pk"],
        )
        self.contribution = self.payment.contribution
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return reverse("funding:contribution_detail", kwargs={"pk": self.contribution.pk})

    def get_success_url(self, result=None) -> str:
        return self.back_url()


class PaymentEditView(PaymentMixin, ServiceFormView):
    form_class = PaymentForm
    success_text = gettext_lazy("The payment was saved.")

    @property
    def title(self):
        return _("Edit a payment from %(donor)s") % {"donor": self.contribution.donor}

    def get_initial(self):
        p = self.payment
        return {"received_on": p.received_on, "amount": p.amount, "currency": p.currency, "reference": p.reference}

    def call_service(self, form):
        return services.update_payment(payment=self.payment, by=self.request.user, **form.cleaned_data)


class PaymentDeleteView(PaymentMixin, ServiceFormView):
    form_class = ReasonForm
    template_name = "funding/confirm_delete.html"
    success_text = gettext_lazy("The payment was deleted.")

    @property
    def title(self):
        return _("Delete the payment of %(amount)s %(currency)s") % {
            "amount": money_text(self.payment.amount, self.payment.currency),
            "currency": self.payment.currency,
        }

    def call_service(self, form):
        return services.delete_payment(payment=self.payment, by=self.request.user, **form.cleaned_data)
