"""Donors under /staff/funding/donors/: the list, a donor's page, editing and its portal contacts."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView, View

from directory.pagination import ForgivingPaginationMixin

from . import queries, services
from .forms import DonorContactForm, DonorForm, ReasonForm
from .models import Donor, DonorContact
from .views_staff import PAGE_SIZE, FundingStaffMixin, ServiceFormView

# --- Donors ---------------------------------------------------------------------------------------


class DonorListView(FundingStaffMixin, ForgivingPaginationMixin, ListView):
    template_name = "funding/donor_list.html"
    paginate_by = PAGE_SIZE

    def search(self) -> str:
        return self.request.GET.get("q", "").strip()

    def get_queryset(self):
        return queries.donors_for_list(search=self.search())

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.search(), **kwargs)


class DonorCreateView(ServiceFormView):
    form_class = DonorForm
    title = gettext_lazy("New donor")
    success_text = gettext_lazy("The donor was saved.")

    def back_url(self) -> str:
        return reverse("funding:donor_list")

    def call_service(self, form):
        return services.save_donor(donor=form.instance, by=self.request.user)

    def get_success_url(self, result=None) -> str:
        return reverse("funding:donor_detail", kwargs={"pk": result.pk})


class DonorEditView(DonorCreateView):
    title = gettext_lazy("Edit donor")

    def dispatch(self, request, *args, **kwargs):
        self.donor = get_object_or_404(Donor, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.donor}

    def back_url(self) -> str:
        return reverse("funding:donor_detail", kwargs={"pk": self.donor.pk})


class DonorDeleteView(ServiceFormView):
    form_class = ReasonForm
    template_name = "funding/confirm_delete.html"
    success_text = gettext_lazy("The donor was deleted.")

    def dispatch(self, request, *args, **kwargs):
        self.donor = get_object_or_404(Donor, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def title(self):
        return _("Delete the donor %(donor)s") % {"donor": self.donor}

    def back_url(self) -> str:
        return reverse("funding:donor_detail", kwargs={"pk": self.donor.pk})

    def call_service(self, form):
        return services.delete_donor(donor=self.donor, by=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None) -> str:
        return reverse("funding:donor_list")


class DonorDetailView(FundingStaffMixin, TemplateView):
    template_name = "funding/donor_detail.html"

    def get_context_data(self, **kwargs):
        donor = get_object_or_404(Donor, pk=self.kwargs["pk"])
        return super().get_context_data(page=queries.donor_page(donor), contact_form=DonorContactForm(), **kwargs)


class DonorContactAddView(ServiceFormView):
    form_class = DonorContactForm
    title = gettext_lazy("Add a donor contact")
    success_text = gettext_lazy("The contact was added.")

    def dispatch(self, request, *args, **kwargs):
        self.donor = get_object_or_404(Donor, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return reverse("funding:donor_detail", kwargs={"pk": self.donor.pk})

    def call_service(self, form):
        return services.add_donor_contact(donor=self.donor, by=self.request.user, **form.cleaned_data)


class DonorContactRemoveView(FundingStaffMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        contact = get_object_or_404(DonorContact.objects.select_related("donor", "user"), pk=pk)
        services.remove_donor_contact(contact=contact, by=request.user)
        messages.success(
            request, _("%(user)s is no longer a contact of %(donor)s.") % {"user": contact.user, "donor": contact.donor}
        )
        return redirect("funding:donor_detail", pk=contact.donor_id)
