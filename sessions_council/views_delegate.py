"""A speaker's own presentations."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from directory.service_views import ServiceFormView

from . import queries, services
from .forms import (
    OwnPresentationForm,
)
from .models import Participation


class MyPresentationsView(TemplateView):
    template_name = "sessions_council/my_presentations.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(participations=queries.participations_of(self.request.user), **kwargs)


class MyPresentationUploadView(ServiceFormView):
    """A speaker with a portal account uploads their own presentation; anyone else gets 404."""

    form_class = OwnPresentationForm
    template_name = "sessions_council/my_presentation_upload.html"
    success_text = gettext_lazy("Thank you: your presentation was received.")

    @cached_property
    def participation(self) -> Participation:
        return get_object_or_404(queries.participations_of(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self):
        return {"consent_to_publish": self.participation.consent_to_publish}

    def get_context_data(self, **kwargs):
        return super().get_context_data(participation=self.participation, **kwargs)

    def call_service(self, form):
        services.submit_own_presentation(
            participation=self.participation,
            upload=form.cleaned_data["file"],
            consent_to_publish=form.cleaned_data["consent_to_publish"],
            by=self.request.user,
        )

    def get_success_url(self, result=None) -> str:
        return reverse("sessions_council:my_presentations")
