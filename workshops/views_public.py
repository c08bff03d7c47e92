"""Public pages: the workshops by year, a workshop's page, calendars and document downloads."""

from datetime import date
from itertools import groupby

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import ListView, TemplateView

from directory import roles

from . import queries
from .ics import ICS_CONTENT_TYPE, workshop_calendar
from .models import AgendaItem, Registration, Workshop, WorkshopDocument
from .permissions import may_view_document

PAGE_SIZE = 50


@method_decorator(login_not_required, name="dispatch")
class WorkshopListView(ListView):
    """One IDM year at a time (the current one unless ``?year=``), upcoming then past workshops."""

    template_name = "workshops/workshop_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "workshops"

    def get(self, request, *args, **kwargs):
        self.years = list(queries.years_for_list())
        wanted = request.GET.get("year", "")
        self.year = next((year for year in self.years if str(year.year) == wanted), None)
        if self.year is None:
            if wanted:
                raise Http404("No such IDM year.")
            self.year = queries.default_year(self.years)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if self.year is None:
            return Workshop.objects.none()
        return queries.workshops_for_list(year=self.year)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows = context["workshops"]
        context.update(
            years=self.years,
            year=self.year,
            upcoming=[workshop for workshop in rows if workshop.end_date >= today],
            past=[workshop for workshop in rows if workshop.end_date < today][::-1],
            coming_up=[] if self.year and self.year.is_current else list(queries.upcoming_workshops()),
            extra_query="year=%d&" % self.year.year if self.year else "",
        )
        return context


@method_decorator(login_not_required, name="dispatch")
class WorkshopDetailView(TemplateView):
    template_name = "workshops/workshop_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        workshop = get_object_or_404(queries.workshop_for_page(slug=kwargs["slug"]))
        context = super().get_context_data(
            workshop=workshop,
            agenda_days=agenda_by_day(queries.agenda_of(workshop)),
            now=timezone.now(),
            documents=list(queries.documents_visible_to(user, workshop=workshop)),
            registration_open=workshop.registration_is_open(),
            can_register=user.has_perm("workshops.register", workshop),
            focal_point=roles.is_focal_point(user),
            **kwargs,
        )
        if roles.delegate_state(user) is not None:
            context["my_registration"] = (
                Registration.objects.filter(workshop=workshop, person__user=user).only("status", "funding").first()
            )
        return context


def agenda_by_day(items) -> list[tuple[date, list[AgendaItem]]]:
    """The running order cut into days, in Geneva time."""
    return [
        (day, list(day_items))
        for day, day_items in groupby(items, key=lambda item: timezone.localtime(item.starts_at).date())
    ]


def _calendar_response(workshops, request, filename: str) -> HttpResponse:
    response = HttpResponse(
        workshop_calendar(workshops, base_url=request.build_absolute_uri("/")), content_type=ICS_CONTENT_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="%s"' % filename
    return response


@login_not_required
def workshop_ics(request, slug: str) -> HttpResponse:
    workshop = get_object_or_404(Workshop, slug=slug)
    return _calendar_response([workshop], request, "%s.ics" % workshop.slug)


@login_not_required
def upcoming_ics(request) -> HttpResponse:
    return _calendar_response(queries.upcoming_for_feed(), request, "idm-workshops.ics")


@method_decorator(login_not_required, name="dispatch")
class DocumentDownloadView(View):
    """Every download passes here: public documents for all, participants-only ones for confirmed
    participants and the secretariat; anyone else gets 404, not a hint that the document exists."""

    def get(self, request, pk: int):
        document = get_object_or_404(WorkshopDocument.objects.select_related("workshop"), pk=pk)
        if not may_view_document(request.user, document):
            raise Http404("No such document.")
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("The file is missing.") from error
        response = FileResponse(
            handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        if not document.is_public:
            response["Cache-Control"] = "private, no-store"
        return response
