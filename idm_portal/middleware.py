"""Django's ``LocaleMiddleware`` for a portal whose addresses carry no language.

The portal's URLs have no ``i18n_patterns``: the language comes from the language cookie, then
Accept-Language (``translation.get_language_from_request``). Django's middleware still asks, twice a
request, for the language in the path, and patches Vary through its generic parser. Here, while the
URL configuration has no language prefix (and no view set its own ``request.urlconf``), a request
gets exactly what Django's would give it: the language chosen the same way and activated,
``request.LANGUAGE_CODE``, ``Accept-Language`` added to Vary and the Content-Language header unless the
response has its own. Otherwise Django's own code runs.
"""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.middleware import locale
from django.utils import translation
from django.utils.cache import patch_vary_headers


def _prefixed(request) -> bool:
    return getattr(request, "urlconf", None) is not None or is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]


class LocaleMiddleware(locale.LocaleMiddleware):
    def process_request(self, request):
        if _prefixed(request):
            return super().process_request(request)
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        store = getattr(response.headers, "_store", None)
        if type(store) is not dict or _prefixed(request):
            return super().process_response(request, response)
        vary = store.get("vary")
        if vary is None:
            store["vary"] = ("Vary", "Accept-Language")
        elif vary[1] == "Cookie":  # what the CSRF and session middleware wrote before
            store["vary"] = ("Vary", "Cookie, Accept-Language")
        else:
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
