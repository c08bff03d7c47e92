"""The secretariat's travel desk under /staff/travel/: every travel file of a workshop, one file's
itinerary, ticket, DSA, attendance and settlement, the DSA rate table, the letter review queue and
the travel history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from directory.pagination import ForgivingPaginationMixin
from directory.service_views import ServiceFormView, add_service_errors
from workshops.models import Workshop

from . import exports, queries, services
from .forms import (
    AttendanceForm,
    ConfirmTravelForm,
    DeskFilterForm,
    DsaPaymentForm,
    DsaRateForm,
    ItineraryForm,
    LetterDecisionForm,
    LetterQueueFilterForm,
    LetterReasonForm,
    ReimbursementForm,
    SettleForm,
    TicketForm,
)
from .models import DsaRate, InvitationLetter, TravelFile
from .permissions import TravelStaffMixin
from .services import ITINERARY


class DeskIndexView(TravelStaffMixin, ListView):
    template_name = "travel/staff/desk_index.html"
    context_object_name = "workshops"

    def get_queryset(self):
        return queries.workshops_for_desk()


class DeskMixin(TravelStaffMixin):
    def dispatch(self, request, *args, **kwargs):
        self.workshop = get_object_or_404(Workshop.objects.select_related("year"), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def files(self):
        form = DeskFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        self.filter_form = form if form.is_bound else DeskFilterForm()
        return queries.travel_desk(
            self.workshop,
            status=filters.get("status", ""),
            funded=filters.get("funded", ""),
            search=filters.get("q", ""),
        )


class DeskView(DeskMixin, TemplateView):
    """Every travel file of the workshop: status, what is missing, filters and the agency export."""

    template_name = "travel/staff/desk.html"

    def get_context_data(self, **kwargs):
        files = [queries.file_page(f) for f in self.files()]
        return super().get_context_data(
            workshop=self.workshop,
            files=files,
            filter_form=self.filter_form,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class DeskExportView(DeskMixin, View):
    """CSV or XLSX for the travel agency: itineraries and tickets, never the traveller's details."""

    def get(self, request, *args, **kwargs):
        files = list(self.files())
        if kwargs["format"] == "xlsx":
            response = HttpResponse(exports.to_xlsx(files, title=self.workshop.slug), content_type=exports.XLSX)
        else:
            response = HttpResponse(exports.to_csv(files), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="travel-%s.%s"' % (self.workshop.slug, kwargs["format"])
        return response


# --- One travel file -------------------------------------------------------------------------------


def _call(service):
    return lambda travel_file, by, data: service(travel_file=travel_file, by=by, **data)


# Each action: its form, the one service it calls, and what the secretariat is told.
ACTIONS = {
    "itinerary": (ItineraryForm, _call(services.save_itinerary), gettext_lazy("The itinerary was saved.")),
    "ticket": (TicketForm, _call(services.record_ticket), gettext_lazy("The ticket was recorded.")),
    "reimbursement": (
        ReimbursementForm,
        _call(services.record_reimbursement),
        gettext_lazy("The reimbursement was recorded."),
    ),
    "dsa": (DsaPaymentForm, _call(services.record_dsa_payment), gettext_lazy("The DSA payment was recorded.")),
    "attendance": (AttendanceForm, _call(services.record_attendance), gettext_lazy("The attendance was recorded.")),
    "travelled": (ConfirmTravelForm, _call(services.confirm_travel), gettext_lazy("The travel was confirmed.")),
    "settle": (SettleForm, _call(services.settle_travel_file), gettext_lazy("The travel file is settled.")),
}


class StaffFileMixin(TravelStaffMixin):
    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():  # a staff page: 403 (or log in) before saying whether the file exists
            return self.handle_no_permission()
        self.travel_file = queries.travel_files_visible_to(request.user).filter(pk=kwargs["pk"]).first()
        if self.travel_file is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page_context(self, **bound_forms) -> dict:
        travel_file = self.travel_file
        forms = {
            name: bound_forms.get(name) or form_class(initial=self.initial_for(name))
            for name, (form_class, _service, _text) in ACTIONS.items()
        }
        dsa, dsa_error = None, ""
        if travel_file.arrival_date and travel_file.departure_date and not travel_file.dsa_paid_on:
            try:
                dsa = services.compute_dsa(travel_file)
            except ValidationError as error:
                dsa_error = " ".join(error.messages)
        return {
            "travel_file": travel_file,
            "workshop": travel_file.registration.workshop,
            "page": queries.file_page(travel_file, with_audit=True),
            "forms": forms,
            "dsa": dsa,
            "dsa_error": dsa_error,
        }

    def initial_for(self, name: str) -> dict:
        if name == "itinerary":
            return {field: getattr(self.travel_file, field) for field in ITINERARY}
        if name == "attendance":
            return {"attendance": self.travel_file.attendance or TravelFile.Attendance.ATTENDED}
        return {}


class StaffFileView(StaffFileMixin, TemplateView):
    template_name = "travel/staff/file.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page_context(), **kwargs)


class StaffFileActionView(StaffFileMixin, View):
    """POST one action's form: its one service decides; a refusal comes back on the form."""

    template_name = "travel/staff/file.html"

    def post(self, request, pk: int, action: str):
        if action not in ACTIONS:
            raise Http404
        form_class, service, success = ACTIONS[action]
        form = form_class(request.POST)
        if form.is_valid():
            try:
                service(self.travel_file, request.user, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, success)
                return redirect("travel:staff_file", pk=self.travel_file.pk)
        return render(request, self.template_name, self.page_context(**{action: form}), status=200)


# --- DSA rates --------------------------------------------------------------------------------------


class _DsaRateFormView(TravelStaffMixin, FormView):
    """A new or corrected DSA rate, saved through its service; back to the list of rates."""

    form_class = DsaRateForm

    def form_valid(self, form):
        try:
            services.save_dsa_rate(rate=form.save(commit=False), by=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The DSA rate was saved."))
        return redirect("travel:dsa_rates")


class DsaRateListView(_DsaRateFormView):
    template_name = "travel/staff/dsa_rates.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rates=list(queries.dsa_rates()), **kwargs)


class DsaRateEditView(_DsaRateFormView):
    template_name = "travel/staff/dsa_rate_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.rate = get_object_or_404(DsaRate, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.rate}

    def get_context_data(self, **kwargs):
        return super().get_context_data(rate=self.rate, **kwargs)


class DsaRateDeleteView(TravelStaffMixin, View):
    def post(self, request, pk: int):
        rate = get_object_or_404(DsaRate, pk=pk)
        services.delete_dsa_rate(rate=rate, by=request.user)
        messages.success(request, _("The DSA rate was deleted; DSA already paid keeps the rate it was paid at."))
        return redirect(reverse("travel:dsa_rates"))


class AuditView(TravelStaffMixin, ForgivingPaginationMixin, ListView):
    template_name = "travel/staff/audit.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return queries.audit_entries()


# --- Invitation letters ---------------------------------------------------------------------------


class LetterQueueView(TravelStaffMixin, ForgivingPaginationMixin, ListView):
    """The letters to review (oldest first) and every decided one, filtered; 50 a page."""

    template_name = "travel/staff/letter_queue.html"
    context_object_name = "letters"
    paginate_by = 50

    def get_queryset(self):
        data = self.request.GET if "status" in self.request.GET else {"status": InvitationLetter.Status.REQUESTED}
        self.filter_form = LetterQueueFilterForm(data, workshops=queries.letter_workshops())
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return queries.letter_queue(
            status=filters.get("status", ""), workshop=filters.get("workshop"), search=filters.get("q", "")
        )

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(filter_form=self.filter_form, query=query.urlencode(), **kwargs)


class LetterMixin(TravelStaffMixin):
    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():  # a staff page: 403 (or log in) before saying whether the letter exists
            return self.handle_no_permission()
        self.letter = queries.letter_for_staff(kwargs["pk"])
        if self.letter is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return reverse("travel:staff_letter", kwargs={"pk": self.letter.pk})

    def page_context(self, **bound_forms) -> dict:
        travel_file = self.letter.travel_file
        return {
            "letter": self.letter,
            "travel_file": travel_file,
            "page": queries.file_page(travel_file),
            "history": queries.letter_history(self.letter),
            "approve_form": bound_forms.get("approve") or LetterDecisionForm(),
            "refuse_form": bound_forms.get("refuse") or LetterReasonForm(prefix="refuse"),
            "revoke_form": bound_forms.get("revoke") or LetterReasonForm(prefix="revoke"),
        }


class StaffLetterView(LetterMixin, TemplateView):
    """One letter: who asked, the traveller's passport details to check, the decision forms, history."""

    template_name = "travel/staff/letter.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page_context(), **kwargs)


class LetterActionView(LetterMixin, ServiceFormView):
    """POST one decision; a refusal by the service comes back on the letter's page, on its form."""

    http_method_names = ["post"]
    template_name = "travel/staff/letter.html"
    action = ""

    def get_prefix(self):
        return None if self.action == "approve" else self.action

    def form_invalid(self, form):
        for error in form.non_field_errors():  # the letter may have moved on: its form is no longer shown
            messages.error(self.request, error)
        return render(self.request, self.template_name, self.page_context(**{self.action: form}), status=200)


class LetterApproveView(LetterActionView):
    form_class = LetterDecisionForm
    action = "approve"
    success_text = gettext_lazy("The letter was approved; it is being generated and the traveller is told.")

    def call_service(self, form):
        return services.approve_letter(letter=self.letter, by=self.request.user)


class LetterRefuseView(LetterActionView):
    form_class = LetterReasonForm
    action = "refuse"
    success_text = gettext_lazy("The letter was refused; the traveller is sent the reason.")

    def call_service(self, form):
        return services.refuse_letter(letter=self.letter, by=self.request.user, reason=form.cleaned_data["reason"])


class LetterRevokeView(LetterActionView):
    form_class = LetterReasonForm
    action = "revoke"
    success_text = gettext_lazy("The letter was revoked; its verification page now says so.")

    def call_service(self, form):
        return services.revoke_letter(letter=self.letter, by=self.request.user, reason=form.cleaned_data["reason"])
