"""Who sees which document: the rule for one document (documents.view) and the querysets of the lists
answer from the one definition in documents/visibility.py, and agree on every kind for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from consultations.models import Consultation
from documents import visibility
from documents.models import DiscussionNote, DocumentKind, DocumentSubject, Variant
from documents.permissions import Target
from documents.visibility import may_see, visible_subjects
from workshops.models import Registration

from ..consultations.factories import ConsultationFactory
from ..workshops.factories import WorkshopFactory, person_of, registration

K = DocumentKind


@pytest.fixture
def subjects(delegate, other_delegate, donor_contact, other_donor_contact):
    """One document subject of every kind (two of those whose visibility depends on the record), by name."""
    workshop = WorkshopFactory()
    note = DiscussionNote.objects.create(year=workshop.year, title="International Dialogue on Migration 2010")
    attended = registration(workshop, status=Registration.Status.ATTENDED, person=person_of(delegate))
    others = registration(workshop, status=Registration.Status.ATTENDED, person=person_of(other_delegate))
    rows = {
        "draft note": dict(kind=K.DISCUSSION_NOTE, variant=Variant.DRAFT, note=note),
        "issued note": dict(kind=K.DISCUSSION_NOTE, variant=Variant.ISSUED, note=note),
        "report": dict(kind=K.WORKSHOP_REPORT, workshop=workshop),
        "participants": dict(kind=K.PARTICIPANTS, variant=Variant.FINAL, workshop=workshop),
        "badges": dict(kind=K.BADGES, workshop=workshop),
        "badge": dict(kind=K.BADGE, registration=attended),
        "funding report": dict(kind=K.FUNDING_REPORT, year=workshop.year),
        "own statement": dict(kind=K.DONOR_STATEMENT, donor=donor_contact.donor_contact.donor),
        "other statement": dict(kind=K.DONOR_STATEMENT, donor=other_donor_contact.donor_contact.donor),
        "open survey": dict(kind=K.CONSULTATION_RESULTS, consultation=ConsultationFactory()),
        "closed survey": dict(
            kind=K.CONSULTATION_RESULTS, consultation=ConsultationFactory(status=Consultation.Status.CLOSED)
        ),
        "own certificate": dict(kind=K.CERTIFICATE, registration=attended),
        "other certificate": dict(kind=K.CERTIFICATE, registration=others),
    }
    return {name: DocumentSubject.objects.create(**fields) for name, fields in rows.items()}


SIGNED_IN = {"issued note", "report", "closed survey"}


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", set()),
        ("delegate", SIGNED_IN | {"participants", "own certificate"}),
        ("other_delegate", SIGNED_IN | {"participants", "other certificate"}),
        ("donor_contact", SIGNED_IN | {"own statement"}),
        ("other_donor_contact", SIGNED_IN | {"other statement"}),
        ("secretariat", "all"),
    ],
)
def test_the_rule_and_the_lists_see_the_same_documents(request, subjects, who, expected):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    names = {subject.pk: name for name, subject in subjects.items()}

    by_rule = {name for name, s in subjects.items() if may_see(user, Target(s.kind, s.variant, s.source))}
    visible = visible_subjects(user)
    by_query = (
        set()
        if visible is None
        else {names[pk] for pk in DocumentSubject.objects.filter(visible).values_list("pk", flat=True)}
    )

    assert by_rule == by_query == (set(subjects) if expected == "all" else expected)


def test_a_lookup_the_target_cannot_answer_is_refused_not_guessed(subjects):
    subject = visibility._SubjectFields(subjects["report"])

    with pytest.raises(ValueError):
        visibility._matches(Q(workshop__start_date__gte="2010-01-01"), subject)
