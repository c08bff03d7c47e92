"""The secretariat's audit history of funding records (/staff/funding/history/) and its filters' options."""

from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from . import cache as funding_cache
from . import queries
from .forms import AuditFilterForm, filter_choices
from .pagination import BoundedCountPaginator
from .views_staff import PAGE_SIZE, FundingStaffMixin


class AuditFilterOptionsView(FundingStaffMixin, View):
    """The options of the audit filter's donor or workshop list matching what was typed in its search
    box (htmx swaps them into the list)."""

    def get(self, request):
        if "donor_search" in request.GET:
            label, records = _("All donors"), queries.donors_to_filter(search=request.GET["donor_search"][:100])
        else:
            search = request.GET.get("workshop_search", "")[:100]
            label, records = _("All workshops"), queries.workshops_to_filter(search=search)
        return TemplateResponse(
            request, "funding/includes/filter_options.html", {"choices": filter_choices(label, records)}
        )


HISTORY = ("filter_form", "page_obj", "paginator", "object_list", "is_paginated", "query")


class AuditView(FundingStaffMixin, TemplateView):
    """Fifty entries a page, newest first, filtered by year, donor, workshop or kind of record. The filters,
    the entries and the pagination are the same for every member of the secretariat: kept per address
    and language until an entry is added (the newest entry's id, read first) or a record they name
    changes (``funding.cache``: donors, workshops, years, users' names), built only when not kept."""

    template_name = "funding/audit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The versions first, then the records (only if the kept part is not there): see funding.cache.
        context["kept_version"] = "%s.%d" % (funding_cache.version(), queries.latest_audit_entry())
        context["kept_parts"] = tuple(sorted((name, tuple(values)) for name, values in self.request.GET.lists()))
        history = SimpleLazyObject(self.history)
        context["history"] = history
        # What the kept part shows, for a reader of the context (worked out when read).
        context.update({name: SimpleLazyObject(lambda name=name: history[name]) for name in HISTORY})
        return context

    def history(self) -> dict:
        """The filter form, the page of entries and the pagination (``includes/audit_history.html``)."""
        params = self.request.GET
        form = AuditFilterForm(params or None)
        filters = form.cleaned_data if form.is_valid() else {}
        entries = queries.audit_entries(
            year=filters.get("year"),
            donor=filters.get("donor"),
            workshop=filters.get("workshop"),
            kind=filters.get("kind") or "",
        )
        wanted = params.get("page", "")
        paginator = BoundedCountPaginator(entries, PAGE_SIZE, wanted=None if wanted == "last" else wanted or 1)
        page = paginator.get_page(paginator.num_pages if wanted == "last" else wanted or 1)
        query = params.copy()
        query.pop("page", None)
        return {
            "filter_form": form,
            "page_obj": page,
            "paginator": paginator,
            "object_list": page.object_list,
            "is_paginated": page.has_other_pages(),
            "query": query.urlencode(),
        }
