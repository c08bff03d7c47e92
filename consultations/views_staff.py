"""Secretariat pages under /staff/consultations/: the consultation, its informal consultations and
candidates, opening and closing the survey, the live tally with every ballot, and the adoption."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import ListView, TemplateView

from directory.hardening import whole_number
from directory.pagination import ForgivingPaginationMixin
from directory.service_views import ServiceFormView

from . import queries, services
from .forms import AdoptForm, ConsultationForm, MeetingForm, ThemeForm, TopicForm
from .models import CandidateTheme, CandidateTopic, Consultation, ConsultationMeeting
from .permissions import ConsultationsStaffMixin

PAGE_SIZE = 50


class ConsultationMixin(ConsultationsStaffMixin):
    """Staff pages of one consultation, found by its pk (or through a child record's pk)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.consultation = self.get_consultation(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_consultation(self, **kwargs) -> Consultation:
        consultation = queries.consultation_for_staff(kwargs["pk"])
        if consultation is None:
            raise Http404
        return consultation

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, **kwargs)

    def back(self) -> str:
        return reverse("consultations:staff_detail", kwargs={"pk": self.consultation.pk})


class StaffListView(ConsultationsStaffMixin, ForgivingPaginationMixin, ListView):
    template_name = "consultations/staff/list.html"
    context_object_name = "consultations"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return queries.consultations_for_staff()


class ConsultationCreateView(ConsultationsStaffMixin, ServiceFormView):
    form_class = ConsultationForm
    template_name = "consultations/staff/form.html"
    title = gettext_lazy("New theme consultation")
    consultation = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.consultation}

    def back_url(self) -> str:
        return reverse("consultations:staff_list")

    def call_service(self, form):
        return services.save_consultation(consultation=form.save(commit=False), by=self.request.user)

    def get_success_text(self, consultation) -> str:
        return _("%(title)s was saved.") % {"title": consultation.title}

    def get_success_url(self, consultation=None) -> str:
        return reverse("consultations:staff_detail", kwargs={"pk": consultation.pk})


class ConsultationUpdateView(ConsultationMixin, ConsultationCreateView):
    title = gettext_lazy("Edit the consultation")

    def get_form_kwargs(self):
        # A fresh copy: the form edits its instance in place, the page's heading shows the saved one.
        return {**super().get_form_kwargs(), "instance": Consultation.objects.get(pk=self.consultation.pk)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "back": self.back(), "tab": "edit"}


class StaffDetailView(ConsultationMixin, TemplateView):
    """The consultation at a glance: survey window and status, meetings, candidates, next step."""

    template_name = "consultations/staff/detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meetings=list(queries.meetings_of(self.consultation)),
            themes=list(queries.themes_of(self.consultation)),
            topics=list(queries.topics_of(self.consultation)),
            tab="overview",
            **kwargs,
        )


# --- Meetings and candidates ----------------------------------------------------------------


class ChildFormView(ConsultationMixin, ServiceFormView):
    """Create (``<pk>`` is the consultation's) or edit (``<pk>`` is the record's) a meeting or candidate."""

    template_name = "consultations/staff/form.html"
    model = None
    editing = False  # set in the URLconf: the edit pages get ``editing=True``
    create_title = edit_title = ""
    object = None

    def get_consultation(self, **kwargs) -> Consultation:
        if self.editing:
            self.object = get_object_or_404(self.model, pk=kwargs["pk"])
            return queries.consultation_for_staff(self.object.consultation_id)
        return super().get_consultation(**kwargs)

    def get_form_kwargs(self):
        instance = self.object or self.model(consultation=self.consultation)
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs):
        title = self.edit_title if self.editing else self.create_title
        return super().get_context_data(title=title, tab="overview", **kwargs)

    def back_url(self) -> str:
        return self.back()

    def call_service(self, form):
        return self.save(form)


class MeetingFormView(ChildFormView):
    form_class = MeetingForm
    model = ConsultationMeeting
    create_title = gettext_lazy("New informal consultation")
    edit_title = gettext_lazy("Edit the informal consultation")
    success_text = gettext_lazy("The informal consultation was saved.")

    def save(self, form):
        services.save_meeting(meeting=form.save(commit=False), states_present=form.cleaned_data["states_present"])


class ThemeFormView(ChildFormView):
    form_class = ThemeForm
    model = CandidateTheme
    create_title = gettext_lazy("New candidate theme")
    edit_title = gettext_lazy("Edit the candidate theme")
    success_text = gettext_lazy("The candidate theme was saved.")

    def save(self, form):
        services.save_theme(theme=form.save(commit=False))


class TopicFormView(ChildFormView):
    form_class = TopicForm
    model = CandidateTopic
    create_title = gettext_lazy("New candidate workshop topic")
    edit_title = gettext_lazy("Edit the candidate workshop topic")
    success_text = gettext_lazy("The candidate workshop topic was saved.")

    def save(self, form):
        services.save_topic(topic=form.save(commit=False))


class ChildDeleteView(ConsultationsStaffMixin, View):
    """POST only: delete a meeting or a candidate, back to the consultation."""

    http_method_names = ["post"]
    model = None
    deleted_message = ""

    def post(self, request, pk: int):
        record = get_object_or_404(self.model, pk=pk)
        try:
            self.delete(record)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.deleted_message % {"title": str(record)})
        return redirect("consultations:staff_detail", pk=record.consultation_id)


class MeetingDeleteView(ChildDeleteView):
    model = ConsultationMeeting
    deleted_message = gettext_lazy("%(title)s was deleted.")

    def delete(self, record):
        services.delete_meeting(meeting=record)


class ThemeDeleteView(ChildDeleteView):
    model = CandidateTheme
    deleted_message = gettext_lazy("The candidate theme “%(title)s” was deleted.")

    def delete(self, record):
        services.delete_theme(theme=record)


class TopicDeleteView(ChildDeleteView):
    model = CandidateTopic
    deleted_message = gettext_lazy("The candidate topic “%(title)s” was deleted.")

    def delete(self, record):
        services.delete_topic(topic=record)


# --- The survey -----------------------------------------------------------------------------


class OpenView(ConsultationMixin, TemplateView):
    """GET: what opening does (the candidates fixed, which focal points are e-mailed); POST: open."""

    template_name = "consultations/staff/open.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            recipients=list(queries.survey_opening_recipients()),
            themes=list(self.consultation.themes.all()),
            topic_count=self.consultation.topics.filter(merged_into__isnull=True).count(),
            **kwargs,
        )

    def post(self, request, pk: int):
        expected = request.POST.get("recipients", "")
        try:
            consultation = services.open_survey(
                consultation=self.consultation,
                by=request.user,
                expected_recipients=whole_number(expected) if len(expected) < 7 else None,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            if self.consultation.status == Consultation.Status.DRAFT and expected:
                return redirect("consultations:staff_open", pk=self.consultation.pk)
        else:
            sent = queries.survey_opening_recipients().count()
            messages.success(
                request,
                ngettext(
                    "The survey is open; %(n)d focal point was told by e-mail.",
                    "The survey is open; %(n)d focal points were told by e-mail.",
                    sent,
                )
                % {"n": sent},
            )
            return redirect("consultations:staff_detail", pk=consultation.pk)
        return redirect(self.back())


class CloseView(ConsultationMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        try:
            services.close_consultation(consultation=self.consultation, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.back())
        messages.success(request, _("The survey is closed and tallied; the results are public."))
        return redirect("consultations:staff_tally", pk=self.consultation.pk)


class TallyView(ConsultationMixin, TemplateView):
    """The tally as the ballots stand (live while the survey is open), and every ballot."""

    template_name = "consultations/staff/tally.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            results=queries.results_of(self.consultation),
            ballots=list(queries.ballots_for_tally(self.consultation)),
            missing=list(queries.states_without_ballot(self.consultation)),
            tab="tally",
            **kwargs,
        )


class AdoptView(ConsultationMixin, ServiceFormView):
    """The secretariat adopts a theme and topics: the IDM year and its proposed workshops are created."""

    template_name = "consultations/staff/adopt.html"
    form_class = AdoptForm

    @cached_property
    def results(self):
        return queries.results_of(self.consultation)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "consultation": self.consultation,
            "theme_rows": self.results.themes,
            "topic_rows": self.results.topics,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(results=self.results, tab="adopt", **kwargs)

    def call_service(self, form):
        return services.adopt_consultation(
            consultation=self.consultation,
            theme=form.cleaned_data["theme"],
            topics=[
                services.AdoptedTopic(topic=topic, start_date=start, end_date=end) for topic, start, end in form.adopted
            ],
            by=self.request.user,
        )

    def get_success_text(self, year) -> str:
        return _("IDM %(year)d was created with its theme and proposed workshops.") % {"year": year.year}

    def get_success_url(self, year=None) -> str:
        return reverse("workshops:staff_years")


class RemindView(ConsultationMixin, TemplateView):
    """GET: what a reminder would do (how many member states, which focal points); POST: send it."""

    template_name = "consultations/staff/remind.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(recipients=list(queries.reminder_recipients(self.consultation)), **kwargs)

    def post(self, request, pk: int):
        try:
            sent = services.remind_states_without_ballot(consultation=self.consultation, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext("%(n)d focal point was reminded.", "%(n)d focal points were reminded.", sent) % {"n": sent},
            )
        return redirect(self.back())
