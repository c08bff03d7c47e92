"""The donor portal: a donor contact's own organisation's contributions."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView, View

from workshops.models import DialogueYear

from . import iati, queries
from .views_staff import _iati_response, contributions_page


class DonorPortalMixin(PermissionRequiredMixin):
    permission_required = "funding.use_donor_portal"


class DonorPortalView(DonorPortalMixin, TemplateView):
    template_name = "funding/donor/portal.html"

    def get_context_data(self, **kwargs):
        portal = queries.donor_portal(self.request.user)
        page = contributions_page(self.request, portal.contributions, count=portal.contributions_count)
        return super().get_context_data(portal=portal, **page, **kwargs)


class DonorContributionView(DonorPortalMixin, DetailView):
    """One of the donor's own contributions; another donor's is not found (404), never forbidden."""

    template_name = "funding/donor/contribution.html"
    context_object_name = "contribution"

    def get_queryset(self):
        return queries.contributions_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**queries.contribution_page(self.object), **kwargs)


class DonorIatiView(DonorPortalMixin, View):
    """The donor's own transactions of one year as an IATI file; a year without any is not found."""

    def get(self, request, year: int):
        year = get_object_or_404(DialogueYear, year=year)
        contributions = iati.contributions_for_iati(queries.contributions_visible_to(request.user), year)
        if not contributions:
            raise Http404
        donor = contributions[0].donor
        return _iati_response(year, contributions, f"idm-{year.year}-iati-donor-{donor.pk}.xml", own_only=True)
