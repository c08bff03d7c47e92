"""Workshop documents: uploads checked by content and size, downloads checked by permission."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workshops.models import Registration, WorkshopDocument

from .factories import WorkshopFactory, person_of, registration

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def office(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("[Content_Types].xml", *names):
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


DOCX = office("word/document.xml")
PPTX = office("ppt/presentation.xml")


def upload(client, workshop, name: str, content: bytes, **fields):
    data = {"file": SimpleUploadedFile(name, content), "kind": "background_paper", "title": "Paper", "language": "en"}
    data.update(fields)
    return client.post("/staff/workshops/%s/documents/" % workshop.slug, data)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "suffix"),
    [
        ("paper.pdf", PDF, "application/pdf", ".pdf"),
        ("paper.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        ("slides.pptx", PPTX, "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
        # The content decides, not the name: a PDF called .txt is stored as the PDF it is.
        ("paper.txt", PDF, "application/pdf", ".pdf"),
    ],
)
def test_documents_are_accepted_by_content(client, secretariat, workshop, name, content, content_type, suffix):
    client.force_login(secretariat)

    response = upload(client, workshop, name, content, is_public="on")

    document = WorkshopDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:staff_documents", kwargs={"slug": workshop.slug})
    assert (document.content_type, document.original_name, document.size, document.is_public) == (
        content_type,
        name,
        len(content),
        True,
    )
    assert document.file.name.startswith("workshop-documents/")
    assert document.file.name.endswith(suffix)
    assert name not in document.file.name  # stored under a generated name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a Windows program renamed .pdf
        ("notes.pdf", b"Just some text, not a PDF at all.\n"),  # a text file renamed .pdf
        ("archive.docx", office("other.xml")),  # a zip that is not a Word document
    ],
)
def test_other_content_is_refused(client, secretariat, workshop, name, content):
    client.force_login(secretariat)

    response = upload(client, workshop, name, content)

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["The file is not a valid PDF, DOCX, PPTX document."]}
    assert WorkshopDocument.objects.count() == 0


def test_files_over_20_mb_are_refused(client, secretariat, workshop):
    client.force_login(secretariat)

    response = upload(client, workshop, "big.pdf", PDF + b"0" * (20 * 1024 * 1024))

    assert response.context["form"].errors == {"file": ["The file is larger than 20 MB."]}
    assert WorkshopDocument.objects.count() == 0


@pytest.fixture
def documents(secretariat, workshop, client):
    client.force_login(secretariat)
    upload(client, workshop, "public.pdf", PDF, title="Concept note", is_public="on")
    upload(client, workshop, "private.pdf", PDF, title="Background paper")
    client.logout()
    return WorkshopDocument.objects.get(is_public=True), WorkshopDocument.objects.get(is_public=False)


def download(client, document):
    return client.get("/workshops/documents/%d/download/" % document.pk)


def test_public_document_downloads_for_anyone_as_an_attachment(client, documents):
    public, _ = documents

    response = download(client, public)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="public.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("status", "answer"),
    [
        (Registration.Status.CONFIRMED, 200),
        (Registration.Status.ATTENDED, 200),
        (Registration.Status.PENDING, 404),
        (Registration.Status.WAITLISTED, 404),
        (Registration.Status.CANCELLED, 404),
    ],
)
def test_participants_only_document_for_confirmed_participants(client, documents, workshop, delegate, status, answer):
    _, private = documents
    registration(workshop, status=status, person=person_of(delegate))
    client.force_login(delegate)

    response = download(client, private)

    assert response.status_code == answer
    if answer == 200:
        assert response["Content-Disposition"] == 'attachment; filename="private.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"


def test_participants_only_document_is_hidden_from_others(client, documents, secretariat, other_delegate):
    _, private = documents

    anonymous = download(client, private).status_code
    client.force_login(other_delegate)
    other = download(client, private).status_code
    client.force_login(secretariat)
    staff = download(client, private).status_code

    assert (anonymous, other, staff) == (404, 404, 200)


def test_workshop_page_lists_only_the_documents_open_to_the_visitor(client, documents, workshop, delegate):
    anonymous = [d.title for d in client.get(workshop.get_absolute_url()).context["documents"]]
    registration(workshop, status=Registration.Status.CONFIRMED, person=person_of(delegate))
    client.force_login(delegate)
    participant = [d.title for d in client.get(workshop.get_absolute_url()).context["documents"]]
    mine = [d.title for d in client.get("/my/documents/").context["documents"]]

    assert anonymous == ["Concept note"]
    assert sorted(participant) == ["Background paper", "Concept note"]
    assert sorted(mine) == ["Background paper", "Concept note"]


def test_deleting_a_document_removes_its_file(client, secretariat, documents, django_capture_on_commit_callbacks):
    public, _ = documents
    storage, name = public.file.storage, public.file.name
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/workshops/documents/%d/delete/" % public.pk)

    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:staff_documents", kwargs={"slug": public.workshop.slug})
    assert WorkshopDocument.objects.filter(pk=public.pk).exists() is False
    assert storage.exists(name) is False


def test_other_workshop_participants_do_not_see_the_document(client, documents, delegate):
    _, private = documents
    registration(WorkshopFactory(), status=Registration.Status.CONFIRMED, person=person_of(delegate))
    client.force_login(delegate)

    assert download(client, private).status_code == 404
