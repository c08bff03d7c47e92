"""The focal point's ballot for the member state."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from directory.service_views import ServiceFormView

from . import queries, services
from .forms import BallotForm
from .models import Consultation
from .permissions import voting_state


class BallotView(PermissionRequiredMixin, ServiceFormView):
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

    def call_service(self, form):
        services.cast_ballot(
            consultation=self.consultation, by=self.request.user, ranking=form.ranking, topics=form.topic_ids
        )

    def get_success_text(self, result) -> str:
        if self.ballot is None:
            return _("The ballot of %(state)s was recorded.") % {"state": self.state}
        return _("The ballot of %(state)s was changed.") % {"state": self.state}

    def get_success_url(self, result=None) -> str:
        return reverse("consultations:ballot", kwargs={"pk": self.consultation.pk})
