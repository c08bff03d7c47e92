from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from directory.pagination import ForgivingPaginationMixin
from directory.permissions import SecretariatRequiredMixin
from directory.service_views import ServiceFormView

from . import queries, services
from .forms import (
    PanelForm,
    ParticipationForm,
    PresentationForm,
    SessionForm,
    SpeakerForm,
)
from .models import CouncilSession, Panel, Participation

PAGE_SIZE = 50


# --- Secretariat pages ------------------------------------------------------------------------


class StaffSessionListView(SecretariatRequiredMixin, ForgivingPaginationMixin, ListView):
    template_name = "sessions_council/staff_session_list.html"
    context_object_name = "sessions"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return queries.sessions_for_staff()


class StaffFormView(SecretariatRequiredMixin, ServiceFormView):
    """Create or edit one record through its service. Records are looked up after the permission
    check (``cached_property``), so anonymous users are sent to log in whatever the address."""

    template_name = "sessions_council/staff_form.html"

    def get_instance(self):
        raise NotImplementedError

    @cached_property
    def instance(self):
        return self.get_instance()

    def save(self, instance) -> None:
        raise NotImplementedError

    def call_service(self, form):
        self.save(form.instance)
        return form.instance

    def get_success_text(self, instance) -> str:
        return _("%(record)s was saved.") % {"record": instance}

    def back_url(self) -> str:
        return reverse("sessions_council:staff_session_list")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.instance}

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.instance, **kwargs)


class SessionCreateView(StaffFormView):
    form_class = SessionForm
    title = gettext_lazy("New Council session")

    def get_instance(self):
        return CouncilSession()

    def save(self, instance) -> None:
        services.save_session(session=instance)

    def get_success_url(self, instance=None) -> str:
        return reverse("sessions_council:staff_session", kwargs={"pk": instance.pk})


class SessionUpdateView(SessionCreateView):
    title = gettext_lazy("Edit Council session")

    def get_instance(self):
        return get_object_or_404(CouncilSession, pk=self.kwargs["pk"])

    def back_url(self) -> str:
        return self.get_success_url(self.instance)


class StaffSessionView(SecretariatRequiredMixin, DetailView):
    """A session's panels and speakers: reorder, upload presentations, see which are missing."""

    template_name = "sessions_council/staff_session.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        return queries.session_for_staff(pk=self.kwargs["pk"])


class PanelCreateView(StaffFormView):
    form_class = PanelForm
    title = gettext_lazy("New panel")

    def get_instance(self):
        return Panel(session=get_object_or_404(CouncilSession, pk=self.kwargs["pk"]))

    def save(self, instance) -> None:
        services.save_panel(panel=instance)

    def back_url(self) -> str:
        return reverse("sessions_council:staff_session", kwargs={"pk": self.instance.session_id})

    def get_success_url(self, instance=None) -> str:
        return self.back_url() + f"#panel-{instance.pk}"


class PanelUpdateView(PanelCreateView):
    title = gettext_lazy("Edit panel")

    def get_instance(self):
        return queries.panel_for_staff(pk=self.kwargs["pk"])


class ParticipationCreateView(StaffFormView):
    form_class = ParticipationForm
    title = gettext_lazy("Add a speaker")

    def get_instance(self):
        return Participation(panel=queries.panel_for_staff(pk=self.kwargs["pk"]))

    def save(self, instance) -> None:
        services.add_participation(participation=instance)

    def get_success_text(self, instance) -> str:
        return _("%(speaker)s was saved.") % {"speaker": instance.speaker_name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(panel=self.instance.panel, **kwargs)

    def back_url(self) -> str:
        panel = self.instance.panel
        return reverse("sessions_council:staff_session", kwargs={"pk": panel.session_id}) + f"#panel-{panel.pk}"


class ParticipationUpdateView(ParticipationCreateView):
    title = gettext_lazy("Edit speaker")

    def get_instance(self):
        return queries.participation_for_staff(pk=self.kwargs["pk"])

    def save(self, instance) -> None:
        services.update_participation(participation=instance)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class ParticipationMoveView(SecretariatRequiredMixin, View):
    """Move a speaker up or down; htmx gets the panel's speaker list back, a plain form a redirect."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        participation = queries.participation_for_staff(pk=pk)
        form = MoveForm(request.POST)
        if form.is_valid():
            services.move_participation(
                participation=participation, direction=-1 if form.cleaned_data["direction"] == "up" else 1
            )
        if request.headers.get("HX-Request") == "true":
            panel = queries.panel_participants(panel_id=participation.panel_id)
            return render(request, "sessions_council/_staff_participants.html", {"panel": panel})
        return redirect(
            reverse("sessions_council:staff_session", kwargs={"pk": participation.panel.session_id})
            + f"#panel-{participation.panel_id}"
        )


class ParticipationDeleteView(SecretariatRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        participation = queries.participation_for_staff(pk=pk)
        session_id, panel_id, name = participation.panel.session_id, participation.panel_id, participation.speaker_name
        services.remove_participation(participation=participation)
        messages.success(request, _("%(speaker)s was removed from the panel.") % {"speaker": name})
        return redirect(reverse("sessions_council:staff_session", kwargs={"pk": session_id}) + f"#panel-{panel_id}")


class PresentationUploadView(SecretariatRequiredMixin, ServiceFormView):
    form_class = PresentationForm
    template_name = "sessions_council/presentation_upload.html"

    @cached_property
    def participation(self) -> Participation:
        return queries.participation_for_staff(pk=self.kwargs["pk"])

    def get_initial(self):
        presentation = getattr(self.participation, "presentation", None)
        return {"is_published": presentation.is_published if presentation else True}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            participation=self.participation,
            presentation=getattr(self.participation, "presentation", None),
            **kwargs,
        )

    def back_url(self) -> str:
        return (
            reverse("sessions_council:staff_session", kwargs={"pk": self.participation.panel.session_id})
            + f"#panel-{self.participation.panel_id}"
        )

    def call_service(self, form):
        services.upload_presentation(
            participation=self.participation,
            upload=form.cleaned_data["file"],
            by=self.request.user,
            is_published=form.cleaned_data["is_published"],
        )

    def get_success_text(self, result) -> str:
        return _("The presentation of %(speaker)s was uploaded.") % {"speaker": self.participation.speaker_name}


class MissingPresentationsView(SecretariatRequiredMixin, ForgivingPaginationMixin, ListView):
    template_name = "sessions_council/presentations_missing.html"
    context_object_name = "participations"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return queries.missing_presentations()


class SpeakerEditView(SecretariatRequiredMixin, ServiceFormView):
    form_class = SpeakerForm
    template_name = "sessions_council/speaker_edit.html"

    @cached_property
    def person(self):
        return queries.speaker_for_staff(pk=self.kwargs["pk"])

    def get_initial(self):
        return {"biography": self.person.biography}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person, profile=getattr(self.person, "speaker_profile", None), **kwargs
        )

    def call_service(self, form):
        services.update_speaker(
            person=self.person,
            biography=form.cleaned_data["biography"],
            photo=form.cleaned_data["photo"],
            remove_photo=form.cleaned_data["remove_photo"],
        )

    def get_success_text(self, result) -> str:
        return _("The speaker page of %(person)s was saved.") % {"person": self.person}

    def get_success_url(self, result=None) -> str:
        return reverse("sessions_council:speaker_edit", kwargs={"pk": self.person.pk})
