import re

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import URLResolver, include, path
from django.views.i18n import set_language

from . import health, views_public, views_staff


class Prefixes:
    """The pattern of an include whose addresses all begin with one of ``prefixes``: it matches those
    addresses and takes nothing off them (its routes stay whole, as under ``path("", include(...))``,
    and so do their reversing), so any other address skips the include at the cost of one
    ``str.startswith`` instead of a search for each of its patterns."""

    regex = re.compile("")  # what reversing puts before the include's routes: nothing
    converters: dict = {}

    def __init__(self, prefixes: tuple[str, ...]):
        self.prefixes = prefixes

    def match(self, path: str):
        return (path, (), {}) if path.startswith(self.prefixes) else None

    def check(self) -> list:
        return []

    def describe(self) -> str:
        return "under %s" % " or ".join(self.prefixes)

    def __str__(self) -> str:
        return ""


def under_its_prefixes(module: str) -> URLResolver:
    """``module``'s patterns (included as ``include(module)`` would), tried only for an address under
    one of its ``PREFIXES``."""
    urlconf, app_name, namespace = include(module)
    return URLResolver(Prefixes(tuple(urlconf.PREFIXES)), urlconf, app_name=app_name, namespace=namespace)


# The admin is for superusers only, and its log-in goes through allauth (rate limits, MFA).
admin.site.login = login_required(admin.site.login)
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

# Django tries the patterns in order, and each app's are included without a prefix: the pages most
# visited (the public ones) come first, so resolving /speakers/ does not try some 140 staff patterns
# before it. No two apps' patterns match the same address (each app has its own first segments), so
# the order changes no page. Funding's pages (the donor portal, the secretariat's funding) are tried
# before the workshops' 43 patterns, the Council's and the consultations' (80 searches for /donor/,
# 0.4 M instructions a request), at the cost of one search for the other pages.
urlpatterns = [
    path("", views_public.HomeView.as_view(), name="home"),
    path("health/", health.health, name="health"),
    path("favicon.ico", views_public.favicon, name="favicon"),
    # The language switcher in every page's header posts here: anyone may choose a language.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    under_its_prefixes("funding.urls"),
    path("", include("workshops.urls")),
    path("", include("sessions_council.urls")),
    path("", include("consultations.urls")),
    path("", include("directory.urls")),
    path("", include("travel.urls")),
    path("", include("documents.urls")),
    path("accounts/", include("allauth.urls")),
    path("staff/translations/", views_staff.MissingTranslationsView.as_view(), name="staff_translations"),
    path("", include("api.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
