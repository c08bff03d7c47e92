from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from directory.roles import roles_of
from workshops import cache

from . import desk
from .roles import main_role


@method_decorator(login_not_required, name="dispatch")
class HomeView(cache.AnonymousPageCacheMixin, TemplateView):
    """One address, a home page per role: public, member, delegate, focal point, donor, secretariat.
    Anonymous visitors get the public one whole from the page cache, kept until the next workshop's
    registration or a survey it announces opens or closes (or midnight); the records it shows give the
    cache a new version."""

    page_name = "home"

    def page_parts(self) -> tuple:
        return ()

    def get_template_names(self) -> list[str]:
        return [f"home/{main_role(self.roles)}.html"]

    def get(self, request, *args, **kwargs):
        self.roles = roles_of(request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, role = self.request.user, main_role(self.roles)
        if role == "secretariat":
            context.update(desk.secretariat_desk())
        elif role == "public":
            context.update(desk.public_home())
            workshop = context["next_workshop"]
            moments = [workshop.registration_opens, workshop.registration_closes] if workshop is not None else []
            for survey in context["open_surveys"]:  # a survey opening or closing changes what the page says
                moments += [survey.survey_opens, survey.survey_closes]
            self.valid_until = cache.next_change(moments)
        elif role == "focal_point":
            context.update(desk.focal_point_home(user, self.roles.delegate_state, self.request.GET.get("page")))
        elif role == "delegate":
            context.update(desk.delegate_home(user, self.roles))
        elif role == "donor":
            context.update(desk.donor_home(user, self.roles.donor))
        return context


@login_not_required
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers and feed readers ask for /favicon.ico whatever the page says: send them to the static one."""
    return HttpResponseRedirect(static("images/favicon.ico"))
