"""Receipts and boarding passes, uploaded by the traveller and checked by content like every upload."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import User
from directory.uploads import CONTENT_TYPES, IMAGE_CONTENT_TYPES, check_document, check_image, original_name

from ..models import TravelAttachment, TravelFile
from .common import A, K, audit, ensure_funded, ensure_not_settled, lock_travel_file

# --- Receipts and boarding passes ---------------------------------------------------------------


@transaction.atomic
def upload_attachment(*, travel_file: TravelFile, by: User, upload: UploadedFile, kind: str) -> TravelAttachment:
    """A receipt or boarding pass: PDF, JPEG or PNG, checked by content; stored under a generated name."""
    travel_file = lock_travel_file(travel_file)
    ensure_funded(travel_file)
    ensure_not_settled(travel_file)
    if kind not in TravelAttachment.Kind.values:
        raise ValidationError({"kind": _("Say whether this is a receipt or a boarding pass.")})
    try:
        extension = check_document(upload, allowed=("pdf",))
        content_type = CONTENT_TYPES[extension]
    except ValidationError:
        try:
            extension = check_image(upload)
        except ValidationError as error:
            raise ValidationError(
                {"file": _("Upload a PDF, JPEG or PNG file of at most 5 MB (images) or 20 MB (PDF).")}
            ) from error
        content_type = IMAGE_CONTENT_TYPES[extension]
    name = original_name(upload)
    upload.name = f"{kind}.{extension}"
    attachment = TravelAttachment.objects.create(
        travel_file=travel_file,
        kind=kind,
        file=upload,
        content_type=content_type,
        size=upload.size,
        original_name=name,
        uploaded_by=by,
    )
    audit(
        by=by,
        kind=K.ATTACHMENT,
        action=A.CREATED,
        object_id=attachment.pk,
        travel_file=travel_file,
        summary=str(attachment),
        before={},
        after={"kind": attachment.get_kind_display(), "file": name},
    )
    return attachment
