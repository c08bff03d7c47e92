"""The secretariat's missing-translations page."""

from django.http import Http404
from django.views.generic import TemplateView

from directory.permissions import SecretariatRequiredMixin

from . import missing_translations


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
