"""The focal point's ballot for the member state."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from . import queries, services
from .forms import BallotForm
from .models import Consultation
from .permissions import voting_state
from .views_public import form_errors


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
            messages.success(self.request, _("The ballot of %(state)s was recorded.") % {"state": self.state})
        else:
            messages.success(self.request, _("The ballot of %(state)s was changed.") % {"state": self.state})
        return redirect("consultations:ballot", pk=self.consultation.pk)
