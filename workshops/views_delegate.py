"""Delegate and focal point pages: register, my registrations, my documents (my delegation: views_delegation.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from directory import queries as directory_queries
from directory import roles
from directory.downloads import file_response
from directory.pagination import ForgivingPaginationMixin
from directory.service_views import add_service_errors

from . import cache, queries, services
from .forms_registration import RegistrationChangeForm, RegistrationForm
from .models import ACTIVE, Registration, Workshop

STATUS_MESSAGES = {
    Registration.Status.CONFIRMED: gettext_lazy("%(person)s is registered: the seat is confirmed."),
    Registration.Status.WAITLISTED: gettext_lazy("The workshop is full: %(person)s is on the waiting list."),
    Registration.Status.PENDING: gettext_lazy(
        "The registration of %(person)s was received; the secretariat will confirm it."
    ),
}


class RegisterView(FormView):
    """An approved delegate registers themself; a focal point, any member of the delegation."""

    form_class = RegistrationForm
    template_name = "workshops/register.html"

    def dispatch(self, request, *args, **kwargs):
        self.workshop = queries.workshop_to_register(slug=kwargs["slug"], posted=request.method == "POST")
        if self.workshop is None:
            raise Http404
        user = request.user
        if roles.delegate_state(user) is None:
            raise PermissionDenied(_("Only delegates with an approved affiliation can register for workshops."))
        if not user.has_perm("workshops.register", self.workshop):
            messages.error(request, _("Registration for this workshop is not open."))
            return redirect(self.workshop)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        user = self.request.user
        state = roles.delegate_state(user)
        return {
            **super().get_form_kwargs(),
            "own_person": directory_queries.person_of(user),
            "delegation": list(queries.delegation_people(user)) if roles.is_focal_point(user) else None,
            "eligible": state.eligible_for_funding,
            "current_head": (
                services.current_head_of_delegation(workshop=self.workshop, state=state)
                if roles.is_focal_point(user)
                else None
            ),
        }

    def get_context_data(self, **kwargs):
        state = roles.delegate_state(self.request.user)
        return super().get_context_data(workshop=self.workshop, state=state, **kwargs)

    def form_valid(self, form):
        options = form.registration_options()
        try:
            if form.cleaned_data["participant"] == RegistrationForm.NEW:
                registration = services.register_new_delegation_member(
                    workshop=self.workshop, by=self.request.user, **form.new_person, **options
                )
            else:
                registration = services.request_registration(
                    workshop=self.workshop, person=form.person, by=self.request.user, **options
                )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        except Workshop.DoesNotExist:  # deleted since it was read: no row to lock
            raise Http404 from None
        messages.success(self.request, STATUS_MESSAGES[registration.status] % {"person": registration.person})
        head_moved_message(self.request, registration)
        if roles.is_focal_point(self.request.user):
            return redirect("workshops:my_delegation")
        return redirect("workshops:my_registrations")

    def form_invalid(self, form):
        form.ask_for_file_again()
        return super().form_invalid(form)


def head_moved_message(request, registration: Registration) -> None:
    replaced = getattr(registration, "replaced_head", None)
    if replaced is not None:
        messages.info(
            request,
            _("%(before)s is no longer head of delegation; %(after)s is.")
            % {"before": replaced.person, "after": registration.person},
        )


class ChangeRegistrationView(FormView):
    """The participant or their focal point changes consent, head of delegation, note verbale and the
    request for funded participation, until registration closes (the rules of registering)."""

    form_class = RegistrationChangeForm
    template_name = "workshops/change_registration.html"

    def dispatch(self, request, *args, **kwargs):
        self.registration = get_object_or_404(queries.registrations_to_change(request.user), pk=kwargs["pk"])
        if self.registration.status not in ACTIVE or not self.registration.workshop.registration_is_open():
            messages.error(request, _("This registration can no longer be changed."))
            return redirect("workshops:my_registrations")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        user = self.request.user
        focal_point = roles.is_focal_point(user)
        return {
            **super().get_form_kwargs(),
            "registration": self.registration,
            "focal_point": focal_point,
            "own": self.registration.person.user_id == user.pk,
            "current_head": (
                services.current_head_of_delegation(
                    workshop=self.registration.workshop, state=self.registration.member_state
                )
                if focal_point
                else None
            ),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(registration=self.registration, workshop=self.registration.workshop, **kwargs)

    def form_valid(self, form):
        try:
            registration = services.change_registration(
                registration=self.registration, by=self.request.user, **form.registration_options()
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The registration of %(person)s for %(workshop)s was changed.")
            % {"person": registration.person, "workshop": registration.workshop},
        )
        head_moved_message(self.request, registration)
        if roles.is_focal_point(self.request.user) and registration.person.user_id != self.request.user.pk:
            return redirect("workshops:my_delegation")
        return redirect("workshops:my_registrations")

    def form_invalid(self, form):
        form.ask_for_file_again()
        return super().form_invalid(form)


class MyRegistrationsView(TemplateView):
    """One's own registrations, 50 a page. The table is a cached fragment kept for its user, versioned
    like the public workshop pages (``workshops/cache.py``: any change to a registration, a workshop or
    a person gives it a new version) and timed to the next opening or closing of a registration window
    it shows; the request's own CSRF token and address are put in by the template."""

    template_name = "workshops/my_registrations.html"
    response_class = cache.KeptBodyResponse
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        wanted = self.request.GET.get("page") or "1"
        parts = (user.pk, user.preferred_language, roles.delegate_state(user) is not None, wanted)
        body = cache.fragment("my-registrations", parts, lambda: self.build(wanted)).html
        return super().get_context_data(body=body, **kwargs)

    def build(self, wanted: str):
        user = self.request.user
        rows = queries.MyRegistrations(user, page_size=self.paginate_by, first_page=wanted == "1")
        paginator = Paginator(rows, self.paginate_by)
        page_obj = paginator.get_page(paginator.num_pages if wanted == "last" else wanted)
        registrations = list(page_obj.object_list)
        html = render_to_string(
            "workshops/_my_registrations_body.html",
            {
                "registrations": registrations,
                "delegate": roles.delegate_state(user) is not None,
                "page_obj": page_obj,
                "paginator": paginator,
                "is_paginated": page_obj.has_other_pages(),
                "query": "",
                "csrf_token": cache.CSRF_PLACEHOLDER,
                "address": cache.NEXT_PLACEHOLDER,
            },
            request=self.request,
        )
        moments = [m for r in registrations for m in (r.workshop.registration_opens, r.workshop.registration_closes)]
        return html, cache.next_change(moments)


class MyDocumentsView(ForgivingPaginationMixin, ListView):
    template_name = "workshops/my_documents.html"
    context_object_name = "documents"
    paginate_by = 100

    def get_queryset(self):
        return queries.documents_of_my_workshops(self.request.user)


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class CancelRegistrationView(FormView):
    form_class = forms.Form
    http_method_names = ["post"]

    def form_valid(self, form):
        user = self.request.user
        registration = get_object_or_404(queries.registrations_visible_to(user), pk=self.kwargs["pk"])
        if not user.has_perm("workshops.cancel_registration", registration):
            messages.error(self.request, _("This registration cannot be cancelled."))
        else:
            try:
                services.cancel_registration(registration=registration, by=user)
            except ValidationError as error:
                messages.error(self.request, " ".join(error.messages))
            else:
                messages.success(
                    self.request,
                    _("The registration of %(person)s for %(workshop)s was cancelled.")
                    % {"person": registration.person, "workshop": registration.workshop},
                )
        return redirect(_back(self.request, reverse("workshops:my_registrations")))


class NoteVerbaleView(View):
    """The note verbale a focal point uploaded: for the secretariat and that state's focal point;
    404 for everyone else, as if it did not exist."""

    def get(self, request, pk: int):
        registration = get_object_or_404(queries.registrations_visible_to(request.user), pk=pk)
        if not request.user.has_perm("workshops.view_note_verbale", registration):
            raise Http404
        return file_response(
            registration.note_verbale,
            filename="note-verbale-%s-%d.pdf" % (registration.workshop.slug, registration.pk),
            content_type="application/pdf",
        )
