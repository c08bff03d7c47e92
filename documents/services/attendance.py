"""Badges reprinted one at a time: a lost badge gets a new code, so the old one stops working."""

from __future__ import annotations

from django.db import transaction

from directory.models import User
from workshops import attendance
from workshops.models import Registration

from ..models import DocumentJob, DocumentKind
from .jobs import request_document


@transaction.atomic
def reprint_badge(*, registration: Registration, by: User, language: str) -> DocumentJob:
    """A new badge code for the participant and the job for their single badge, in one transaction:
    the old badge is refused at the door from the moment the reprint is asked for."""
    registration = attendance.reissue_badge(registration=registration, by=by)
    return request_document(kind=DocumentKind.BADGE, source=registration, language=language, by=by)
