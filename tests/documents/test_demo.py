"""The documents' demo data: IC/2010/1, drafted from the other apps' demo records and issued."""

from datetime import date

from documents import demo as documents_demo
from documents.models import DiscussionNote, DocumentJob


def test_the_demo_issues_ic_2010_1_once(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = documents_demo.load()
        again = documents_demo.load()

    note = DiscussionNote.objects.get()
    job = DocumentJob.objects.get()
    assert (first, again) == ({"discussion notes": 1}, {"discussion notes": 1})
    assert (note.symbol, note.issue_date, note.place, note.issued_by.email) == (
        "IC/2010/1",
        date(2010, 2, 8),
        "Geneva",
        "secretariat@idm.example",
    )
    assert note.paragraphs.count() == 28
    assert (job.status, job.filename, len(callbacks)) == ("queued", "IC-2010-1-en.pdf", 1)


def test_without_the_workshops_demo_there_is_no_note(db):
    assert documents_demo.load() == {"discussion notes": 0}
