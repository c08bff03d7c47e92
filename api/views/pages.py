"""The portal pages of the API: its reference, and the user's tokens (made and revoked on the profile)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView
from drf_spectacular.views import SpectacularSwaggerSplitView

from .. import queries, services
from ..forms import TokenForm

SHOWN_ONCE = "api_new_token"


class ReferenceView(SpectacularSwaggerSplitView):
    """Swagger UI from the vendored files (drf-spectacular-sidecar), its start-up script a separate
    file: no inline script or style, so the portal's Content-Security-Policy holds."""

    template_name = "api/reference.html"
    title = "IDM portal API"


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other address under /api/ (whatever the method): JSON, as the description says."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


class TokenListView(FormView):
    """The user's API tokens; a new one's key is shown once, right after it is made."""

    form_class = TokenForm
    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            tokens=queries.tokens_of(user),
            writes=queries.writes_of(user),
            new_key=self.request.session.pop(SHOWN_ONCE, None),
            needs_two_factors=user.is_staff and not services.has_two_factors(user),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            token, key = services.create_token(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        self.request.session[SHOWN_ONCE] = {"name": token.name, "key": key}
        messages.success(self.request, _("The token “%(name)s” was made.") % {"name": token.name})
        return redirect("api:tokens")


class TokenRevokeView(View):
    http_method_names = ["post"]

    def post(self, request, prefix: str):
        token = get_object_or_404(queries.tokens_of(request.user), prefix=prefix)
        services.revoke_token(token=token, by=request.user)
        messages.success(request, _("The token “%(name)s” was revoked: it no longer works.") % {"name": token.name})
        return redirect("api:tokens")
