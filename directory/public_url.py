"""The one public address of the portal, for every link that leaves it (e-mails, calendars, PDFs)."""

from django.conf import settings
from django.urls import reverse


def public_url(path_or_name: str = "/", *args, **kwargs) -> str:
    """``public_url("/")``, ``public_url("/staff/")`` or ``public_url("workshops:detail", slug=...)``:
    an absolute address under ``IDM_PUBLIC_URL``, whatever host the current request came in on."""
    path = (
        path_or_name
        if path_or_name.startswith("/")
        else reverse(path_or_name, args=args or None, kwargs=kwargs or None)
    )
    return settings.PUBLIC_URL + path
