"""The day of the workshop, for the secretariat: check-in at the door (a phone page), the live
attendance of each day, and a participant's badge details."""

from csp.decorators import csp_update
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from . import attendance, queries
from .forms_checkin import AttendanceDayForm, BadgeForm, CheckInForm, CheckInSearchForm
from .permissions import WorkshopsStaffMixin
from .views_staff import WorkshopMixin


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# The QR library decodes in a Web Worker it starts from a blob: URL, and reads a photo of a badge as a
# blob: image; only this page allows them.
@method_decorator(csp_update({"worker-src": ["'self'", "blob:"], "img-src": ["blob:"]}), name="dispatch")
class CheckInView(WorkshopMixin, TemplateView):
    """The door: scan a badge with the phone's camera, or type a name; the answer in large type.
    With ``?q=`` it lists the matches (the htmx search asks for the list alone)."""

    template_name = "workshops/staff/checkin.html"

    def partial(self) -> bool:
        return is_htmx(self.request) and "q" in self.request.GET

    def get_template_names(self):
        return ["workshops/staff/_checkin_matches.html" if self.partial() else self.template_name]

    def get_context_data(self, **kwargs):
        search = CheckInSearchForm(self.request.GET or None)
        text = search.cleaned_data["q"] if search.is_valid() else ""
        today = timezone.localdate()
        if "counts" not in kwargs and not self.partial():
            kwargs["counts"] = queries.attendance_counts(workshop=self.workshop, day=today)
        return super().get_context_data(
            search_form=search,
            form=CheckInForm(),
            matches=list(queries.checkin_search(workshop=self.workshop, text=text, day=today)) if text else None,
            query=text,
            today=today,
            **kwargs,
        )


class CheckInScanView(CheckInView):
    """POST a badge code or a registration: check them in for today, or say why not."""

    http_method_names = ["post"]

    def partial(self) -> bool:
        return False

    def get_template_names(self):
        return ["workshops/staff/_checkin_result.html" if is_htmx(self.request) else self.template_name]

    def post(self, request, *args, **kwargs):
        form = CheckInForm(request.POST)
        if form.is_valid():
            result = attendance.check_in(
                workshop=self.workshop,
                by=request.user,
                token=form.cleaned_data["token"],
                registration_id=form.cleaned_data["registration"],
            )
        else:
            result = attendance.CheckIn(outcome="invalid", message=" ".join(form.non_field_errors()))
        return self.render_to_response(self.get_context_data(result=result))


class AttendanceView(WorkshopMixin, TemplateView):
    """Who is in on a day of the workshop, by member state and by category, and who checked them in.
    The counts block is polled by htmx while the page is open."""

    template_name = "workshops/staff/attendance.html"

    def get_template_names(self):
        return ["workshops/staff/_attendance_live.html" if is_htmx(self.request) else self.template_name]

    def get_context_data(self, **kwargs):
        days = queries.attendance_days(self.workshop)
        form = AttendanceDayForm(self.request.GET or None)
        wanted = form.cleaned_data["day"] if form.is_valid() else None
        today = timezone.localdate()
        day = wanted if wanted in days else (today if today in days else days[0])
        return super().get_context_data(
            tab="attendance",
            days=days,
            day=day,
            counts=queries.attendance_counts(workshop=self.workshop, day=day),
            present=list(queries.attendance_of(workshop=self.workshop, day=day)),
            **kwargs,
        )


class BadgeView(WorkshopsStaffMixin, FormView):
    """POST from the registration page: the category and the name printed on the badge."""

    form_class = BadgeForm
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.registration = get_object_or_404(queries.registrations_visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        registration = attendance.update_badge(
            registration=self.registration,
            category=form.cleaned_data["category"],
            badge_name=form.cleaned_data["badge_name"],
            by=self.request.user,
        )
        messages.success(
            self.request, _("The badge details of %(person)s were saved.") % {"person": registration.person}
        )
        return redirect("workshops:staff_registration", pk=registration.pk)

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect("workshops:staff_registration", pk=self.registration.pk)
