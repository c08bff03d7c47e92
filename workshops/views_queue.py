"""Secretariat pages of a workshop's registrations: the queue, bulk decisions and seat changes (each
shown as a plan and applied on confirmation), exports, one registration with its history, and the
funded-participation decisions."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, ListView

from directory.pagination import ForgivingPaginationMixin
from directory.service_views import add_service_errors

from . import cache, exports, queries, services
from .forms_checkin import BadgeForm
from .forms_queue import BulkDecisionForm, CapacityForm, FundingDecisionForm, QueueFilterForm, RegistrationDecisionForm
from .models import MAX_CAPACITY, Registration
from .permissions import WorkshopsStaffMixin
from .views_staff import WorkshopMixin

S = Registration.Status


class QueueMixin(WorkshopMixin):
    def filter_form(self) -> QueueFilterForm:
        return QueueFilterForm(self.request.GET or None, states=queries.states_in_queue(self.workshop))

    def queue(self, form: QueueFilterForm):
        return queries.registrations_for_queue(workshop=self.workshop, **form.filters())


class QueueView(QueueMixin, ForgivingPaginationMixin, ListView):
    """The secretariat's day: one workshop's registrations, filtered, decided in bulk.

    The page's body (under the header: counts, filters, rows, bulk form, pages) is the same for every
    member of the secretariat who may see it, for one query string and language: it is kept like the
    public pages' fragments (``cache.fragment``), under a version that any registration, workshop,
    person or member state saved or deleted, and any new arrival, renews (``queue_page_version``).
    The one per-request value in it, its forms' CSRF token, is the page's own (``for_this_request``).
    """

    template_name = "workshops/staff/queue.html"
    body_template_name = "workshops/staff/_queue_body.html"
    context_object_name = "registrations"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        self.shown = queries.shown_version()  # before the workshop is read
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        version, self.arrival = queries.queue_page_version(self.workshop, shown=self.shown)
        parts = (self.workshop.pk, request.META.get("QUERY_STRING", ""))
        body = cache.fragment("staff-queue", parts, self.build, read_version=version).html
        return self.render_to_response({"view": self, "workshop": self.workshop, "body": body})

    def get_template_names(self) -> list[str]:
        return [self.template_name]  # not named after the list's model: a kept body has no list

    def build(self) -> tuple[str, datetime]:
        self.filters = self.filter_form()
        self.counts = queries.queue_counts(self.workshop, arrival=self.arrival)
        self.object_list = self.get_queryset()
        html = render_to_string(self.body_template_name, self.get_context_data(), request=self.request)
        return cache.CSRF_INPUT.sub(r"\g<1>%s\g<2>" % cache.CSRF_PLACEHOLDER, html), cache.next_change(())

    def get_queryset(self):
        return self.queue(self.filters)

    def get_paginator(self, queryset, per_page, **kwargs):
        filters = self.filters.filters()
        total = queries.queue_total(self.counts, filters)
        return queries.QueuePaginator(
            queryset, per_page, workshop=self.workshop, filters=filters, count=total, **kwargs
        )

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filters,
            counts=self.counts,
            bulk_form=BulkDecisionForm(workshop=self.workshop),
            max_seats=MAX_CAPACITY,
            query=query.urlencode(),
            extra_query=query.urlencode() + "&" if query else "",
            **kwargs,
        )


def outcome_texts(plan: services.Plan) -> list[str]:
    """What happened to each registration, one sentence each, ticked ones first in arrival order."""
    texts = []
    for move in plan.moves:
        values = {"person": move.registration.person, "before": move.before_label, "after": move.after_label}
        if move.changed and move.chosen:
            texts.append(_("%(person)s: %(before)s → %(after)s, e-mailed.") % values)
        elif move.changed:
            texts.append(_("%(person)s: moved up from the waiting list to confirmed, e-mailed.") % values)
        elif move.refused:
            texts.append(
                _("%(person)s: left %(before)s, not e-mailed: %(refused)s") % {**values, "refused": move.refused}
            )
        else:
            texts.append(_("%(person)s: stays %(before)s, not e-mailed: no seat is free.") % values)
    return texts


def done_text(plan: services.Plan) -> str:
    ticked = sum(move.chosen for move in plan.moves)
    changed = ngettext(
        "%(changed)d of %(ticked)d ticked registration changed;",
        "%(changed)d of %(ticked)d ticked registrations changed;",
        ticked,
    ) % {"changed": sum(m.changed for m in plan.moves if m.chosen), "ticked": ticked}
    mailed = ngettext("%(mailed)d person e-mailed.", "%(mailed)d people e-mailed.", plan.mailed) % {
        "mailed": plan.mailed
    }
    return "%s %s" % (changed, mailed)


class PlanMixin(WorkshopMixin):
    """A change of many registrations: the first POST shows the plan, the second (with the plan's
    fingerprint) applies it; a plan that went stale is shown again, new."""

    template_name = "workshops/staff/plan.html"
    http_method_names = ["post"]

    def back(self):
        return redirect(reverse("workshops:staff_queue", kwargs={"slug": self.workshop.slug}) + self.query())

    def query(self) -> str:
        query = self.request.POST.get("query", "")
        return "?" + query if query else ""

    def show_plan(self, plan: services.Plan, hidden: list[tuple[str, str]], error: str = ""):
        hidden = [*hidden, ("query", self.request.POST.get("query", "")), ("expected_plan", plan.fingerprint)]
        return self.render_to_response(
            self.get_context_data(plan=plan, hidden=hidden, error=error, back=self.back().url)
        )

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return self.back()


class BulkDecideView(PlanMixin, FormView):
    form_class = BulkDecisionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "workshop": self.workshop}

    def form_valid(self, form):
        data = form.cleaned_data
        arguments = {
            "workshop": self.workshop,
            "registrations": data["registrations"],
            "action": data["action"],
            "by": self.request.user,
            "reason": data["reason"],
        }
        hidden = [("action", data["action"]), ("reason", data["reason"])]
        hidden += [("registrations", str(registration.pk)) for registration in data["registrations"]]
        expected = self.request.POST.get("expected_plan", "")
        if not expected:
            return self.show_plan(services.plan_bulk_decision(**arguments), hidden)
        try:
            plan = services.bulk_decide(**arguments, expected_plan=expected)
        except ValidationError as error:
            return self.show_plan(services.plan_bulk_decision(**arguments), hidden, error=" ".join(error.messages))
        messages.success(self.request, done_text(plan))
        for text in outcome_texts(plan):
            messages.info(self.request, text)
        return self.back()


class CapacityView(PlanMixin, FormView):
    """The seats, changed from the queue: who moves up from the waiting list is shown first; fewer
    seats than the confirmed participants is refused."""

    form_class = CapacityForm

    def form_valid(self, form):
        capacity = form.cleaned_data["capacity"]
        by = self.request.user
        try:
            plan = services.plan_capacity(workshop=self.workshop, capacity=capacity, by=by)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return self.back()
        expected = self.request.POST.get("expected_plan", "")
        if plan.changed and not expected:
            return self.show_plan(plan, [("capacity", str(capacity))])
        try:
            workshop = services.change_capacity(
                workshop=self.workshop, capacity=capacity, by=by, expected_plan=expected or plan.fingerprint
            )
        except ValidationError as error:
            if error.messages and getattr(error, "code", None) == services.STALE:
                plan = services.plan_capacity(workshop=self.workshop, capacity=capacity, by=by)
                return self.show_plan(plan, [("capacity", str(capacity))], error=" ".join(error.messages))
            messages.error(self.request, " ".join(error.messages))
            return self.back()
        messages.success(
            self.request,
            _("Seats: %(before)d → %(after)d.") % {"before": plan.capacity_before, "after": workshop.capacity},
        )
        for text in outcome_texts(plan):
            messages.info(self.request, text)
        return self.back()

    def form_invalid(self, form):
        # The field says its bounds (min 0, max 3,000) in the page; tests/test_hardening.py holds this text.
        messages.error(self.request, _("Enter the number of seats."))
        return self.back()


class ExportView(QueueMixin, View):
    def get(self, request, *args, **kwargs):
        registrations = self.queue(self.filter_form())
        if kwargs["format"] == "xlsx":
            content = exports.to_xlsx(registrations, title=self.workshop.slug)
            response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
        else:
            response = HttpResponse(exports.to_csv(registrations), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="participants-%s.%s"' % (
            self.workshop.slug,
            kwargs["format"],
        )
        return response


class RegistrationDecideView(WorkshopsStaffMixin, FormView):
    form_class = RegistrationDecisionForm
    template_name = "workshops/staff/registration.html"

    ACTIONS = {
        "confirm": lambda registration, by, reason: services.confirm_registration(registration=registration, by=by),
        "waitlist": lambda registration, by, reason: services.waitlist_registration(registration=registration, by=by),
        "decline": lambda registration, by, reason: services.decline_registration(
            registration=registration, by=by, reason=reason
        ),
        "cancel": lambda registration, by, reason: services.cancel_registration(registration=registration, by=by),
        "attended": lambda registration, by, reason: services.mark_attended(registration=registration, by=by),
    }

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.registration = get_object_or_404(queries.registrations_visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registration=self.registration,
            workshop=self.registration.workshop,
            history=list(queries.registration_history(self.registration)),
            funding_form=FundingDecisionForm(),
            badge_form=BadgeForm(instance=self.registration),
            **kwargs,
        )

    def form_valid(self, form):
        action = form.cleaned_data["action"]
        try:
            registration = self.ACTIONS[action](self.registration, self.request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(person)s: %(status)s.") % {"person": registration.person, "status": registration.get_status_display()},
        )
        return redirect("workshops:staff_queue", slug=registration.workshop.slug)


# --- Funded participation -------------------------------------------------------------------


class FundingView(WorkshopMixin, ForgivingPaginationMixin, ListView):
    template_name = "workshops/staff/funding.html"
    context_object_name = "registrations"
    paginate_by = 100

    def get_queryset(self):
        return queries.funding_requests(workshop=self.workshop)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            counts=queries.queue_counts(self.workshop), decision_form=FundingDecisionForm(), **kwargs
        )


class FundingDecideView(WorkshopsStaffMixin, FormView):
    form_class = FundingDecisionForm
    http_method_names = ["post"]

    def form_valid(self, form):
        registration = get_object_or_404(queries.registrations_visible_to(self.request.user), pk=self.kwargs["pk"])
        try:
            registration = services.decide_funding(
                registration=registration,
                by=self.request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            messages.success(
                self.request,
                _("Funded participation of %(person)s: %(decision)s.")
                % {"person": registration.person, "decision": registration.get_funding_display()},
            )
        return redirect("workshops:staff_funding", slug=registration.workshop.slug)

    def form_invalid(self, form):
        registration = get_object_or_404(queries.registrations_visible_to(self.request.user), pk=self.kwargs["pk"])
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect("workshops:staff_funding", slug=registration.workshop.slug)
