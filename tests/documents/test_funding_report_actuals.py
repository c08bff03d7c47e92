"""The funding report (PDF) shows budget against actual per workshop and cost line, and the unspent
balance of each contribution: the dashboard's figures, read back with pypdf."""

from documents import services
from documents.models import DocumentKind
from tests import factories
from workshops.models import DialogueYear

from .helpers import job_pdf, pdf_text


def test_the_2010_report_shows_what_was_spent(demo, django_capture_on_commit_callbacks):
    staff = factories.make_secretariat(email="report@iom.example")
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_document(
            kind=DocumentKind.FUNDING_REPORT, source=DialogueYear.objects.get(year=2010), language="en", by=staff
        )
    job.refresh_from_db()

    text = pdf_text(job_pdf(job))

    assert "Venue 18,000.00 / 18,000.00 / 16,590.00 / 1,410.00 / 1,410.00" in text
    assert "Interpretation 22,000.00 / 22,000.00 / 19,908.00 / 2,092.00 / 2,092.00" in text
    assert "Total 146,000.00 / 146,000.00 / 45,048.00 / 100,952.00 / 100,952.00" in text
    assert "Spent: USD 16,590.00; unspent: USD 24,270.00" in text  # the European Commission's 40,860
    assert "Spent: USD 35,358.00; unspent: USD 117,432.00" in text  # Sweden's programme money, 152,790
