"""What documents does when travel announces something (travel never imports documents).

- A letter approved: its PDF is asked for in the letter's language, in the approval's transaction,
  and rendered by the document workers after commit.
- A traveller's personal data erased: every rendered letter of the travel file holds the passport
  details too, so its jobs, their records and their files go with the erasure.
"""

from __future__ import annotations

from directory.uploads import delete_on_commit
from travel.models import InvitationLetter, TravelFile
from travel.signals import letter_approved, personal_data_erased

from .models import DocumentJob, DocumentKind, DocumentSubject


def _render_letter(sender, letter: InvitationLetter, by, **kwargs) -> None:
    from .services import request_document  # the services import the snapshots, which import travel

    request_document(kind=DocumentKind.LETTER, source=letter, language=letter.language, by=by)


def _delete_letters(sender, travel_file: TravelFile, **kwargs) -> None:
    subjects = DocumentSubject.objects.filter(kind=DocumentKind.LETTER, letter__travel_file=travel_file)
    files = [job.file for job in DocumentJob.objects.filter(subject__in=subjects).exclude(file="")]
    subjects.delete()  # the jobs and their snapshots with them
    for file in files:
        delete_on_commit(file)


def connect() -> None:
    letter_approved.connect(_render_letter, sender=InvitationLetter, dispatch_uid="documents-render-letter")
    personal_data_erased.connect(_delete_letters, sender=TravelFile, dispatch_uid="documents-erase-letters")
