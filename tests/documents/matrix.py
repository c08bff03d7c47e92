"""Permission-matrix rows for documents: a donor statement's pages (its donor's contacts and the
secretariat; everyone else 404), and the secretariat's pages under /staff/documents/.

The records are made on first use and kept in ``world.extra``: a 2010 workshop, a draft discussion
note, and the statement of the world's donor contact's organisation, asked for and rendered (a job
done, with its file) — so asking again for the same records answers with that job.
"""

from ..matrix import LOGIN, Entry, Redirect, roles, staff_page


def records(world) -> dict:
    if "documents" not in world.extra:
        from django.core.files.base import ContentFile

        from documents import services
        from documents.models import DiscussionNote, DocumentKind, NoteParagraph
        from workshops.models import DialogueYear, Workshop

        year = DialogueYear.objects.get_or_create(year=2010, defaults={"theme": "Migration and social change"})[0]
        workshop = Workshop.objects.create(
            year=year,
            title="Migration and Transnationalism: Opportunities and Challenges",
            slug="documents-matrix-workshop",
            start_date="2010-03-09",
            end_date="2010-03-10",
        )
        note = DiscussionNote.objects.create(year=year, title="International Dialogue on Migration 2010")
        NoteParagraph.objects.create(note=note, text="A paragraph.")
        donor = world.users["donor_contact"].donor_contact.donor
        job = services.request_document(
            kind=DocumentKind.DONOR_STATEMENT, source=donor, language="en", by=world.users["donor_contact"]
        )
        job.file.save(job.filename, ContentFile(b"%PDF-1.7\n"), save=False)
        job.status, job.progress, job.attempts = "done", 100, 1
        job.save()
        world.extra["documents"] = {"workshop": workshop, "note": note, "donor": donor, "job": job}
    return world.extra["documents"]


def _job(world) -> dict:
    return {"pk": records(world)["job"].pk}


def _statement(world) -> dict:
    return {"kind": "donor-statement", "pk": records(world)["donor"].pk}


def _note(world) -> dict:
    return {"pk": records(world)["note"].pk}


def _workshop(world) -> dict:
    return {"pk": records(world)["workshop"].pk}


def _pending_registration(world) -> dict:
    from ..workshops.matrix import records as workshop_records

    return {"pk": workshop_records(world)["pending"].pk}


def _report(world) -> dict:
    return {"kind": "workshop-report", "pk": records(world)["workshop"].pk}


def statement_page(answer) -> dict:
    """The donor's contacts and the secretariat get ``answer``; other roles 404, as if it did not exist."""
    return roles(
        anonymous=LOGIN,
        delegate=404,
        other_delegate=404,
        focal_point=404,
        donor_contact=answer,
        secretariat=answer,
    )


TO_JOB = Redirect("documents:job", kwargs=_job)
TO_NOTE = Redirect("documents:note_edit", kwargs=_note)
STAFF_POST_ONLY = staff_page(secretariat=405)

MATRIX = {
    "documents:list": Entry(get=statement_page(200), kwargs=_statement),
    # POST only; the same records in the same language answer with the job already done.
    "documents:generate": Entry(
        get=statement_page(405),
        kwargs=_statement,
        post=statement_page(TO_JOB),
        post_data=lambda world: {"language": "en"},
    ),
    "documents:job": Entry(get=statement_page(200), kwargs=_job),
    "documents:job_status": Entry(get=statement_page(200), kwargs=_job),
    "documents:download": Entry(get=statement_page(200), kwargs=_job),
    # POST only; a job that did not fail is not generated again: back to its page with the reason.
    "documents:retry": Entry(get=statement_page(405), kwargs=_job, post=statement_page(TO_JOB)),
    "documents:job_list": Entry(get=staff_page()),
    # A pending registration has no badge: the reprint is refused and the page says why.
    "documents:badge_reprint": Entry(
        get=STAFF_POST_ONLY,
        kwargs=_pending_registration,
        post=staff_page(secretariat=Redirect("workshops:staff_registration", kwargs=_pending_registration)),
    ),
    "documents:note_list": Entry(get=staff_page()),
    # POST only; without a year the list comes back with the reason.
    "documents:note_create": Entry(get=STAFF_POST_ONLY, post=staff_page(secretariat=Redirect("documents:note_list"))),
    "documents:note_edit": Entry(get=staff_page(), kwargs=_note, post=staff_page(secretariat=200)),
    # GET says what drafting again replaces and asks; POST replaces.
    "documents:note_redraft": Entry(get=staff_page(), kwargs=_note, post=staff_page(secretariat=TO_NOTE)),
    "documents:note_issue": Entry(get=STAFF_POST_ONLY, kwargs=_note, post=staff_page(secretariat=TO_NOTE)),
    "documents:outcomes_edit": Entry(
        get=staff_page(),
        kwargs=_workshop,
        post=staff_page(secretariat=Redirect("documents:list", kwargs=_report)),
    ),
}
