from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from directory.downloads import file_response

from . import queries, services
from .forms import (
    DocumentRequestForm,
)
from .models import DocumentKind
from .permissions import Target
from .snapshots import KINDS


class SourceMixin:
    """The record a document is about, from ``<kind>/<pk>/``; unknown kinds and records are 404."""

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in KINDS:
            raise Http404
        self.kind = kwargs["kind"]
        self.spec = KINDS[self.kind]
        self.source = get_object_or_404(self.spec.model, pk=kwargs["pk"])
        self.check_access()
        return super().dispatch(request, *args, **kwargs)

    def check_access(self) -> None:
        """Who may neither see nor ask for this record's documents gets 404, whatever the method."""
        target = self.target()
        user = self.request.user
        if not user.has_perm("documents.view", target) and not user.has_perm("documents.request", target):
            raise Http404

    def target(self, variant: str = "") -> Target:
        try:
            variant = services.variant_for(self.kind, self.source, variant)
        except ValidationError:
            variant = self.spec.variants[0]
        return Target(kind=self.kind, variant=variant, source=self.source)


class DocumentListView(SourceMixin, TemplateView):
    """A record's documents of one kind: every version in every language, and the generate form."""

    template_name = "documents/list.html"

    def get(self, request, *args, **kwargs):
        self.subjects = queries.subjects_for_list(request.user, kind=self.kind, source=self.source)
        self.may_request = request.user.has_perm("documents.request", self.target())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kind_label=DocumentKind(self.kind).label,
            source=self.source,
            subjects=self.subjects,
            form=DocumentRequestForm(kind=self.kind) if self.may_request else None,
            **kwargs,
        )


class DocumentRequestView(SourceMixin, FormView):
    """POST: ask for the document as the records stand now; go to its job page."""

    http_method_names = ["post"]

    def get_form(self, form_class=None):
        return DocumentRequestForm(self.request.POST, kind=self.kind)

    def form_valid(self, form):
        if not self.request.user.has_perm("documents.request", self.target(form.cleaned_data["variant"])):
            raise PermissionDenied
        try:
            job = services.request_document(
                kind=self.kind,
                source=self.source,
                variant=form.cleaned_data["variant"],
                language=form.cleaned_data["language"],
                by=self.request.user,
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect("documents:list", kind=self.kind, pk=self.source.pk)
        return redirect("documents:job", pk=job.pk)

    def form_invalid(self, form):
        if not self.request.user.has_perm("documents.request", self.target()):
            raise PermissionDenied
        messages.error(self.request, _("Choose a language for the document."))
        return redirect("documents:list", kind=self.kind, pk=self.source.pk)


class JobMixin:
    def dispatch(self, request, *args, **kwargs):
        self.job = queries.job_for_page(request.user, kwargs["pk"])
        if self.job is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def may_request(self) -> bool:
        return self.request.user.has_perm("documents.request", self.job.subject)


class JobView(JobMixin, TemplateView):
    """One document: progress while it is generated (polled by htmx), then the download."""

    template_name = "documents/job.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            job=self.job, subject=self.job.subject, may_request=self.may_request(), **kwargs
        )


class JobStatusView(JobView):
    """The status block alone, which the job page polls every two seconds while the job is active."""

    template_name = "documents/_job_status.html"


class JobDownloadView(JobMixin, View):
    def get(self, request, *args, **kwargs):
        if not self.job.is_done:
            raise Http404
        return file_response(self.job.file, filename=self.job.filename, content_type="application/pdf")


class JobRetryView(JobMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not self.may_request():
            raise PermissionDenied
        try:
            services.retry_document_job(job=self.job, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("documents:job", pk=self.job.pk)
