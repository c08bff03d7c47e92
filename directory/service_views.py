"""The one shape of a page that writes: a form whose valid data goes to ONE service.

The service decides and may refuse with a ``ValidationError``; the refusal comes back on the form
(on the field it names when the form has that field, above the form otherwise) and nothing changes.
Every app's writing views derive from ``ServiceFormView``; a view that calls a service its own way
still puts the refusal on the form with ``add_service_errors``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.shortcuts import redirect
from django.views.generic import FormView


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one, else above it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ServiceFormView(FormView):
    """A form whose valid data goes to one service (``call_service``); its refusal comes back on the form.

    Subclasses give ``call_service(form)`` and where to go next (``back_url()``, or
    ``get_success_url(result)`` with what the service returned); ``title``, ``intro`` and ``back``
    are in the template's context, ``success_text`` (or ``get_success_text(result)``) is the
    message shown after the service succeeded.
    """

    title = ""
    intro = ""
    success_text = ""

    def call_service(self, form: Form) -> Any:
        raise NotImplementedError

    def back_url(self) -> str:
        return ""

    def get_success_text(self, result: Any) -> str:
        return str(self.success_text)

    def get_success_url(self, result: Any = None) -> str:
        return self.back_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{"title": self.title, "intro": self.intro, "back": self.back_url(), **kwargs})

    def form_valid(self, form: Form):
        try:
            result = self.call_service(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        text = self.get_success_text(result)
        if text:
            messages.success(self.request, text)
        return redirect(self.get_success_url(result))
