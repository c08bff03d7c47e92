"""Factories and small files for the Council tests."""

import datetime
import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sessions_council.models import CouncilSession, Panel, Participation
from tests.factories import PersonFactory


class CouncilSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilSession

    number = factory.Sequence(lambda n: 100 + n)
    title = factory.LazyAttribute(lambda o: f"Session {o.number}")
    start_date = datetime.date(2009, 11, 23)
    end_date = datetime.date(2009, 11, 26)
    place = "Geneva"


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    session = factory.SubFactory(CouncilSessionFactory)
    kind = Panel.Kind.IDM_PANEL
    title = factory.Sequence(lambda n: f"Panel {n}")
    date = factory.LazyAttribute(lambda o: o.session.start_date)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    panel = factory.SubFactory(PanelFactory)
    person = factory.SubFactory(PersonFactory)
    role = Participation.Role.PANELLIST
    order = factory.Sequence(lambda n: n)


def pdf_upload(name: str = "slides.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def pptx_upload(name: str = "slides.pptx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<presentation/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def fake_pdf_upload(name: str = "slides.pdf") -> SimpleUploadedFile:
    """An HTML page named .pdf and sent as application/pdf: the content decides, not the name."""
    return SimpleUploadedFile(name, b"<html><script>alert(1)</script></html>", content_type="application/pdf")


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 51, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
