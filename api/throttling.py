"""Rate limits: per token, and per address for requests without one (rates and the cache holding the
counters from the settings)."""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class PortalThrottle(SimpleRateThrottle):
    """The counters live in the cache alias ``API_THROTTLE_CACHE``, read on each request (DRF fixes its
    cache when the module is imported)."""

    @property
    def cache(self):
        return caches[settings.API_THROTTLE_CACHE]


class TokenThrottle(PortalThrottle):
    scope = "api-token"

    def get_rate(self) -> str | None:
        return settings.API_TOKEN_RATE

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}


class AnonymousThrottle(PortalThrottle):
    scope = "api-anonymous"

    def get_rate(self) -> str | None:
        return settings.API_ANONYMOUS_RATE

    def get_cache_key(self, request, view) -> str | None:
        if isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
