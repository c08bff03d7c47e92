"""The OpenAPI description: the token scheme, the ``lang`` parameter and the error answers of every operation."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

INT_MAX = 2**31 - 1  # integers bounded here in the API: ids past it are not found (api.views.base.one_of)
ERRORS = {
    "400": _("The request is not valid: the body says which field and why."),
    "401": _("No token, or an unknown, expired or revoked one."),
    "403": _("The token's owner may not do this, or the token may only read."),
    "404": _("Not found, or not visible to the token's owner."),
    "429": _("Too many requests with this token (or from this address): wait and retry."),
}


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(_("A personal API token, made on your profile: “Authorization: Bearer <token>”.")),
        }


def add_errors_and_language(result, generator, request, public):
    """Every operation: the ``lang`` parameter, bounded integers, and the error answers it can give."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = {
        "type": "object",
        "description": str(_("“detail” says what went wrong; a 400 names each field with its messages.")),
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": True,
    }
    responses = components.setdefault("responses", {})
    for code, description in ERRORS.items():
        responses[f"Error{code}"] = {
            "description": str(description),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            parameters = operation.setdefault("parameters", [])
            for parameter in parameters:
                schema = parameter.get("schema", {})
                if schema.get("type") == "integer":
                    schema.setdefault("minimum", 0)
                    schema.setdefault("maximum", INT_MAX)
            if not any(p["name"] == "lang" and p["in"] == "query" for p in parameters):
                parameters.append(
                    {
                        "in": "query",
                        "name": "lang",
                        "schema": {"type": "string", "enum": ["en", "fr", "es"]},
                        "description": str(_("The language of the texts (else Accept-Language, else English).")),
                    }
                )
            for code in ERRORS:
                operation["responses"].setdefault(code, {"$ref": f"#/components/responses/Error{code}"})
    return result
