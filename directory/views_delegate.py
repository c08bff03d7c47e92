"""A signed-in person's own pages: their profile, their affiliation to a member state."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView

from . import queries, services
from .forms import (
    AffiliationRequestForm,
    ProfileForm,
)
from .language import use_language
from .service_views import add_service_errors


class ProfileView(FormView):
    """Any signed-in user: their name, language and affiliation to a member state."""

    form_class = ProfileForm
    template_name = "directory/profile.html"
    success_url = reverse_lazy("directory:profile")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "has_person": self.person is not None}

    def get_initial(self):
        user = self.request.user
        self.person = queries.person_of(user)
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "gender": self.person.gender if self.person else "",
        }

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            affiliations=queries.affiliations_of(user),
            affiliation_form=AffiliationRequestForm(user=user)
            if user.has_perm("directory.request_affiliation")
            else None,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            user = services.update_profile(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        response = super().form_valid(form)
        use_language(self.request, response, user.preferred_language)  # the page speaks it from now on
        messages.success(self.request, _("Your profile was saved."))
        return response


class AffiliationRequestView(FormView):
    form_class = AffiliationRequestForm
    template_name = "directory/affiliation_request.html"

    def dispatch(self, request, *args, **kwargs):
        # A POST is always validated, so a second request gets its reason on the form.
        if request.method == "GET" and not request.user.has_perm("directory.request_affiliation"):
            return redirect("directory:profile")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            services.request_affiliation(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Your request was sent. The secretariat will confirm your affiliation by e-mail.")
        )
        return redirect("directory:profile")


class AffiliationWithdrawView(FormView):
    form_class = forms.Form
    http_method_names = ["post"]

    def form_valid(self, form):
        affiliation = get_object_or_404(queries.affiliations_of(self.request.user), pk=self.kwargs["pk"])
        try:
            services.withdraw_affiliation(affiliation=affiliation, by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            messages.success(self.request, _("Your affiliation was withdrawn."))
        return redirect(reverse("directory:profile"))
