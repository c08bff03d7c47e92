import hashlib

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import CreateView, FormView, ListView, UpdateView, View

from . import queries, services
from .downloads import file_response
from .forms import (
    AffiliationDecisionForm,
    FocalPointForm,
    MemberStateForm,
    OrganisationForm,
    PersonForm,
)
from .models import Affiliation, MemberState, Organisation, Person
from .pagination import ForgivingPaginationMixin
from .permissions import SecretariatRequiredMixin
from .service_views import add_service_errors

PAGE_SIZE = 50


class SearchListView(SecretariatRequiredMixin, ForgivingPaginationMixin, ListView):
    """A staff list with a search box (``?q=``) and pages."""

    paginate_by = PAGE_SIZE

    def search(self) -> str:
        return self.request.GET.get("q", "").strip()

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.search(), **kwargs)


class MemberStateListView(SearchListView):
    template_name = "directory/state_list.html"

    def get_queryset(self):
        return queries.member_states_for_list(search=self.search())


class ServiceSaveMixin:
    """A create or update page of the directory whose valid form is saved by ONE service (``save``);
    a refusal comes back on the form (on ``error_field`` when the service names no field)."""

    error_field: str | None = None

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error(self.error_field, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(form.cleaned_data))
        return redirect(self.get_success_url())


class MemberStateCreateView(SecretariatRequiredMixin, ServiceSaveMixin, SuccessMessageMixin, CreateView):
    model = MemberState
    form_class = MemberStateForm
    template_name = "directory/object_form.html"
    success_url = reverse_lazy("directory:state_list")
    success_message = gettext_lazy("%(name)s was saved.")
    extra_context = {"title": gettext_lazy("New member state"), "back": reverse_lazy("directory:state_list")}

    def save(self, form):
        return services.save_member_state(member_state=form.save(commit=False))


class MemberStateUpdateView(MemberStateCreateView, UpdateView):
    extra_context = {"title": gettext_lazy("Edit member state"), "back": reverse_lazy("directory:state_list")}


class OrganisationListView(SearchListView):
    template_name = "directory/organisation_list.html"

    def get_queryset(self):
        return queries.organisations_for_list(search=self.search(), kind=self.request.GET.get("kind", ""))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=Organisation.Kind.choices, kind=self.request.GET.get("kind", ""), **kwargs
        )


class OrganisationCreateView(SecretariatRequiredMixin, ServiceSaveMixin, SuccessMessageMixin, CreateView):
    model = Organisation
    form_class = OrganisationForm
    template_name = "directory/object_form.html"
    success_url = reverse_lazy("directory:organisation_list")
    success_message = gettext_lazy("%(name)s was saved.")
    extra_context = {"title": gettext_lazy("New organisation"), "back": reverse_lazy("directory:organisation_list")}

    def save(self, form):
        return services.save_organisation(organisation=form.save(commit=False))


class OrganisationUpdateView(OrganisationCreateView, UpdateView):
    extra_context = {"title": gettext_lazy("Edit organisation"), "back": reverse_lazy("directory:organisation_list")}


class PersonListView(SearchListView):
    """The directory's people, 50 a page, searched. The page's body (under the header) is the same for
    every member of the secretariat for one query string and language: it is kept in the shared cache
    under the people list's version (``queries.people_list_version``: any person, organisation, member
    state or user's name saved or deleted, or a person written in bulk, renews it). It holds no form
    that posts, so nothing of the request but its query."""

    template_name = "directory/person_list.html"
    body_template_name = "directory/_person_list_body.html"

    def get(self, request, *args, **kwargs):
        version, self.latest = queries.people_list_version()  # before the rows are read
        digest = hashlib.sha1(repr((get_language(), request.META.get("QUERY_STRING", ""))).encode()).hexdigest()  # noqa: S324 - a key
        key = "directory:people-list:%s:%s" % (version, digest)
        body = cache.get(key)
        if body is None:
            self.object_list = self.get_queryset()
            body = render_to_string(self.body_template_name, self.get_context_data(), request=request)
            cache.set(key, body, timeout=3600)  # a bound on memory, not needed for correctness
        return self.render_to_response({"view": self, "body": mark_safe(body)})  # noqa: S308 - our template's

    def get_template_names(self) -> list[str]:
        return [self.template_name]  # not named after the list's model: a kept body has no list

    def get_queryset(self):
        return queries.people_for_list(search=self.search())

    def get_paginator(self, queryset, per_page, **kwargs):
        if self.search():
            return super().get_paginator(queryset, per_page, **kwargs)
        return queries.PeoplePaginator(queryset, per_page, latest=self.latest, **kwargs)


class PersonCreateView(SecretariatRequiredMixin, ServiceSaveMixin, SuccessMessageMixin, CreateView):
    model = Person
    form_class = PersonForm
    template_name = "directory/object_form.html"
    success_url = reverse_lazy("directory:person_list")
    success_message = gettext_lazy("%(given_name)s %(family_name)s was saved.")
    extra_context = {"title": gettext_lazy("New person"), "back": reverse_lazy("directory:person_list")}

    error_field = "photo"

    def save(self, form):
        return services.save_person(
            person=form.save(commit=False),
            photo=form.cleaned_data.get("photo"),
            remove_photo=form.cleaned_data.get("remove_photo", False),
        )


class PersonUpdateView(PersonCreateView, UpdateView):
    extra_context = {"title": gettext_lazy("Edit person"), "back": reverse_lazy("directory:person_list")}


class PersonPhotoView(SecretariatRequiredMixin, View):
    """A person's photo, for the secretariat's pages only (personal data: never cached, never public)."""

    def get(self, request, pk: int):
        person = get_object_or_404(Person, pk=pk)
        return file_response(person.photo, content_type=person.photo_content_type or None, as_attachment=False)


class AffiliationQueueView(SearchListView):
    template_name = "directory/affiliation_queue.html"

    def status(self) -> str:
        status = self.request.GET.get("status", Affiliation.Status.PENDING)
        return status if status in Affiliation.Status.values or status == "all" else Affiliation.Status.PENDING

    def get_queryset(self):
        status = self.status()
        return queries.affiliations_for_queue(status="" if status == "all" else status, search=self.search())

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=Affiliation.Status.choices, status=self.status(), **kwargs)


class AffiliationDecideView(SecretariatRequiredMixin, FormView):
    form_class = AffiliationDecisionForm
    template_name = "directory/affiliation_decide.html"

    def dispatch(self, request, *args, **kwargs):
        self.affiliation = get_object_or_404(queries.affiliations_for_queue(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            affiliation=self.affiliation,
            focal_form=FocalPointForm(initial={"is_focal_point": self.affiliation.is_focal_point}),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            affiliation = services.decide_affiliation(
                affiliation=self.affiliation,
                by=self.request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                focal_point=form.cleaned_data["focal_point"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if affiliation.status == Affiliation.Status.APPROVED:
            messages.success(self.request, _("The affiliation of %(user)s was approved.") % {"user": affiliation.user})
        else:
            messages.success(self.request, _("The affiliation of %(user)s was refused.") % {"user": affiliation.user})
        return redirect("directory:affiliation_queue")


class FocalPointView(SecretariatRequiredMixin, FormView):
    form_class = FocalPointForm
    http_method_names = ["post"]

    def form_valid(self, form):
        affiliation = get_object_or_404(queries.affiliations_for_queue(), pk=self.kwargs["pk"])
        try:
            services.set_focal_point(
                affiliation=affiliation, by=self.request.user, is_focal_point=form.cleaned_data["is_focal_point"]
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            messages.success(self.request, _("The focal point was updated."))
        return redirect("directory:affiliation_decide", pk=affiliation.pk)
