from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from directory.permissions import SecretariatRequiredMixin

from . import queries, services
from .forms import (
    OwnPresentationForm,
    PanelForm,
    ParticipationForm,
    PresentationForm,
    SessionForm,
    SpeakerForm,
    SpeakerSearchForm,
)
from .models import CouncilSession, Panel, Participation, Presentation

PAGE_SIZE = 50


def _apply_service(form, call) -> bool:
    """Run a service for a valid form; its ValidationError goes back onto the form."""
    try:
        call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


# --- Public pages -----------------------------------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
class SessionListView(ListView):
    template_name = "sessions_council/session_list.html"
    context_object_name = "sessions"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return queries.sessions_for_list()


@method_decorator(login_not_required, name="dispatch")
class SessionDetailView(DetailView):
    template_name = "sessions_council/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        return queries.session_for_page(number=self.kwargs["number"])


@login_not_required
def presentation_download(request: HttpRequest, pk: int) -> FileResponse:
    """Public presentations for everyone; the others only for the secretariat and their speaker.
    Anyone else gets 404, so the page does not tell that an unpublished presentation exists."""
    presentation = get_object_or_404(
        Presentation.objects.select_related("participation__person", "participation__panel__session"), pk=pk
    )
    if not presentation.is_public and not request.user.has_perm("sessions_council.view_presentation", presentation):
        raise Http404
    try:
        handle = presentation.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=presentation.original_name, content_type=presentation.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300" if presentation.is_public else "private, no-store"
    return response


@method_decorator(login_not_required, name="dispatch")
class SpeakerListView(ListView):
    template_name = "sessions_council/speaker_list.html"
    context_object_name = "speakers"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.form = SpeakerSearchForm(request.GET or None, states=queries.states_of_speakers())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if self.form.is_bound and self.form.is_valid():
            return queries.speakers_for_list(
                search=self.form.cleaned_data["q"],
                state=self.form.cleaned_data["state"],
                role=self.form.cleaned_data["role"],
            )
        return queries.speakers_for_list()

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(form=self.form, query=query.urlencode(), **kwargs)


@method_decorator(login_not_required, name="dispatch")
class SpeakerDetailView(DetailView):
    template_name = "sessions_council/speaker_detail.html"
    context_object_name = "speaker"

    def get_object(self, queryset=None):
        return queries.speaker_for_page(pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(appearances=queries.appearances_of(self.object), **kwargs)


@login_not_required
def speaker_photo(request: HttpRequest, pk: int) -> FileResponse:
    speaker = queries.speaker_for_page(pk=pk)
    profile = getattr(speaker, "speaker_profile", None)
    if profile is None or not profile.photo:
        raise Http404
    try:
        handle = profile.photo.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=profile.photo_content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


# --- A speaker's own presentations ------------------------------------------------------------


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


# --- Secretariat pages ------------------------------------------------------------------------


class StaffSessionListView(SecretariatRequiredMixin, ListView):
    template_name = "sessions_council/staff_session_list.html"
    context_object_name = "sessions"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return queries.sessions_for_staff()


class StaffFormView(SecretariatRequiredMixin, FormView):
    """Create or edit one record through its service. Records are looked up after the permission
    check (``cached_property``), so anonymous users are sent to log in whatever the address."""

    template_name = "sessions_council/staff_form.html"
    title = ""

    def get_instance(self):
        raise NotImplementedError

    @cached_property
    def instance(self):
        return self.get_instance()

    def save(self, instance) -> None:
        raise NotImplementedError

    def saved_message(self, instance) -> str:
        return _("%(record)s was saved.") % {"record": instance}

    def back_url(self) -> str:
        return reverse("sessions_council:staff_session_list")

    def done_url(self, instance) -> str:
        return self.back_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.instance}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back=self.back_url(), object=self.instance, **kwargs)

    def form_valid(self, form):
        if not _apply_service(form, lambda: self.save(form.instance)):
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message(form.instance))
        return redirect(self.done_url(form.instance))


class SessionCreateView(StaffFormView):
    form_class = SessionForm
    title = gettext_lazy("New Council session")

    def get_instance(self):
        return CouncilSession()

    def save(self, instance) -> None:
        services.save_session(session=instance)

    def done_url(self, instance) -> str:
        return reverse("sessions_council:staff_session", kwargs={"pk": instance.pk})


class SessionUpdateView(SessionCreateView):
    title = gettext_lazy("Edit Council session")

    def get_instance(self):
        return get_object_or_404(CouncilSession, pk=self.kwargs["pk"])

    def back_url(self) -> str:
        return self.done_url(self.instance)


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

    def done_url(self, instance) -> str:
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

    def saved_message(self, instance) -> str:
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


class PresentationUploadView(SecretariatRequiredMixin, FormView):
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
            back=self.back_url(),
            **kwargs,
        )

    def back_url(self) -> str:
        return (
            reverse("sessions_council:staff_session", kwargs={"pk": self.participation.panel.session_id})
            + f"#panel-{self.participation.panel_id}"
        )

    def form_valid(self, form):
        if not _apply_service(
            form,
            lambda: services.upload_presentation(
                participation=self.participation,
                upload=form.cleaned_data["file"],
                by=self.request.user,
                is_published=form.cleaned_data["is_published"],
            ),
        ):
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The presentation of %(speaker)s was uploaded.") % {"speaker": self.participation.speaker_name},
        )
        return redirect(self.back_url())


class MissingPresentationsView(SecretariatRequiredMixin, ListView):
    template_name = "sessions_council/presentations_missing.html"
    context_object_name = "participations"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return queries.missing_presentations()


class SpeakerEditView(SecretariatRequiredMixin, FormView):
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

    def form_valid(self, form):
        if not _apply_service(
            form,
            lambda: services.update_speaker(
                person=self.person,
                biography=form.cleaned_data["biography"],
                photo=form.cleaned_data["photo"],
                remove_photo=form.cleaned_data["remove_photo"],
            ),
        ):
            return self.form_invalid(form)
        messages.success(self.request, _("The speaker page of %(person)s was saved.") % {"person": self.person})
        return redirect("sessions_council:speaker_edit", pk=self.person.pk)
