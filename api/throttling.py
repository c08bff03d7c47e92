"""Rate limits: per token, and per address for requests without one (rates from the settings)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenThrottle(SimpleRateThrottle):
    scope = "api-token"

    def get_rate(self) -> str | None:
        return settings.API_TOKEN_RATE

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}


class AnonymousThrottle(SimpleRateThrottle):
    scope = "api-anonymous"

    def get_rate(self) -> str | None:
        return settings.API_ANONYMOUS_RATE

    def get_cache_key(self, request, view) -> str | None:
        if isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
