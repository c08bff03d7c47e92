from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from directory import queries as directory_queries
from directory.models import Affiliation
from directory.permissions import SecretariatRequiredMixin

from . import missing_translations
from .roles import roles_of


@method_decorator(login_not_required, name="dispatch")
class HomeView(TemplateView):
    """One address, a home page per role: public, member, delegate, focal point, donor, secretariat."""

    def get_template_names(self) -> list[str]:
        return [f"home/{self.roles.main}.html"]

    def get(self, request, *args, **kwargs):
        self.roles = roles_of(request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.roles.secretariat:
            context["pending_affiliations"] = directory_queries.affiliations_for_queue(
                status=Affiliation.Status.PENDING
            ).count()
        if self.roles.focal_point:
            context["delegation"] = directory_queries.delegation_of(self.request.user)
        return context


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the process answers and its database does too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class MissingTranslationsView(SecretariatRequiredMixin, TemplateView):
    """The records whose text still lacks a French or a Spanish translation, with links to edit them."""

    template_name = "idm_portal/missing_translations.html"

    def get_context_data(self, **kwargs):
        wanted = self.request.GET.get("kind", "")
        kind = missing_translations.kind_named(wanted)
        if wanted and kind is None:
            raise Http404("No such kind of content.")
        missing = missing_translations.missing_translations(kind=kind, page=self.request.GET.get("page", 1))
        return super().get_context_data(
            missing=missing,
            page_obj=missing.page,
            paginator=missing.page.paginator,
            is_paginated=missing.page.has_other_pages(),
            **kwargs,
        )
