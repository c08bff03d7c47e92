"""Render one document to a file, for operators: the same records, templates and renderer as the worker."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from consultations.models import Consultation
from documents import services
from documents.models import DiscussionNote, DocumentKind
from funding.models import Donor
from workshops.models import DialogueYear, Workshop

K = DocumentKind
NEEDS = {
    K.DISCUSSION_NOTE: "year",
    K.WORKSHOP_REPORT: "workshop",
    K.PARTICIPANTS: "workshop",
    K.FUNDING_REPORT: "year",
    K.DONOR_STATEMENT: "donor",
    K.CONSULTATION_RESULTS: "year",
}


class Command(BaseCommand):
    help = (
        "Render one document to a PDF file: discussion-note, funding-report and consultation-results (the theme "
        "survey for that IDM year) take --year, workshop-report and participants take --workshop (its address), "
        "donor-statement takes --donor (its number)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=[kind.value for kind in K])
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--year", type=int, help="IDM year, e.g. 2010")
        source.add_argument("--workshop", help="the workshop's address (slug)")
        source.add_argument("--donor", type=int, help="the donor's number")
        parser.add_argument(
            "--variant", default="", help="participants: provisional (default) or final; others: leave out"
        )
        parser.add_argument("--language", default="en", choices=[code for code, _name in settings.LANGUAGES])
        parser.add_argument("--output", required=True, help="where to write the PDF")

    def handle(self, *args, kind: str, language: str, output: str, variant: str, **options) -> None:
        needed = NEEDS[kind]
        if options[needed] is None:
            raise CommandError(f"{kind} needs --{needed}.")
        # A year without a discussion note: a draft is written from the records for this file, then
        # rolled back with everything else this command did to the database.
        with transaction.atomic():
            source = self._source(kind, needed, options[needed])
            try:
                pdf, filename = services.generate_pdf(kind=kind, source=source, language=language, variant=variant)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            transaction.set_rollback(True)
        path = Path(output)
        path.write_bytes(pdf)
        self.stdout.write(f"{path} ({len(pdf)} bytes, {filename})")

    def _source(self, kind: str, needed: str, value):
        if needed == "workshop":
            workshop = Workshop.objects.filter(slug=value).first()
            if workshop is None:
                raise CommandError(f"No workshop at the address {value!r}.")
            return workshop
        if needed == "donor":
            donor = Donor.objects.filter(pk=value).first()
            if donor is None:
                raise CommandError(f"No donor number {value}.")
            return donor
        if kind == K.CONSULTATION_RESULTS:
            consultation = Consultation.objects.filter(year=value).first()
            if consultation is None:
                raise CommandError(f"No theme consultation for IDM {value}.")
            return consultation
        year = DialogueYear.objects.filter(year=value).first()
        if year is None:
            raise CommandError(f"No IDM year {value}.")
        if kind == K.FUNDING_REPORT:
            return year
        # The year's latest issued note, else its latest draft, else a draft written now and not saved.
        note = DiscussionNote.objects.filter(year=year).order_by("-status", "-issue_date", "-created_at", "-pk").first()
        return note or services.draft_discussion_note(year=year, by=None)
