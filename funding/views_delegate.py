"""The donor portal: a donor contact's own organisation's contributions."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.views.generic import DetailView, TemplateView, View

from workshops import cache as workshops_cache
from workshops.models import DialogueYear

from . import cache as funding_cache
from . import iati, queries
from .views_staff import _iati_response, contributions_page, page_number


class DonorPortalMixin(PermissionRequiredMixin):
    permission_required = "funding.use_donor_portal"


class DonorPortalView(DonorPortalMixin, TemplateView):
    """The donor's figures and a page of their contributions. The page below the shell is kept whole
    with the donor's figures (``funding.cache``: the same versions, per donor, page and language), so a
    request reads one version pair and a kept text. It is built from the donor's records alone, with
    no request in its context: the statement form's CSRF token is a placeholder, filled with the
    page's own token by the template (``{% for_this_request %}``); the page links keep only the page.
    The kept text's bytes, encoded once per process, go straight into the response
    (``workshops.cache.KeptBodyResponse``)."""

    template_name = "funding/donor/portal.html"
    response_class = workshops_cache.KeptBodyResponse

    def get_context_data(self, **kwargs):
        portal = queries.donor_portal(self.request.user)
        number = page_number(self.request, portal.contributions_count)
        body = funding_cache.fragment(
            "donor-portal-page", (*portal.kept, number), lambda: self.build(portal, number), read_version=portal.version
        )
        return super().get_context_data(portal=portal, body=body, **kwargs)

    def build(self, portal: queries.DonorPortal, number: int) -> str:
        page = contributions_page(self.request, portal.contributions, count=portal.contributions_count, number=number)
        context = {
            "portal": portal,
            **page,
            "query": "",  # the page links: only the page, never a visitor's query
            "csrf_token": workshops_cache.CSRF_PLACEHOLDER,
            "LANGUAGE_CODE": translation.get_language(),
        }
        return render_to_string("funding/donor/_portal.html", context)


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
