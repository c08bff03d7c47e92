"""Public and focal-point pages: the consultations, a member state's ballot, the results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from . import queries, services
from .forms import BallotForm
from .models import Consultation
from .permissions import may_view_results, voting_state

PAGE_SIZE = 50


def form_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@method_decorator(login_not_required, name="dispatch")
class ConsultationListView(ListView):
    """Every consultation put to the membership: open surveys, then the results of closed ones."""

    template_name = "consultations/list.html"
    context_object_name = "consultations"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return queries.consultations_for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(voting_state=voting_state(self.request.user), **kwargs)


@method_decorator(login_not_required, name="dispatch")
class ResultsView(TemplateView):
    """The results, public once the survey is closed; before that the page does not exist."""

    template_name = "consultations/results.html"

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


class BallotView(PermissionRequiredMixin, FormView):
    """The focal point ranks the candidate themes and chooses workshop topics for the member state.

    Shows the state's current ballot, who cast it and until when it can be changed."""

    permission_required = "consultations.vote"
    template_name = "consultations/ballot.html"
    form_class = BallotForm

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.consultation = get_object_or_404(
            Consultation.objects.exclude(status=Consultation.Status.DRAFT), pk=kwargs["pk"]
        )
        self.state = voting_state(request.user)
        self.ballot = queries.ballot_of(self.consultation, self.state)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "themes": queries.themes_of(self.consultation),
            "topics": queries.offered_topics(self.consultation),
            "max_topics": self.consultation.max_topics,
            "ballot": self.ballot,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            state=self.state,
            ballot=self.ballot,
            survey_open=self.consultation.survey_is_open(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.cast_ballot(
                consultation=self.consultation, by=self.request.user, ranking=form.ranking, topics=form.topic_ids
            )
        except ValidationError as error:
            form_errors(form, error)
            return self.form_invalid(form)
        if self.ballot is None:
            messages.success(self.request, _("The ballot of %(state)s was recorded.") % {"state": self.state.name})
        else:
            messages.success(self.request, _("The ballot of %(state)s was changed.") % {"state": self.state.name})
        return redirect("consultations:ballot", pk=self.consultation.pk)
