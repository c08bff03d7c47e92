"""Public and focal-point pages: the consultations, a member state's ballot, the results."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.generic import ListView, TemplateView

from directory.pagination import ForgivingPaginationMixin
from workshops import cache

from . import queries
from .models import Consultation
from .permissions import may_view_results, voting_state

PAGE_SIZE = 50


@method_decorator(login_not_required, name="dispatch")
class ConsultationListView(ForgivingPaginationMixin, ListView):
    """Every consultation put to the membership: open surveys, then the results of closed ones."""

    template_name = "consultations/list.html"
    context_object_name = "consultations"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return queries.consultations_for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(voting_state=voting_state(self.request.user), **kwargs)


@method_decorator(login_not_required, name="dispatch")
class ResultsView(cache.AnonymousPageCacheMixin, TemplateView):
    """The results, public once the survey is closed; before that the page does not exist. Anonymous
    visitors get it whole from the page cache (consultations/signals.py gives it a new version)."""

    template_name = "consultations/results.html"
    page_name = "consultations:results"

    def page_parts(self) -> tuple:
        return (self.kwargs["pk"],)

    def get_context_data(self, **kwargs):
        consultation = get_object_or_404(Consultation.objects.select_related("adopted_year"), pk=kwargs["pk"])
        if not may_view_results(self.request.user, consultation):
            raise Http404("The results are published when the survey closes.")
        return super().get_context_data(
            consultation=consultation,
            results=queries.results_of(consultation),
            meetings=list(queries.meetings_of(consultation)),
            **kwargs,
        )
