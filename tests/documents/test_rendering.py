"""The renderer: a URL fetcher that reads only the portal's static and media files; print CSS."""

import io
import socket
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader
from weasyprint import HTML

from documents.rendering import LocalFilesFetcher, RefusedURL, local_path, render_pdf, static_file_url

from .helpers import pdf_pages

STATIC = Path(settings.BASE_DIR) / "documents" / "static" / "documents" / "print" / "base.css"


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test, whatever the URL."""
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise AssertionError(f"The renderer tried to connect to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_the_fetcher_serves_a_static_file_from_disk():
    response = LocalFilesFetcher().fetch(STATIC.resolve().as_uri())

    assert (response.content_type, response.read()) == ("text/css", STATIC.read_bytes())


def test_the_fetcher_serves_a_media_file(settings, tmp_path):
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True)
    (media / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")

    response = LocalFilesFetcher().fetch((media / "logo.svg").as_uri())

    assert response.read() == b"<svg xmlns='http://www.w3.org/2000/svg'/>"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/style.css",
        "https://example.org/font.woff2",
        "ftp://example.org/file",
        "data:text/css,body{color:red}",
        "file:///etc/passwd",
        "file:///etc/hostname",
        "file://example.org" + str(STATIC.resolve()),
        STATIC.resolve().as_uri().replace("/print/base.css", "/print/../../../../manage.py"),
        STATIC.resolve().as_uri() + ".missing",
    ],
)
def test_the_fetcher_refuses_everything_else(url, no_network):
    with pytest.raises(RefusedURL):
        LocalFilesFetcher().fetch(url)

    assert no_network == []


def test_a_symlink_out_of_the_static_folder_is_refused(settings):
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True)
    (media / "escape").symlink_to("/etc/hostname")

    with pytest.raises(RefusedURL):
        local_path((media / "escape").as_uri())


def test_a_document_naming_remote_and_local_files_renders_without_fetching_them(no_network, caplog):
    html = (
        '<link rel="stylesheet" href="%s">'
        '<link rel="stylesheet" href="https://fonts.example.org/css">'
        '<img src="http://example.org/tracker.png" alt="">'
        '<img src="file:///etc/hostname" alt="">'
        "<p>IC/2010/1</p>" % static_file_url("documents/print/base.css")
    )

    pdf = HTML(string=html, url_fetcher=LocalFilesFetcher()).write_pdf()

    refused = sorted(r.getMessage() for r in caplog.records if "Refused" in r.getMessage())
    assert pdf_pages(pdf) == ["IC/2010/1"]
    assert no_network == []
    assert len(refused) == 3


def _sixty_participants(header: str) -> dict:
    """A list of participants' context: 60 people of Kenya, five pages, ``header`` on every page but the first."""
    return {
        "header": header,
        "workshop": {"title": header, "start_date": None, "end_date": None, "venue": ""},
        "variant": "final",
        "states": [
            {"name": "Kenya", "organisations": [{"name": "", "people": [{"name": f"Person {n}", "position": ""}]}]}
            for n in range(60)
        ],
        "count": 60,
    }


def test_documents_use_local_fonts_page_numbers_and_running_headers(db):
    context = _sixty_participants("Migration and Transnationalism")

    pdf, pages = render_pdf(template="documents/pdf/participants.html", context=context, language="en")

    text = pdf_pages(pdf)
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[1])
    assert pages == len(text) > 2
    # The running header (not on the first page) and footer come last in the text of a page.
    assert text[0].startswith("IOM International Organization for Migration")
    assert text[0].endswith("Person 9 Page 1 of %d" % pages)
    assert text[1].endswith("Migration and Transnationalism Page 2 of %d" % pages)
    assert [page.endswith("Page %d of %d" % (n, pages)) for n, page in enumerate(text, start=1)] == [True] * pages
    assert fonts <= {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"}


@pytest.mark.parametrize(
    ("fragment", "content"),
    [
        (
            'Page <span class="page-number"></span> of <span class="page-count"></span>',
            '"Page " counter(page) " of " counter(pages)',
        ),
        ('IC/2010/1<br>Page <span class="page-number"></span>', '"IC/2010/1" "\\A " "Page " counter(page)'),
        ("Say &quot;no&quot; \\ &lt;/style&gt;<b>x</b>", '"Say \\22 no\\22  \\5C  \\3C /style\\3E " "x"'),
        ("\n  ", "none"),
        ("", "none"),
    ],
)
def test_a_running_header_is_written_as_css_strings_and_counters(fragment, content):
    from documents.templatetags.documents_pdf import margin_content

    assert margin_content(fragment) == content


def test_a_running_header_with_quotes_backslashes_and_markup_is_printed_as_written(db):
    context = _sixty_participants('The "Bali" process \\ </style><script>x</script> & co')

    pdf, pages = render_pdf(template="documents/pdf/participants.html", context=context, language="en")

    assert pdf_pages(pdf)[1].endswith('The "Bali" process \\ </style><script>x</script> & co Page 2 of %d' % pages)


def test_a_french_running_header_keeps_french_spacing():
    from django.utils import translation

    from documents.templatetags.documents_pdf import margin_content

    with translation.override("fr"):
        french = margin_content('Migration : un défi ? Page <span class="page-number"></span>')
    with translation.override("en"):
        english = margin_content("Migration : un défi ?")

    assert (french, english) == ('"Migration\u00a0: un défi\u00a0? Page " counter(page)', '"Migration : un défi ?"')
