"""What every API view shares: the language asked for, the token gates, and writes through a service."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.utils import translation
from rest_framework import mixins, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated

from directory.acting import acting_through

from .. import services
from ..permissions import HasToken, TokenScope
from ..schema import INT_MAX

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class LanguageQuery(serializers.Serializer):
    lang = serializers.ChoiceField(choices=LANGUAGES, required=False)


def validated(serializer_class: type[serializers.Serializer], data) -> dict:
    """Query parameters or a body checked by a serializer; a bad value is a 400 that names it."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def one_of(queryset: models.QuerySet, pk: int) -> models.Model:
    """Record ``pk`` of ``queryset`` (what the token's owner may see), else a 404; an id past the
    database's integers is not found either, never a database error."""
    return get_object_or_404(queryset, pk=min(pk, INT_MAX))


def as_api_error(error: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as the API's 400: by field where it has fields, else ``non_field_errors``."""
    if hasattr(error, "error_dict"):
        return ValidationError({field: [str(m) for m in messages] for field, messages in error.message_dict.items()})
    return ValidationError({"non_field_errors": [str(message) for message in error.messages]})


def form_errors(form) -> ValidationError:
    """A page's form errors as the API's 400 (``__all__`` becomes ``non_field_errors``)."""
    return ValidationError(
        {
            ("non_field_errors" if field == "__all__" else field): [str(message) for message in messages]
            for field, messages in form.errors.items()
        }
    )


class ApiView(GenericAPIView):
    """Public by default: anyone reads; ``?lang=`` (or Accept-Language) chooses the language."""

    permission_classes = [AllowAny, TokenScope]

    def dispatch(self, request, *args, **kwargs):
        """``?lang=`` for this request only: the answer is rendered in it, and the language of the
        thread is given back afterwards (an unknown code is a 400, from ``initial``)."""
        language = request.GET.get("lang", "")
        if language not in LANGUAGES:
            return super().dispatch(request, *args, **kwargs)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = super().dispatch(request, *args, **kwargs)
            response.render()
        response.headers["Content-Language"] = language
        return response

    def initial(self, request, *args, **kwargs):
        validated(LanguageQuery, request.query_params)
        super().initial(request, *args, **kwargs)

    def write(
        self,
        action: str,
        service: Callable[..., Any],
        /,
        *,
        changed: Callable[[Any], models.Model | None] = lambda result: result,
        **kwargs,
    ) -> Any:
        """Call the page's service; in the same transaction, record which token changed which record
        (``changed(result)``; None when nothing changed). The service's own audit history sees the
        token too (``directory.acting.acting_via``)."""
        token = self.request.auth
        try:
            with transaction.atomic(), acting_through(token.label):
                result = service(**kwargs)
                record = changed(result)
                if isinstance(record, models.Model):
                    services.record_write(token=token, action=action, obj=record)
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        return result


class TokenView(ApiView):
    """Needs a personal token: exactly what its owner sees on the pages."""

    permission_classes = [IsAuthenticated, HasToken, TokenScope]


class ApiListView(mixins.ListModelMixin, ApiView):
    """A list: ``get_queryset`` from the app's query, paginated by ``pagination_class``."""

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class TokenListView(mixins.ListModelMixin, TokenView):
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)
