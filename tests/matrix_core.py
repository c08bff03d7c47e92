"""Permission-matrix rows for the project's own pages and the allauth and admin pages we rely on."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from .matrix import LOGIN, Entry, Redirect, everyone, roles, signed_in

HOME = Redirect(settings.LOGIN_REDIRECT_URL)
# The admin sends everyone but superusers to its log-in page, which is allauth's (rows below).
ADMIN_LOGIN = Redirect("admin:login", query="?next=/" + settings.ADMIN_URL)

MATRIX = {
    "home": Entry(get=everyone(200), note="one address, a home page per role"),
    "health": Entry(get=everyone(200), note="load balancers, no log-in"),
    "favicon": Entry(get=everyone(Redirect("/static/images/favicon.ico")), note="browsers ask for it at the root"),
    # allauth: public log-in and sign-up; a signed-in user is sent home.
    "account_login": Entry(get={**everyone(HOME), "anonymous": 200}),
    "account_signup": Entry(get={**everyone(HOME), "anonymous": 200}),
    "account_logout": Entry(get={**signed_in(200), "anonymous": HOME}),
    "account_email": Entry(get=signed_in(200)),
    "account_change_password": Entry(get=signed_in(200)),
    "mfa_index": Entry(get=signed_in(200)),
    # Setting up an authenticator asks for the password again first (force_login is not a fresh log-in).
    "mfa_activate_totp": Entry(
        get=signed_in(Redirect("account_reauthenticate", query="?" + urlencode({"next": reverse("mfa_activate_totp")})))
    ),
    # The admin is for superusers only; its log-in page is allauth's.
    "admin:index": Entry(
        get=roles(
            anonymous=ADMIN_LOGIN,
            delegate=ADMIN_LOGIN,
            other_delegate=ADMIN_LOGIN,
            focal_point=ADMIN_LOGIN,
            donor_contact=ADMIN_LOGIN,
            secretariat=ADMIN_LOGIN,
            superuser=200,
        )
    ),
    "admin:login": Entry(
        get=roles(
            anonymous=LOGIN,
            delegate=200,
            other_delegate=200,
            focal_point=200,
            donor_contact=200,
            secretariat=200,
            superuser=Redirect("admin:index"),
        )
    ),
}
