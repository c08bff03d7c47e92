"""Secretariat pages under /staff/workshops/: years, workshops, agendas, documents, the registration
queue with its bulk decisions and exports, and funded-participation decisions."""

import copy

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from directory.models import Person
from directory.pagination import ForgivingPaginationMixin
from directory.service_views import add_service_errors
from directory.translation import translated

from . import exports, messaging, queries, services
from .forms import (
    AgendaItemForm,
    AgendaSpeakerForm,
    BadgeForm,
    BulkDecisionForm,
    CapacityForm,
    DialogueYearForm,
    DocumentEditForm,
    DocumentUploadForm,
    FundingDecisionForm,
    ParticipantMessageForm,
    QueueFilterForm,
    RegistrationDecisionForm,
    WorkshopForm,
)
from .models import AgendaItem, AgendaSpeaker, DialogueYear, Workshop, WorkshopDocument
from .permissions import WorkshopsStaffMixin

PAGE_SIZE = 50


class WorkshopMixin(WorkshopsStaffMixin):
    """Staff pages of one workshop, found by its slug."""

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.workshop = get_object_or_404(Workshop.objects.select_related("year"), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(workshop=self.workshop, **kwargs)


# --- Years ----------------------------------------------------------------------------------


class YearListView(WorkshopsStaffMixin, ListView):
    template_name = "workshops/staff/year_list.html"
    context_object_name = "years"

    def get_queryset(self):
        return queries.years_for_staff()


class YearCreateView(WorkshopsStaffMixin, FormView):
    form_class = DialogueYearForm
    template_name = "workshops/staff/form.html"
    title = gettext_lazy("New IDM year")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": getattr(self, "object", None)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back=reverse("workshops:staff_years"), **kwargs)

    def form_valid(self, form):
        year = services.save_year(year=form.save(commit=False))
        messages.success(self.request, _("IDM %(year)d was saved.") % {"year": year.year})
        return redirect("workshops:staff_years")


class YearUpdateView(YearCreateView):
    title = gettext_lazy("Edit IDM year")

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(DialogueYear, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


# --- Workshops ------------------------------------------------------------------------------


class StaffWorkshopListView(WorkshopsStaffMixin, ForgivingPaginationMixin, ListView):
    template_name = "workshops/staff/workshop_list.html"
    context_object_name = "workshops"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.years = list(queries.years_for_staff())
        wanted = request.GET.get("year", "")
        self.year = next((year for year in self.years if str(year.year) == wanted), None)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return queries.workshops_for_staff(year=self.year)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            years=self.years, year=self.year, extra_query="year=%d&" % self.year.year if self.year else "", **kwargs
        )


class WorkshopCreateView(WorkshopsStaffMixin, FormView):
    form_class = WorkshopForm
    template_name = "workshops/staff/form.html"
    title = gettext_lazy("New workshop")
    object = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_initial(self):
        current = DialogueYear.objects.filter(is_current=True).first()
        return {"year": current.pk} if current and self.object is None else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back=reverse("workshops:staff_workshops"), **kwargs)

    def form_valid(self, form):
        try:
            workshop = services.save_workshop(workshop=form.save(commit=False), by=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(title)s was saved.") % {"title": translated(workshop, "title")})
        return redirect("workshops:staff_workshops")


class WorkshopUpdateView(WorkshopCreateView):
    title = gettext_lazy("Edit workshop")

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(Workshop, slug=kwargs["slug"])
        # The form edits self.object in place; the page's heading and tabs show the saved workshop.
        self.saved = copy.copy(self.object)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(workshop=self.saved, **kwargs)


# --- Agenda ---------------------------------------------------------------------------------


class AgendaView(WorkshopMixin, TemplateView):
    template_name = "workshops/staff/agenda.html"

    def get_context_data(self, **kwargs):
        # One list of people for every item's speaker form, not a query per item.
        return super().get_context_data(
            agenda=list(queries.agenda_of(self.workshop)),
            people=list(Person.objects.select_related("organisation", "member_state")),
            speaker_roles=AgendaSpeaker.Role.choices,
            **kwargs,
        )


class AgendaItemCreateView(WorkshopMixin, FormView):
    form_class = AgendaItemForm
    template_name = "workshops/staff/form.html"
    item = None

    def get_form_kwargs(self):
        instance = self.item or AgendaItem(workshop=self.workshop)
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs):
        title = _("Edit agenda item") if self.item else _("New agenda item")
        back = reverse("workshops:staff_agenda", kwargs={"slug": self.workshop.slug})
        return super().get_context_data(title=title, back=back, **kwargs)

    def form_valid(self, form):
        services.save_agenda_item(item=form.save(commit=False))
        messages.success(self.request, _("The agenda was saved."))
        return redirect("workshops:staff_agenda", slug=self.workshop.slug)


class AgendaItemUpdateView(AgendaItemCreateView):
    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.item = get_object_or_404(AgendaItem.objects.select_related("workshop"), pk=kwargs["pk"])
        kwargs["slug"] = self.item.workshop.slug
        return super().dispatch(request, *args, **kwargs)


class AgendaItemActionView(WorkshopsStaffMixin, View):
    """POST-only changes to one agenda item: move, delete, add a speaker."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        item = get_object_or_404(AgendaItem.objects.select_related("workshop"), pk=pk)
        self.act(item)
        return redirect(reverse("workshops:staff_agenda", kwargs={"slug": item.workshop.slug}) + "#item-%d" % item.pk)


class AgendaItemMoveView(AgendaItemActionView):
    def act(self, item: AgendaItem) -> None:
        services.move_agenda_item(item=item, direction=-1 if self.request.POST.get("direction") == "up" else 1)


class AgendaItemDeleteView(AgendaItemActionView):
    def act(self, item: AgendaItem) -> None:
        services.delete_agenda_item(item=item)
        messages.success(
            self.request, _("%(title)s was removed from the agenda.") % {"title": translated(item, "title")}
        )


class AgendaSpeakerAddView(AgendaItemActionView):
    def act(self, item: AgendaItem) -> None:
        form = AgendaSpeakerForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("Choose a person and a role."))
            return
        try:
            speaker = services.add_agenda_speaker(item=item, **form.cleaned_data)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            messages.success(self.request, _("%(person)s was added.") % {"person": speaker.person})


class AgendaSpeakerRemoveView(WorkshopsStaffMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        speaker = get_object_or_404(AgendaSpeaker.objects.select_related("agenda_item__workshop"), pk=pk)
        services.remove_agenda_speaker(speaker=speaker)
        item = speaker.agenda_item
        return redirect(reverse("workshops:staff_agenda", kwargs={"slug": item.workshop.slug}) + "#item-%d" % item.pk)


# --- Documents ------------------------------------------------------------------------------


class DocumentsView(WorkshopMixin, FormView):
    form_class = DocumentUploadForm
    template_name = "workshops/staff/documents.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(documents=list(self.workshop.documents.all()), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            document = services.upload_workshop_document(
                workshop=self.workshop,
                by=self.request.user,
                upload=data["file"],
                kind=data["kind"],
                title=data["title"],
                title_fr=data["title_fr"],
                title_es=data["title_es"],
                language=data["language"],
                is_public=data["is_public"],
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(title)s was uploaded.") % {"title": translated(document, "title")})
        return redirect("workshops:staff_documents", slug=self.workshop.slug)


class DocumentEditView(WorkshopsStaffMixin, FormView):
    """The titles of an uploaded document in the three languages, its kind, language and audience."""

    form_class = DocumentEditForm
    template_name = "workshops/staff/form.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.document = get_object_or_404(WorkshopDocument.objects.select_related("workshop"), pk=kwargs["pk"])
        self.saved = copy.copy(self.document)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.document}

    def get_context_data(self, **kwargs):
        back = reverse("workshops:staff_documents", kwargs={"slug": self.document.workshop.slug})
        title = _("Edit document: %(title)s") % {"title": translated(self.saved, "title")}
        return super().get_context_data(title=title, back=back, **kwargs)

    def form_valid(self, form):
        document = services.save_workshop_document(document=form.save(commit=False))
        messages.success(self.request, _("%(title)s was saved.") % {"title": translated(document, "title")})
        return redirect("workshops:staff_documents", slug=document.workshop.slug)


class DocumentDeleteView(WorkshopsStaffMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        document = get_object_or_404(WorkshopDocument.objects.select_related("workshop"), pk=pk)
        services.delete_workshop_document(document=document)
        messages.success(request, _("%(title)s was deleted.") % {"title": translated(document, "title")})
        return redirect("workshops:staff_documents", slug=document.workshop.slug)


# --- Registration queue ---------------------------------------------------------------------


class QueueMixin(WorkshopMixin):
    def filter_form(self) -> QueueFilterForm:
        return QueueFilterForm(self.request.GET or None, states=queries.states_in_queue(self.workshop))

    def queue(self, form: QueueFilterForm):
        return queries.registrations_for_queue(workshop=self.workshop, **form.filters())


class QueueView(QueueMixin, ForgivingPaginationMixin, ListView):
    """The secretariat's day: one workshop's registrations, filtered, decided in bulk."""

    template_name = "workshops/staff/queue.html"
    context_object_name = "registrations"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.filters = self.filter_form()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.queue(self.filters)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filters,
            counts=queries.queue_counts(self.workshop),
            bulk_form=BulkDecisionForm(workshop=self.workshop),
            query=query.urlencode(),
            extra_query=query.urlencode() + "&" if query else "",
            **kwargs,
        )


class BulkDecideView(WorkshopMixin, FormView):
    form_class = BulkDecisionForm
    http_method_names = ["post"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "workshop": self.workshop}

    def back(self):
        return redirect(reverse("workshops:staff_queue", kwargs={"slug": self.workshop.slug}) + self.query())

    def query(self) -> str:
        query = self.request.POST.get("query", "")
        return "?" + query if query else ""

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return self.back()

    def form_valid(self, form):
        data = form.cleaned_data
        result = services.bulk_decide(
            registrations=data["registrations"], action=data["action"], by=self.request.user, reason=data["reason"]
        )
        text = ngettext("%(done)d registration decided.", "%(done)d registrations decided.", result["done"]) % result
        if result["skipped"]:
            text += (
                " "
                + ngettext(
                    "%(skipped)d was left as it was: its state does not allow it.",
                    "%(skipped)d were left as they were: their state does not allow it.",
                    result["skipped"],
                )
                % result
            )
        messages.success(self.request, text)
        return self.back()


class CapacityView(WorkshopMixin, FormView):
    """The seats, changed from the queue: a raise confirms the waiting list, too low is refused."""

    form_class = CapacityForm
    http_method_names = ["post"]

    def form_valid(self, form):
        before = self.workshop.capacity
        try:
            workshop = services.change_capacity(
                workshop=self.workshop, capacity=form.cleaned_data["capacity"], by=self.request.user
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            messages.success(
                self.request,
                _("Seats: %(before)d → %(after)d.") % {"before": before, "after": workshop.capacity},
            )
        return redirect("workshops:staff_queue", slug=self.workshop.slug)

    def form_invalid(self, form):
        messages.error(self.request, _("Enter the number of seats."))
        return redirect("workshops:staff_queue", slug=self.workshop.slug)


class ExportView(QueueMixin, View):
    def get(self, request, *args, **kwargs):
        registrations = self.queue(self.filter_form())
        if kwargs["format"] == "xlsx":
            content = exports.to_xlsx(registrations, title=self.workshop.slug)
            response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
        else:
            response = HttpResponse(exports.to_csv(registrations), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="participants-%s.%s"' % (
            self.workshop.slug,
            kwargs["format"],
        )
        return response


class RegistrationDecideView(WorkshopsStaffMixin, FormView):
    form_class = RegistrationDecisionForm
    template_name = "workshops/staff/registration.html"

    ACTIONS = {
        "confirm": lambda registration, by, reason: services.confirm_registration(registration=registration, by=by),
        "waitlist": lambda registration, by, reason: services.waitlist_registration(registration=registration, by=by),
        "decline": lambda registration, by, reason: services.decline_registration(
            registration=registration, by=by, reason=reason
        ),
        "cancel": lambda registration, by, reason: services.cancel_registration(registration=registration, by=by),
        "attended": lambda registration, by, reason: services.mark_attended(registration=registration, by=by),
    }

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.registration = get_object_or_404(queries.registrations_visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registration=self.registration,
            workshop=self.registration.workshop,
            funding_form=FundingDecisionForm(),
            badge_form=BadgeForm(instance=self.registration),
            **kwargs,
        )

    def form_valid(self, form):
        action = form.cleaned_data["action"]
        try:
            registration = self.ACTIONS[action](self.registration, self.request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(person)s: %(status)s.") % {"person": registration.person, "status": registration.get_status_display()},
        )
        return redirect("workshops:staff_queue", slug=registration.workshop.slug)


# --- Funded participation -------------------------------------------------------------------


class FundingView(WorkshopMixin, ForgivingPaginationMixin, ListView):
    template_name = "workshops/staff/funding.html"
    context_object_name = "registrations"
    paginate_by = 100

    def get_queryset(self):
        return queries.funding_requests(workshop=self.workshop)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            counts=queries.queue_counts(self.workshop), decision_form=FundingDecisionForm(), **kwargs
        )


class FundingDecideView(WorkshopsStaffMixin, FormView):
    form_class = FundingDecisionForm
    http_method_names = ["post"]

    def form_valid(self, form):
        registration = get_object_or_404(queries.registrations_visible_to(self.request.user), pk=self.kwargs["pk"])
        try:
            registration = services.decide_funding(
                registration=registration,
                by=self.request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            messages.success(
                self.request,
                _("Funded participation of %(person)s: %(decision)s.")
                % {"person": registration.person, "decision": registration.get_funding_display()},
            )
        return redirect("workshops:staff_funding", slug=registration.workshop.slug)

    def form_invalid(self, form):
        registration = get_object_or_404(queries.registrations_visible_to(self.request.user), pk=self.kwargs["pk"])
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect("workshops:staff_funding", slug=registration.workshop.slug)


# --- Messages to participants ---------------------------------------------------------------


class MessageListView(WorkshopMixin, ListView):
    """What was written to the workshop's participants: when, by whom, to how many."""

    template_name = "workshops/staff/message_list.html"
    context_object_name = "participant_messages"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return queries.messages_of(self.workshop)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tab="messages", **kwargs)


class MessageComposeView(WorkshopMixin, FormView):
    """Write, preview (the exact recipients and each language's text), then send: a second POST that
    carries the count the preview showed, refused if the recipients changed meanwhile."""

    form_class = ParticipantMessageForm
    template_name = "workshops/staff/message_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "states": queries.states_in_queue(self.workshop)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(tab="messages", **kwargs)

    def form_valid(self, form):
        if self.request.POST.get("action") != "send":
            return self.preview(form)
        try:
            message = messaging.send_participant_message(
                workshop=self.workshop,
                by=self.request.user,
                filters=form.filters(),
                texts=form.texts(),
                copy_focal_points=form.cleaned_data["copy_focal_points"],
                expected_count=form.cleaned_data["expected_count"] or 0,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.preview(form)
        messages.success(
            self.request,
            ngettext(
                "The message is being sent to %(count)d participant.",
                "The message is being sent to %(count)d participants.",
                message.recipient_count,
            )
            % {"count": message.recipient_count},
        )
        return redirect("workshops:staff_message", slug=self.workshop.slug, pk=message.pk)

    def preview(self, form):
        recipients = list(queries.message_recipients(workshop=self.workshop, **form.filters()))
        texts = form.texts()
        languages = {}
        for registration in recipients:
            languages.setdefault(messaging.language_of(registration), []).append(registration)
        versions = [
            {
                "language": code,
                "label": name,
                "count": len(languages.get(code, [])),
                "subject": messaging.text_in(texts, "subject", code),
                "body": messaging.text_in(texts, "body", code),
                "fallback": code != "en" and not texts.get("body_" + code, "").strip(),
            }
            for code, name in settings.LANGUAGES
        ]
        confirm = form.data.copy()
        confirm["expected_count"] = len(recipients)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                preview=True,
                recipients=recipients,
                versions=versions,
                confirm_form=ParticipantMessageForm(confirm, states=queries.states_in_queue(self.workshop)),
            )
        )


class MessageDetailView(WorkshopMixin, TemplateView):
    template_name = "workshops/staff/message_detail.html"

    def get_context_data(self, **kwargs):
        message = queries.message_for_page(workshop=self.workshop, pk=self.kwargs["pk"])
        if message is None:
            raise Http404
        return super().get_context_data(tab="messages", message=message, **kwargs)
