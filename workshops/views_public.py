"""Public pages: the workshops by year, a workshop's page, calendars and document downloads."""

from datetime import date, datetime
from itertools import groupby

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import TemplateView

from directory import roles
from directory.downloads import file_response
from directory.links import pk_url
from directory.translation import translated

from . import cache, queries, slots
from .ics import ICS_CONTENT_TYPE, workshop_calendar
from .models import HOLDS_SEAT, AgendaItem, Workshop, WorkshopDocument
from .permissions import may_view_document

PAGE_SIZE = 50


@method_decorator(login_not_required, name="dispatch")
class WorkshopListView(cache.AnonymousPageCacheMixin, TemplateView):
    """One IDM year at a time (the current one unless ``?year=``), upcoming then past workshops.

    The list is the same for every visitor, so it is a cached fragment (see ``cache.py``)."""

    template_name = "workshops/workshop_list.html"
    page_name = "list"

    def page_parts(self) -> tuple:
        return (self.request.GET.get("year", ""), self.request.GET.get("page", "1"))

    def get_context_data(self, **kwargs):
        wanted, page = self.page_parts()
        body = cache.fragment("list", (wanted, page), lambda: self.render_body(wanted, page))
        self.valid_until = body.valid_until
        return super().get_context_data(body=body.html, **kwargs)

    @staticmethod
    def render_body(wanted: str, page: str) -> tuple[str, datetime]:
        years = list(queries.years_for_list())
        # A mistyped ?year= (not a number) shows the current year's page, whose heading says which;
        # a year the portal does not hold is a 404.
        wanted = wanted if wanted.isdigit() else ""
        year = next((item for item in years if str(item.year) == wanted), None)
        if year is None:
            if wanted:
                raise Http404("No such IDM year.")
            year = queries.default_year(years)
        workshops = queries.workshops_for_list(year=year) if year else Workshop.objects.none()
        page_obj = Paginator(workshops, PAGE_SIZE).get_page(page)
        rows = list(page_obj)
        today = timezone.localdate()
        coming_up = [] if year is None or year.is_current else list(queries.upcoming_workshops())
        context = {
            "years": years,
            "year": year,
            "page_obj": page_obj,
            "paginator": page_obj.paginator,
            "is_paginated": page_obj.has_other_pages(),
            "upcoming": [workshop for workshop in rows if workshop.end_date >= today],
            "past": [workshop for workshop in rows if workshop.end_date < today][::-1],
            "coming_up": coming_up,
            "extra_query": "year=%d&" % year.year if year else "",
        }
        html = render_to_string("workshops/_list_body.html", context)
        return html, cache.next_change(_window_moments(rows))


def _window_moments(workshops) -> list[datetime | None]:
    return [moment for w in workshops for moment in (w.registration_opens, w.registration_closes)]


# Which documents a visitor of the workshop page sees (documents_visible_to, for one workshop).
DOCUMENTS_PUBLIC, DOCUMENTS_OF_PARTICIPANTS, DOCUMENTS_ALL = "public", "participants", "all"


@method_decorator(login_not_required, name="dispatch")
class WorkshopDetailView(cache.AnonymousPageCacheMixin, TemplateView):
    """What every visitor sees alike is cached: the workshop itself, its heading, description, questions
    and agenda, what higher apps show beside it, and the documents card of each kind of visitor (the
    public documents; with the participants-only ones for those who hold a seat; all of them for the
    secretariat). Only the visitor's own registration is read for each request, with its place on the
    waiting list. Anonymous visitors all get the same page, whole from the page cache."""

    template_name = "workshops/workshop_detail.html"
    response_class = cache.KeptBodyResponse
    page_name = "workshop"

    def page_parts(self) -> tuple:
        return (self.kwargs["slug"],)

    def get_context_data(self, **kwargs):
        user = self.request.user
        slug = kwargs["slug"]
        delegate = roles.delegate_state(user) is not None
        secretariat = roles.is_secretariat(user)
        signed_in = user.is_authenticated
        # The secretariat sees every document; anyone else signed in, the participants-only ones too
        # while they hold a seat (their own registration tells). One's own registration is kept for the
        # version, read with it in one round trip (cache.own): no query while nothing changed.
        if signed_in and (delegate or not secretariat):
            read_version, mine = cache.own(
                "registration",
                (slug, user.pk),
                lambda read_version: queries.my_registration_for_page(user, self.shared(slug, read_version).value[0]),
            )
        else:
            read_version, mine = cache.version(), None  # before the workshop is read: see cache.cached
        shared = self.shared(slug, read_version)
        workshop = shared.value[0]
        if secretariat:
            documents = DOCUMENTS_ALL
        elif mine is not None and mine.status in HOLDS_SEAT:
            documents = DOCUMENTS_OF_PARTICIPANTS
        else:
            documents = DOCUMENTS_PUBLIC
        # The registration card is the same for every visitor in the same case: the visitor's own
        # registration is in its key by what the card shows of it (its status and place on the waiting
        # list), its address filled in below.
        shown = mine if delegate else None
        facts = {
            "registration_open": workshop.registration_is_open(),
            "can_register": user.has_perm("workshops.register", workshop),
            "focal_point": roles.is_focal_point(user),
        }
        participants_list = delegate or secretariat
        # The whole body is kept for the visitor's case; only the address of the change of one's own
        # registration is filled in here.
        body = cache.cached(
            "workshop:body",
            (
                slug,
                self.request.path,
                documents,
                signed_in,
                participants_list,
                *facts.values(),
                shown and (shown.status, shown.waiting_position),
            ),
            lambda: self.build_body(
                shared,
                shown,
                read_version=read_version,
                documents=documents,
                signed_in=signed_in,
                participants_list=participants_list,
                **facts,
            ),
            read_version=read_version,
        )
        self.valid_until = body.valid_until
        title, html = body.value
        return super().get_context_data(
            workshop=workshop,
            title=mark_safe(title),  # noqa: S308 - escaped when kept
            body=html,
            body_values={cache.CHANGE_PLACEHOLDER: pk_url("workshops:change", shown.pk)} if shown else {},
            **facts,
            **kwargs,
        )

    def shared(self, slug: str, read_version: str) -> cache.Cached:
        return cache.cached("workshop:shared", (slug,), lambda: self.build_shared(slug), read_version=read_version)

    def build_body(
        self,
        shared: cache.Cached,
        mine,
        *,
        read_version: str,
        documents: str,
        signed_in: bool,
        participants_list: bool,
        **facts: bool,
    ) -> tuple[tuple[str, str], datetime]:
        """The page's title and content for the visitor's case, made of the fragments kept for it."""
        workshop, head, main, aside = shared.value
        card = cache.fragment(
            "workshop:documents",
            (workshop.pk, documents, signed_in, participants_list),
            lambda: self.render_documents(
                workshop, documents, signed_in=signed_in, participants_list=participants_list
            ),
            read_version=read_version,
        )
        registration = cache.fragment(
            "workshop:registration",
            (
                workshop.pk,
                self.request.path,
                signed_in,
                *facts.values(),
                mine and (mine.status, mine.waiting_position),
            ),
            lambda: self.render_registration(workshop, mine, signed_in=signed_in, **facts),
            read_version=read_version,
        )
        context = {
            "head": mark_safe(head),  # noqa: S308 - our own templates' output, escaped when rendered
            "main": mark_safe(main),  # noqa: S308
            "aside_slot": mark_safe(aside),  # noqa: S308
            "documents_card": card.html,
            "registration_card": registration.html,
        }
        html = render_to_string("workshops/_workshop_body.html", context)
        title = conditional_escape(translated(workshop, "title"))
        return (title, html), min(shared.valid_until, card.valid_until, registration.valid_until)

    def render_registration(self, workshop: Workshop, mine, *, signed_in: bool, **facts: bool) -> tuple[str, datetime]:
        context = {
            "workshop": workshop,
            "my_registration": mine,
            "change_url": cache.CHANGE_PLACEHOLDER,
            "user": self.request.user,
            "request": self.request,
            **facts,
        }
        html = render_to_string("workshops/_workshop_registration.html", context)
        return html, cache.next_change(_window_moments([workshop]))

    @staticmethod
    def build_shared(slug: str) -> tuple[tuple[Workshop, str, str, str], datetime]:
        """The workshop (with its seats left) and the HTML every visitor sees alike; 404 if there is none."""
        workshop = get_object_or_404(queries.workshop_for_page(slug=slug))
        context = {
            "workshop": workshop,
            "agenda_days": agenda_by_day(queries.agenda_of(workshop)),
            "registration_open": workshop.registration_is_open(),
            "now": timezone.now(),
        }
        head = render_to_string("workshops/_workshop_head.html", {"workshop": workshop})
        main = render_to_string("workshops/_workshop_main.html", context)
        # What higher apps show beside the workshop (funding: the donors it acknowledges) is the same for
        # every visitor too (their records invalidate the cache when they change).
        aside = str(slots.render(slots.WORKSHOP_ASIDE, workshop=workshop))
        return (workshop, head, main, aside), cache.next_change(_window_moments([workshop]))

    @staticmethod
    def render_documents(
        workshop: Workshop, documents: str, *, signed_in: bool, participants_list: bool
    ) -> tuple[str, datetime]:
        context = {
            "workshop": workshop,
            "documents": list(queries.documents_of_workshop(workshop, participants=documents != DOCUMENTS_PUBLIC)),
            "signed_in": signed_in,
            "participants_list": participants_list,
        }
        return render_to_string("workshops/_workshop_documents.html", context), cache.next_change(())


def agenda_by_day(items) -> list[tuple[date, list[AgendaItem]]]:
    """The running order cut into days, in Geneva time."""
    return [
        (day, list(day_items))
        for day, day_items in groupby(items, key=lambda item: timezone.localtime(item.starts_at).date())
    ]


def _calendar_response(workshops, request, filename: str) -> HttpResponse:
    response = HttpResponse(workshop_calendar(workshops, base_url=settings.PUBLIC_URL), content_type=ICS_CONTENT_TYPE)
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
        return file_response(
            document.file,
            filename=document.original_name,
            content_type=document.content_type,
            public=document.is_public,
        )


@login_not_required
def verify_certificate(request, code: str):
    """Anyone holding a certificate of attendance checks it: valid or revoked, whose, which workshop,
    which dates, and nothing else. An unknown code is a plain 404."""
    certificate = queries.certificate_for_verification(code)
    if certificate is None:
        raise Http404
    response = render(request, "workshops/verify_certificate.html", {"certificate": certificate})
    response["X-Robots-Tag"] = "noindex"
    return response
