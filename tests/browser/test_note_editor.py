"""The discussion-note editor in a real browser: an edit previewed as PDF is saved first, the PDF (read
back) holds the new text, and the editor shows it on return; the save and preview actions stay in view
at the foot of the window while the long form scrolls."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from documents.models import DiscussionNote, NoteParagraph
from tests import factories
from workshops.models import DialogueYear

from .conftest import login

pytestmark = pytest.mark.browser


def test_preview_as_pdf_saves_the_edits_and_renders_them(page):
    year = DialogueYear.objects.create(year=2010, theme="Migration and social change")
    note = DiscussionNote.objects.create(year=year, title="International Dialogue on Migration 2010")
    for order in range(12):  # a long form, as a drafted note is
        NoteParagraph.objects.create(note=note, order=order, text="Old paragraph %d." % (order + 1))
    factories.make_secretariat(email="staff@iom.example")
    login(page, "staff@iom.example", totp_secret=factories.TOTP_SECRET)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto("/staff/documents/notes/%d/" % note.pk)
    tenth = page.get_by_role("group", name="Paragraph 10").get_by_label("Text:")
    tenth.fill("The edited tenth paragraph.")
    preview = page.get_by_role("button", name="Save and preview as PDF")
    box, height = preview.bounding_box(), page.viewport_size["height"]
    assert box["y"] >= 0  # in view, beside the field being typed in
    assert box["y"] + box["height"] <= height
    preview.click()

    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = open(download.value.path(), "rb").read()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "The edited tenth paragraph." in text
    assert "Old paragraph 10." not in text
    assert "Old paragraph 9." in text

    page.get_by_role("link", name="Back to the draft in the editor").click()
    expect(page.get_by_role("group", name="Paragraph 10").get_by_label("Text:")).to_have_value(
        "The edited tenth paragraph."
    )
    assert list(note.paragraphs.values_list("text", flat=True))[9] == "The edited tenth paragraph."
