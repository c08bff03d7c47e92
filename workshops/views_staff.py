"""Secretariat pages under /staff/workshops/: years, workshops, agendas and documents. The registration
queue is in ``views_queue``, the messages to participants in ``views_messages``."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from directory.models import Person
from directory.pagination import ForgivingPaginationMixin
from directory.service_views import add_service_errors
from directory.translation import translated

from . import queries, services
from .forms import (
    AgendaItemForm,
    AgendaSpeakerForm,
    DialogueYearForm,
    DocumentEditForm,
    DocumentUploadForm,
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
        self.workshop = queries.workshop_for_staff(slug=kwargs["slug"])
        if self.workshop is None:
            raise Http404
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
    expected_plan = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_initial(self):
        current = DialogueYear.objects.filter(is_current=True).first()
        return {"year": current.pk} if current and self.object is None else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back=reverse("workshops:staff_workshops"), **kwargs)

    def form_valid(self, form):
        try:
            workshop = services.save_workshop(
                workshop=form.save(commit=False), by=self.request.user, expected_plan=self.expected_plan
            )
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

    def form_valid(self, form):
        """More seats move people from the waiting list: the page shows who first, and saves on the
        second press with the plan shown (refused, and shown again, if it went stale meanwhile)."""
        capacity = form.cleaned_data["capacity"]
        if capacity == self.saved.capacity:
            return super().form_valid(form)
        try:
            plan = services.plan_capacity(workshop=self.saved, capacity=capacity, by=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        expected = self.request.POST.get("expected_plan", "")
        if plan.changed and expected != plan.fingerprint:
            stale = _("What the new seats do has changed since you looked: confirm again.") if expected else ""
            return self.render_to_response(self.get_context_data(form=form, plan=plan, stale=stale))
        self.expected_plan = plan.fingerprint
        return super().form_valid(form)


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
        # Read before acting: a deleted item has no pk left to point at.
        agenda = reverse("workshops:staff_agenda", kwargs={"slug": item.workshop.slug})
        anchor = "#item-%d" % item.pk
        kept = self.act(item)
        return redirect(agenda + anchor if kept else agenda)


class AgendaItemMoveView(AgendaItemActionView):
    def act(self, item: AgendaItem) -> bool:
        services.move_agenda_item(item=item, direction=-1 if self.request.POST.get("direction") == "up" else 1)
        return True


class AgendaItemDeleteView(AgendaItemActionView):
    def act(self, item: AgendaItem) -> bool:
        title = translated(item, "title")
        services.delete_agenda_item(item=item)
        messages.success(self.request, _("%(title)s was removed from the agenda.") % {"title": title})
        return False


class AgendaSpeakerAddView(AgendaItemActionView):
    form_class = AgendaSpeakerForm

    def act(self, item: AgendaItem) -> bool:
        form = self.form_class(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("Choose a person and a role."))
            return True
        try:
            speaker = services.add_agenda_speaker(item=item, **form.cleaned_data)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            messages.success(self.request, _("%(person)s was added.") % {"person": speaker.person})
        return True


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
