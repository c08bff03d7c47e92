"""Who sees and who asks for which document, registered in directory's rule registry.

| kind | sees it | asks for it |
|---|---|---|
| discussion note | secretariat; once issued, every signed-in user | secretariat |
| workshop report | every signed-in user | secretariat |
| list of participants | secretariat and delegates | secretariat |
| funding report | secretariat | secretariat |
| donor statement | secretariat and that donor's contacts | secretariat and that donor's contacts |
| results of a theme survey | secretariat; once the survey is closed, every signed-in user | secretariat |
| badges, a reprinted badge | secretariat | secretariat |
| certificate of attendance | secretariat and the participant | secretariat and the participant, once attended |
| invitation letter | secretariat; while valid, the traveller and their focal point | secretariat (its approval) |

Who sees a document is defined once, in ``visibility.py``: these rules and the querysets of ``queries``
(others get 404, not 403) read the same definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin

from directory import roles
from directory.permissions import rule
from funding.roles import donor_of
from workshops.models import Registration

from .models import DocumentKind
from .visibility import may_see


@dataclass(frozen=True)
class Target:
    """A document not asked for yet: its kind, variant and source record (a DocumentSubject also fits)."""

    kind: str
    variant: str
    source: Any

    @property
    def source_id(self) -> int:
        return self.source.pk


class DocumentsStaffMixin(PermissionRequiredMixin):
    permission_required = "documents.manage"


@rule("documents.manage")
def _manage(user, obj) -> bool:
    return roles.is_secretariat(user)


def may_view(user, target) -> bool:
    return target is not None and may_see(user, target)


def _is_participant(user, registration) -> bool:
    return registration.person.user_id is not None and registration.person.user_id == user.pk


def may_request(user, target) -> bool:
    if target is None or not user.is_authenticated:
        return False
    if roles.is_secretariat(user):
        return True
    if target.kind == DocumentKind.DONOR_STATEMENT:
        donor = donor_of(user)
        return donor is not None and donor.pk == target.source_id
    if target.kind == DocumentKind.CERTIFICATE:
        return _is_participant(user, target.source) and target.source.status == Registration.Status.ATTENDED
    return False


rule("documents.view")(may_view)
rule("documents.request")(may_request)
