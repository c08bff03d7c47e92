"""The traveller's and the focal point's pages: My travel, one travel file, receipts and boarding
passes, asking for an invitation letter.

A travel file is looked up among those the user may see (``queries.travel_files_visible_to``): for
anyone else it does not exist, whatever the address or the method (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from directory.service_views import ServiceFormView

from . import queries, services
from .forms import AttachmentForm, LetterRequestForm, TravellerDetailsForm
from .progress import DETAIL_FIELDS

# The addresses of one travel file, receipt or letter answer 404 to anyone who may not see it, signed
# in or not: not even a log-in page says that the record exists.
travel_record = method_decorator(login_not_required, name="dispatch")


class TravelFileMixin:
    def dispatch(self, request, *args, **kwargs):
        self.travel_file = queries.travel_files_visible_to(request.user).filter(pk=kwargs["pk"]).first()
        if self.travel_file is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class MyTravelView(TemplateView):
    """The traveller's travel files, and a focal point's delegation's."""

    template_name = "travel/my_travel.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            files=[queries.file_page(f) for f in queries.my_travel_files(user)],
            delegation=[queries.file_page(f) for f in queries.delegation_travel_files(user)],
            **kwargs,
        )


@travel_record
class TravelFileView(TravelFileMixin, ServiceFormView):
    """One travel file: status, what is missing, the traveller's details (a form while they may be
    changed), itinerary, ticket, DSA line by line, receipts and boarding passes, letters."""

    template_name = "travel/file.html"
    form_class = TravellerDetailsForm

    def get_initial(self):
        return {name: getattr(self.travel_file, name) for name in DETAIL_FIELDS}

    def get_context_data(self, **kwargs):
        may_edit = self.request.user.has_perm("travel.edit_details", self.travel_file)
        context = super().get_context_data(
            page=queries.file_page(self.travel_file),
            travel_file=self.travel_file,
            may_edit=may_edit,
            may_upload=self.request.user.has_perm("travel.upload", self.travel_file),
            may_ask_letter=queries.may_ask_letter(self.travel_file),
            attachment_form=kwargs.pop("attachment_form", None) or AttachmentForm(),
            **kwargs,
        )
        if not may_edit:
            context.pop("form", None)
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("travel.edit_details", self.travel_file):
            messages.error(request, _("These details can no longer be changed."))
            return redirect("travel:file", pk=self.travel_file.pk)
        return super().post(request, *args, **kwargs)

    success_text = gettext_lazy("The traveller's details were saved.")

    def call_service(self, form):
        return services.save_traveller_details(travel_file=self.travel_file, by=self.request.user, **form.cleaned_data)

    def back_url(self) -> str:
        return reverse("travel:file", kwargs={"pk": self.travel_file.pk})


@travel_record
class AttachmentUploadView(TravelFileMixin, ServiceFormView):
    http_method_names = ["post"]
    form_class = AttachmentForm
    template_name = "travel/file.html"
    success_text = gettext_lazy("The file was uploaded.")

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("travel.upload", self.travel_file):
            messages.error(request, _("Receipts and boarding passes can no longer be added to this travel file."))
            return redirect("travel:file", pk=self.travel_file.pk)
        return super().post(request, *args, **kwargs)

    def call_service(self, form):
        return services.upload_attachment(
            travel_file=self.travel_file,
            by=self.request.user,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
        )

    def back_url(self) -> str:
        return reverse("travel:file", kwargs={"pk": self.travel_file.pk})

    def form_invalid(self, form):
        # The file page shows the refusal; nothing was stored.
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect("travel:file", pk=self.travel_file.pk)


@travel_record
class AttachmentDownloadView(View):
    def dispatch(self, request, *args, **kwargs):
        self.attachment = queries.attachment_visible_to(request.user, kwargs["pk"])
        if self.attachment is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk: int):
        return FileResponse(
            self.attachment.file.open("rb"),
            as_attachment=True,
            filename=self.attachment.original_name,
            content_type=self.attachment.content_type,
        )


@travel_record
class LetterRequestView(TravelFileMixin, ServiceFormView):
    """The traveller or their focal point asks for an invitation and visa support letter."""

    template_name = "travel/letter_request.html"
    form_class = LetterRequestForm
    title = gettext_lazy("Ask for an invitation letter")
    success_text = gettext_lazy("The letter was asked for; the secretariat reviews it and you are told by e-mail.")

    def get_initial(self):
        person = self.travel_file.registration.person
        language = person.user.preferred_language if person.user_id else self.request.user.preferred_language
        return {"language": language}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            travel_file=self.travel_file, page=queries.file_page(self.travel_file), **kwargs
        )

    def call_service(self, form):
        return services.request_letter(
            travel_file=self.travel_file,
            by=self.request.user,
            language=form.cleaned_data["language"],
            note=form.cleaned_data["note"],
        )

    def back_url(self) -> str:
        return reverse("travel:file", kwargs={"pk": self.travel_file.pk})
