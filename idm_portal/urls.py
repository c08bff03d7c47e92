from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import include, path
from django.views.i18n import set_language

from . import health, views_public, views_staff

# The admin is for superusers only, and its log-in goes through allauth (rate limits, MFA).
admin.site.login = login_required(admin.site.login)
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

# Django tries the patterns in order, and each app's are included without a prefix: the pages most
# visited (the public ones) come first, so resolving /speakers/ does not try some 140 staff patterns
# before it. No two apps' patterns match the same address (each app has its own first segments), so
# the order changes no page.
urlpatterns = [
    path("", views_public.HomeView.as_view(), name="home"),
    path("health/", health.health, name="health"),
    path("favicon.ico", views_public.favicon, name="favicon"),
    # The language switcher in every page's header posts here: anyone may choose a language.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("workshops.urls")),
    path("", include("sessions_council.urls")),
    path("", include("consultations.urls")),
    path("", include("funding.urls")),
    path("", include("directory.urls")),
    path("", include("travel.urls")),
    path("", include("documents.urls")),
    path("accounts/", include("allauth.urls")),
    path("staff/translations/", views_staff.MissingTranslationsView.as_view(), name="staff_translations"),
    path("", include("api.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
