"""Who sees which document: one definition, read by the rules (``permissions.may_view``) and by the
querysets (``queries``), so a page never lists what its link would refuse, nor the other way round.

The definition is a filter over a document subject's fields (``visible_subjects``). The rules answer for
one document, which may not be asked for yet (a ``permissions.Target``), by evaluating the same filter
on it in Python (``may_see``): the lookups it uses are plain equality and ``__in``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from consultations.models import Consultation
from directory import roles
from directory.models import User
from funding.roles import donor_of
from travel.models import InvitationLetter

from .models import DocumentKind, Variant
from .snapshots import KINDS

# A theme survey's results are public once it is closed (consultations.Consultation.results_are_public).
PUBLIC_RESULTS = (Consultation.Status.CLOSED, Consultation.Status.ADOPTED)
UNSUPPORTED_LOOKUPS = {"iexact", "isnull", "gt", "gte", "lt", "lte", "range", "contains", "icontains", "startswith"}


def visible_subjects(user: User, prefix: str = "") -> Q | None:
    """The document subjects the user may see, as a filter (``prefix`` from another model, e.g. a job's
    ``subject__``); None: none at all."""
    if not user.is_authenticated:
        return None
    if roles.is_secretariat(user):
        return Q()

    def where(**lookups) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    visible = (
        where(kind=DocumentKind.DISCUSSION_NOTE, variant=Variant.ISSUED)
        | where(kind=DocumentKind.WORKSHOP_REPORT)
        | where(kind=DocumentKind.CONSULTATION_RESULTS, consultation__status__in=PUBLIC_RESULTS)
        | where(kind=DocumentKind.CERTIFICATE, registration__person__user_id=user.pk)
    )
    state = roles.delegate_state(user)
    # An invitation letter while it is valid: the traveller, and their state's focal point (as
    # travel.permissions.speaks_for says for the travel file).
    valid_letter = {"kind": DocumentKind.LETTER, "letter__status": InvitationLetter.Status.APPROVED}
    visible |= where(**valid_letter, letter__travel_file__registration__person__user_id=user.pk)
    if state is not None and roles.is_focal_point(user):
        visible |= where(**valid_letter, letter__travel_file__registration__member_state_id=state.pk)
    if state is not None:
        visible |= where(kind=DocumentKind.PARTICIPANTS)
    donor = donor_of(user)
    if donor is not None:
        visible |= where(kind=DocumentKind.DONOR_STATEMENT, donor_id=donor.pk)
    return visible


def may_see(user: User, target: Any) -> bool:
    """Whether the user may see the document of ``target`` (kind, variant and source record)."""
    visible = visible_subjects(user)
    return visible is not None and _matches(visible, _SubjectFields(target))


class _SubjectFields:
    """A target read as a document subject: its kind, variant, and its source under the field its kind
    keeps it in (a certificate's ``registration``, a statement's ``donor``...)."""

    def __init__(self, target: Any):
        self.kind = target.kind
        self.variant = target.variant
        self.source_field = KINDS[target.kind].source
        self.source = target.source

    def value(self, path: list[str]) -> Any:
        head, *rest = path
        if head == self.source_field or head == self.source_field + "_id":
            value = self.source if head == self.source_field else self.source.pk
        elif head in ("kind", "variant"):
            value = getattr(self, head)
        else:
            return None  # a field of another kind's source: empty on this subject
        for name in rest:
            value = getattr(value, name)
        return value


def _matches(q: Q, subject: _SubjectFields) -> bool:
    # The kind first: a clause about another kind's source stops there, without reading that source.
    children = sorted(q.children, key=lambda child: not (isinstance(child, tuple) and child[0].endswith("kind")))
    results = (_matches(child, subject) if isinstance(child, Q) else _lookup(subject, *child) for child in children)
    result = all(results) if q.connector == Q.AND else any(results)
    return not result if q.negated else result


def _lookup(subject: _SubjectFields, lookup: str, expected: Any) -> bool:
    path = lookup.split("__")
    if path[-1] == "in":
        return subject.value(path[:-1]) in expected
    if path[-1] == "exact":
        path = path[:-1]
    elif path[-1] in UNSUPPORTED_LOOKUPS:
        raise ValueError("Only equality and __in are evaluated on a target: %s" % lookup)
    return subject.value(path) == expected
