"""HTML templates to PDF with WeasyPrint, reading nothing but the project's own static and media files.

The URL fetcher serves ``file://`` URLs under the static folders (``STATICFILES_DIRS``, the apps'
``static/`` folders, ``STATIC_ROOT``) and ``MEDIA_ROOT`` from disk; every other URL (http, https,
data, any other path) is refused, so a record's text can never make the renderer reach the network
or read a file of the server. Fonts are the system's (fontconfig): no web fonts.

Every document is a tagged, accessible PDF (PDF/UA-1, ``PDF_OPTIONS``): its structure tree follows the
HTML (headings, paragraphs, lists, tables, figures with their alternative text) in reading order, its
language is the ``lang`` of the template's ``<html>`` and its title the ``<title>`` (shown by readers
instead of the file name). ``render_pdf`` is the one place this is decided: every kind gets it.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import os
import re
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

Progress = Callable[[int], None]

# PDF/UA-1: tagged (structure tree, /MarkInfo), /Lang and /Title in the catalogue and the XMP metadata.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

# Tests only: seconds the render function waits before laying out, so a test can kill a worker in
# the middle of a render. Read here and nowhere else; unset everywhere but in that test's worker.
TEST_DELAY_VARIABLE = "IDM_DOCUMENTS_TEST_RENDER_DELAY"


class RefusedURL(ValueError):
    """The renderer asked for something outside the project's static and media files."""


def allowed_roots() -> list[Path]:
    """MEDIA_ROOT, STATIC_ROOT and every folder the staticfiles finders serve from."""
    roots = [Path(settings.MEDIA_ROOT)]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    for finder in finders.get_finders():
        roots.extend(Path(storage.location) for storage in getattr(finder, "storages", {}).values())
    return [root.resolve() for root in roots]


def local_path(url: str) -> Path:
    """The file a ``file://`` URL names, if it lies under an allowed root; else ``RefusedURL``."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"Refused {url!r}: documents only read the portal's static and media files.")
    path = Path(unquote(parts.path)).resolve()
    if not any(path.is_relative_to(root) for root in allowed_roots()) or not path.is_file():
        raise RefusedURL(f"Refused {url!r}: not a static or media file of the portal.")
    return path


# An image drawn by the template itself (a QR code as an <img> with alt text, so the tagged PDF gives
# the figure its alternative text): no file and no network, only bytes carried in the address.
DATA_IMAGE = "data:image/svg+xml;base64,"


def _data_image(url: str) -> URLFetcherResponse:
    try:
        body = base64.b64decode(url[len(DATA_IMAGE) :], validate=True)
    except binascii.Error as error:
        raise RefusedURL("Refused a data address that is not base64.") from error
    return URLFetcherResponse("data:", body=body, headers={"Content-Type": "image/svg+xml"})


class LocalFilesFetcher(URLFetcher):
    """WeasyPrint's fetcher, restricted to local static and media files; no network handler is used."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith(DATA_IMAGE):
            return _data_image(url)
        path = local_path(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type})


@lru_cache(maxsize=256)
def _static_file(path: str) -> str:
    found = finders.find(path)
    if found is None and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / path
        found = str(candidate) if candidate.is_file() else None
    if found is None:
        raise FileNotFoundError(f"No static file {path!r} for the documents.")
    return Path(found).resolve().as_uri()


def static_file_url(path: str) -> str:
    """A ``file://`` URL of a static file, for the document templates (``{% pdf_static %}``)."""
    return _static_file(path)


# French sets a space before : ; ? ! that never breaks from the word before it. In the text between
# tags (never inside a tag, a style sheet or a time such as 10:45), a plain space there becomes a
# no-break space, and a word followed straight by ; ? or ! gets one.
NBSP = "\u00a0"
_TAG_OR_TEXT = re.compile(r"(<style\b.*?</style>|<[^>]*>)", re.S | re.I)
_SPACE_BEFORE = re.compile(r"[ \t]+(?=[:;?!])")
_NO_SPACE_BEFORE = re.compile(r"(?<=\w)(?=[;?!](?:\s|$))")
_ENTITY = re.compile(r"(&#?\w+;)")  # &amp; &#x27; end with a semicolon of their own


def _space_text(text: str) -> str:
    pieces = _ENTITY.split(text)
    for index in range(0, len(pieces), 2):
        pieces[index] = _NO_SPACE_BEFORE.sub(NBSP, _SPACE_BEFORE.sub(NBSP, pieces[index]))
    return "".join(pieces)


def french_spacing(html: str) -> str:
    """``html`` with French spacing before high punctuation in its text (not in its markup)."""
    parts = _TAG_OR_TEXT.split(html)
    for index in range(0, len(parts), 2):  # even parts are text, odd ones markup
        parts[index] = _space_text(parts[index])
    return "".join(parts)


TYPOGRAPHY: dict[str, Callable[[str], str]] = {"fr": french_spacing}


def typeset(html: str, language: str) -> str:
    """``html`` (or plain text) with the typography of ``language``: French spacing in French."""
    typography = TYPOGRAPHY.get(language[:2])
    return typography(html) if typography else html


def render_html(*, template: str, context: dict, language: str) -> str:
    with translation.override(language):
        html = render_to_string(template, {**context, "language": language})
    return typeset(html, language)


def render_pdf(*, template: str, context: dict, language: str, progress: Progress | None = None) -> tuple[bytes, int]:
    """The PDF bytes of one document and its number of pages."""
    progress = progress or (lambda value: None)
    html = render_html(template=template, context=context, language=language)
    progress(30)
    _test_delay(progress)
    document = HTML(string=html, url_fetcher=LocalFilesFetcher()).render()
    progress(80)
    pdf = document.write_pdf(**PDF_OPTIONS)
    progress(90)
    return pdf, len(document.pages)


def _test_delay(progress: Progress) -> None:
    seconds = float(os.environ.get(TEST_DELAY_VARIABLE) or 0)
    deadline = time.monotonic() + seconds
    step = 0
    while time.monotonic() < deadline:
        time.sleep(0.2)
        step += 1
        progress(min(30 + step, 70))
