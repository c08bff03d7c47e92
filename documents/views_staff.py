"""The secretariat's document pages: all jobs, discussion notes, workshop outcomes, a badge's reprint."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from directory.pagination import ForgivingPaginationMixin
from workshops.models import Registration, Workshop

from . import queries, services
from .forms import (
    DocumentRequestForm,
    NoteCreateForm,
    NoteForm,
    NoteIssueForm,
    OutcomesForm,
    ParagraphFormSet,
    paragraph_rows,
)
from .models import DocumentJob, DocumentKind, WorkshopOutcomes
from .permissions import DocumentsStaffMixin

PAGE_SIZE = 50


class JobListView(DocumentsStaffMixin, ForgivingPaginationMixin, ListView):
    template_name = "documents/staff/job_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "jobs"

    def status(self) -> str:
        """``?status=failed`` (the desk's link): only the jobs in that state; anything else: all."""
        status = self.request.GET.get("status", "")
        return status if status in DocumentJob.Status.values else ""

    def get_queryset(self):
        jobs = queries.recent_jobs()
        return jobs.filter(status=self.status()) if self.status() else jobs

    def get_context_data(self, **kwargs):
        status = self.status()
        return super().get_context_data(status_label=DocumentJob.Status(status).label if status else "", **kwargs)


class NoteListView(DocumentsStaffMixin, ForgivingPaginationMixin, ListView):
    template_name = "documents/staff/note_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "notes"

    def get_queryset(self):
        return queries.notes_for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=NoteCreateForm(), **kwargs)


class NoteCreateView(DocumentsStaffMixin, FormView):
    """POST: draft a new note for a year from the records."""

    form_class = NoteCreateForm
    http_method_names = ["post"]

    def form_valid(self, form):
        note = services.draft_discussion_note(
            year=form.cleaned_data["year"], by=self.request.user, language=form.cleaned_data["language"] or "en"
        )
        messages.success(self.request, _("A draft was written from the records. Edit it, then issue it."))
        return redirect("documents:note_edit", pk=note.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("Choose the IDM year of the note."))
        return redirect("documents:note_list")


class NoteMixin(DocumentsStaffMixin):
    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.note = queries.note_for_edit(kwargs["pk"])
        if self.note is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class NoteEditView(NoteMixin, TemplateView):
    """The draft's title and numbered paragraphs, edited in the browser; the issue form; its PDFs."""

    template_name = "documents/staff/note_edit.html"

    def get_context_data(self, form=None, formset=None, preview_form=None, **kwargs):
        note = self.note
        if form is None:
            form = NoteForm(instance=note)
        if formset is None:
            formset = ParagraphFormSet(
                initial=[
                    {
                        "id": p.pk,
                        "heading": p.heading,
                        "heading_style": p.heading_style,
                        "text": p.text,
                        "ORDER": n,
                    }
                    for n, p in enumerate(note.paragraphs.all(), start=1)
                ]
            )
        return super().get_context_data(
            note=note,
            form=form,
            formset=formset,
            issue_form=NoteIssueForm(),
            request_form=preview_form
            or DocumentRequestForm(kind=DocumentKind.DISCUSSION_NOTE, prefix="preview" if note.is_draft else None),
            jobs=queries.note_jobs(note),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """Save the edits; with ``action=preview`` the same service also asks for the PDF of the text
        just saved. Any error shows the page again with everything as typed, and nothing saved."""
        form = NoteForm(request.POST, instance=self.note)
        formset = ParagraphFormSet(request.POST)
        preview = request.POST.get("action") == "preview"
        preview_form = DocumentRequestForm(request.POST, kind=DocumentKind.DISCUSSION_NOTE, prefix="preview")
        if form.is_valid() and formset.is_valid() and (not preview or preview_form.is_valid()):
            edits = {"note": self.note, "by": request.user, "paragraphs": paragraph_rows(formset), **form.cleaned_data}
            try:
                if preview:
                    job = services.preview_discussion_note(language=preview_form.cleaned_data["language"], **edits)
                else:
                    services.update_discussion_note(**edits)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if preview:
                    messages.success(request, _("The draft was saved; its PDF is being generated from the saved text."))
                    return redirect("documents:job", pk=job.pk)
                messages.success(request, _("The draft was saved."))
                return redirect("documents:note_edit", pk=self.note.pk)
        if preview:
            messages.error(request, _("Nothing was saved and no PDF was made: correct the marked fields first."))
        context = self.get_context_data(form=form, formset=formset, preview_form=preview_form)
        return self.render_to_response(context)


class NoteRedraftView(NoteMixin, TemplateView):
    """GET: what drafting again replaces (every paragraph, how many, by how many); POST: do it."""

    template_name = "documents/staff/note_redraft.html"

    def get_context_data(self, **kwargs):
        preview = queries.redraft_preview(self.note) if self.note.is_draft else None
        return super().get_context_data(note=self.note, preview=preview, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.redraft_discussion_note(note=self.note, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The paragraphs were drafted again from the records."))
        return redirect("documents:note_edit", pk=self.note.pk)


class NoteIssueView(NoteMixin, FormView):
    form_class = NoteIssueForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            job = services.issue_discussion_note(note=self.note, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect("documents:note_edit", pk=self.note.pk)
        messages.success(self.request, _("Issued as %(symbol)s.") % {"symbol": job.subject.note.symbol})
        return redirect("documents:job", pk=job.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("Give the date of issue."))
        return redirect("documents:note_edit", pk=self.note.pk)


class OutcomesEditView(DocumentsStaffMixin, FormView):
    """The outcomes of a workshop, written for its report."""

    form_class = OutcomesForm
    template_name = "documents/staff/outcomes_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.workshop = get_object_or_404(Workshop, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        outcomes = WorkshopOutcomes.objects.filter(workshop=self.workshop).first()
        return {"text": outcomes.text if outcomes else ""}

    def get_context_data(self, **kwargs):
        return super().get_context_data(workshop=self.workshop, **kwargs)

    def form_valid(self, form):
        services.save_workshop_outcomes(workshop=self.workshop, text=form.cleaned_data["text"], by=self.request.user)
        messages.success(self.request, _("The outcomes were saved; the next report will include them."))
        return redirect("documents:list", kind=DocumentKind.WORKSHOP_REPORT, pk=self.workshop.pk)


class BadgeReprintView(DocumentsStaffMixin, View):
    """POST from a registration's page: a lost badge. A new code, then the single badge's job."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        registration = get_object_or_404(Registration, pk=pk)
        form = DocumentRequestForm(request.POST, kind=DocumentKind.BADGE)
        language = form.cleaned_data["language"] if form.is_valid() else settings.LANGUAGE_CODE
        try:
            job = services.reprint_badge(registration=registration, by=request.user, language=language)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("workshops:staff_registration", pk=registration.pk)
        messages.success(request, _("A new badge is being printed; the old one no longer opens the door."))
        return redirect("documents:job", pk=job.pk)
