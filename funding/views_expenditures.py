"""Expenditures under /staff/funding/: the list with its filters, recording, correcting and reversing.

Thin views: the form checks the input, one service (``record_expenditure``, ``correct_expenditure``,
``reverse_expenditure``) decides under the source's row lock, a query reads the screen.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from directory.hardening import whole_number
from directory.pagination import ForgivingPaginationMixin
from workshops.models import Workshop

from . import queries, services
from .currencies import money_text
from .forms import ExpenditureCorrectionForm, ExpenditureFilterForm, ExpenditureForm, ReasonForm
from .models import Expenditure
from .views_staff import PAGE_SIZE, FundingStaffMixin, ServiceFormView, WorkshopMixin


class ExpenditureListView(FundingStaffMixin, ForgivingPaginationMixin, ListView):
    template_name = "funding/expenditure_list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.filter_form = ExpenditureFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        self.workshop = None
        workshop_id = whole_number(self.request.GET.get("workshop"))
        if workshop_id is not None:
            self.workshop = get_object_or_404(Workshop.objects.select_related("year"), pk=workshop_id)
        self.rows = queries.expenditures_for_list(
            year=filters.get("year"),
            workshop=self.workshop,
            cost_line=filters.get("cost_line", ""),
            state=filters.get("state", ""),
            search=filters.get("q", ""),
        )
        return self.rows

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filter_form,
            workshop=self.workshop,
            total=queries.total_usd(self.rows),
            query=query.urlencode(),
            **kwargs,
        )


class SourcesMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sources": queries.sources_for(self.workshop)}


class ExpenditureCreateView(WorkshopMixin, SourcesMixin, ServiceFormView):
    form_class = ExpenditureForm
    template_name = "funding/expenditure_form.html"
    success_text = gettext_lazy("The expenditure was recorded.")

    @property
    def title(self):
        return _("Record an expenditure of %(workshop)s") % {"workshop": self.workshop}

    intro = gettext_lazy(
        "Charged to money earmarked for this workshop (or the cost line) or to programme money allocated to it; "
        "never more than the source still holds."
    )

    def call_service(self, form):
        return services.record_expenditure(workshop=self.workshop, by=self.request.user, **form.cleaned_data)


class ExpenditureMixin:
    def dispatch(self, request, *args, **kwargs):
        self.expenditure = get_object_or_404(
            Expenditure.objects.select_related("workshop__year", "contribution", "allocation"), pk=kwargs["pk"]
        )
        self.workshop = self.expenditure.workshop
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return reverse("funding:expenditure_list") + "?workshop=%d" % self.workshop.pk


class ExpenditureCorrectView(ExpenditureMixin, SourcesMixin, ServiceFormView):
    form_class = ExpenditureCorrectionForm
    template_name = "funding/expenditure_form.html"
    success_text = gettext_lazy("The expenditure was corrected.")

    @property
    def title(self):
        return _("Correct the expenditure of %(workshop)s") % {"workshop": self.workshop}

    def get_initial(self):
        e = self.expenditure
        source = "contribution:%d" % e.contribution_id if e.contribution_id else "allocation:%d" % e.allocation_id
        return {
            "spent_on": e.spent_on,
            "cost_line": e.cost_line,
            "amount": e.amount,
            "currency": e.currency,
            "usd_rate": e.usd_rate,
            "description": e.description,
            "reference": e.reference,
            "source": source,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(expenditure=self.expenditure, **kwargs)

    def call_service(self, form):
        return services.correct_expenditure(expenditure=self.expenditure, by=self.request.user, **form.cleaned_data)


class ExpenditureReverseView(ExpenditureMixin, ServiceFormView):
    form_class = ReasonForm
    template_name = "funding/expenditure_form.html"
    success_text = gettext_lazy("The expenditure was reversed; its source holds the money again.")
    intro = gettext_lazy(
        "It stays on record and no longer counts as spent. Say why; the reason is kept in the history."
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=_("Reverse"), **kwargs)

    @property
    def title(self):
        return _("Reverse the expenditure of %(amount)s %(currency)s: %(description)s") % {
            "amount": money_text(self.expenditure.amount, self.expenditure.currency),
            "currency": self.expenditure.currency,
            "description": self.expenditure.description,
        }

    def call_service(self, form):
        return services.reverse_expenditure(expenditure=self.expenditure, by=self.request.user, **form.cleaned_data)
