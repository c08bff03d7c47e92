"""The council sessions' public pages: sessions, speakers, their presentations and photos."""

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView

from directory.downloads import file_response
from directory.pagination import ForgivingPaginationMixin
from workshops import cache

from . import queries
from .forms import (
    SpeakerSearchForm,
)
from .models import Presentation
from .views_staff import PAGE_SIZE


@method_decorator(login_not_required, name="dispatch")
class SessionListView(cache.AnonymousPageCacheMixin, ForgivingPaginationMixin, ListView):
    template_name = "sessions_council/session_list.html"
    context_object_name = "sessions"
    paginate_by = PAGE_SIZE
    page_name = "council:sessions"

    def page_parts(self) -> tuple:
        return (self.request.GET.get("page", "1"),)

    def get_queryset(self):
        return queries.sessions_for_list()

    def get_context_data(self, **kwargs):
        # The page links hold the page alone: the page is kept for every anonymous visitor by its page
        # (page_parts), never with another parameter of the first visitor's address.
        return super().get_context_data(query="", **kwargs)


@method_decorator(login_not_required, name="dispatch")
class SessionDetailView(cache.AnonymousPageCacheMixin, DetailView):
    template_name = "sessions_council/session_detail.html"
    context_object_name = "session"
    page_name = "council:session"

    def page_parts(self) -> tuple:
        return (self.kwargs["number"],)

    def get_object(self, queryset=None):
        return queries.session_for_page(number=self.kwargs["number"])


@login_not_required
def presentation_download(request: HttpRequest, pk: int) -> FileResponse:
    """Public presentations for everyone; the others only for the secretariat and their speaker.
    Anyone else gets 404, so the page does not tell that an unpublished presentation exists."""
    presentation = get_object_or_404(
        Presentation.objects.select_related("participation__person", "participation__panel__session"), pk=pk
    )
    if not presentation.is_public and not request.user.has_perm("sessions_council.view_presentation", presentation):
        raise Http404
    return file_response(
        presentation.file,
        filename=presentation.original_name,
        content_type=presentation.content_type,
        public=presentation.is_public,
    )


@method_decorator(login_not_required, name="dispatch")
class SpeakerListView(cache.AnonymousPageCacheMixin, ForgivingPaginationMixin, ListView):
    template_name = "sessions_council/speaker_list.html"
    context_object_name = "speakers"
    paginate_by = PAGE_SIZE
    page_name = "council:speakers"

    SEARCHED = ("q", "state", "role")

    def page_parts(self) -> tuple:
        return tuple(self.request.GET.get(name, "") for name in (*self.SEARCHED, "page"))

    @cached_property
    def form(self) -> SpeakerSearchForm:
        # Built only when the page is (not for a page served from the cache).
        return SpeakerSearchForm(self.request.GET or None, states=queries.states_of_speakers())

    def get_queryset(self):
        if self.form.is_bound and self.form.is_valid():
            return queries.speakers_for_list(
                search=self.form.cleaned_data["q"],
                state=self.form.cleaned_data["state"],
                role=self.form.cleaned_data["role"],
            )
        return queries.speakers_for_list()

    def get_context_data(self, **kwargs):
        # The page links keep the search (what page_parts keeps the page by), nothing else of the address:
        # the page is kept for every anonymous visitor.
        searched = zip(self.SEARCHED, self.page_parts(), strict=False)
        query = urlencode([(name, value) for name, value in searched if value])
        return super().get_context_data(form=self.form, query=query, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class SpeakerDetailView(cache.AnonymousPageCacheMixin, DetailView):
    template_name = "sessions_council/speaker_detail.html"
    context_object_name = "speaker"
    page_name = "council:speaker"

    def page_parts(self) -> tuple:
        return (self.kwargs["pk"],)

    def get_object(self, queryset=None):
        return queries.speaker_for_page(pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(appearances=queries.appearances_of(self.object), **kwargs)


@login_not_required
def speaker_photo(request: HttpRequest, pk: int) -> FileResponse:
    speaker = queries.speaker_for_page(pk=pk)
    profile = getattr(speaker, "speaker_profile", None)
    if profile is None:
        raise Http404
    return file_response(
        profile.photo, content_type=profile.photo_content_type, public=True, max_age=3600, as_attachment=False
    )
