"""A speaker's own presentations."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from . import queries, services
from .forms import (
    OwnPresentationForm,
)
from .models import Participation
from .views_staff import _apply_service


class MyPresentationsView(TemplateView):
    template_name = "sessions_council/my_presentations.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(participations=queries.participations_of(self.request.user), **kwargs)


class MyPresentationUploadView(FormView):
    """A speaker with a portal account uploads their own presentation; anyone else gets 404."""

    form_class = OwnPresentationForm
    template_name = "sessions_council/my_presentation_upload.html"

    @cached_property
    def participation(self) -> Participation:
        return get_object_or_404(queries.participations_of(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self):
        return {"consent_to_publish": self.participation.consent_to_publish}

    def get_context_data(self, **kwargs):
        return super().get_context_data(participation=self.participation, **kwargs)

    def form_valid(self, form):
        if not _apply_service(
            form,
            lambda: services.submit_own_presentation(
                participation=self.participation,
                upload=form.cleaned_data["file"],
                consent_to_publish=form.cleaned_data["consent_to_publish"],
                by=self.request.user,
            ),
        ):
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you: your presentation was received."))
        return redirect("sessions_council:my_presentations")
