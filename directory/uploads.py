"""Uploaded files are checked by their content, not their name, and stored under generated names."""

import uuid
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

IMAGE_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def generated_name(prefix: str, kind: str) -> str:
    return f"{prefix}/{uuid.uuid4().hex}.{kind}"


def upload_name(prefix: str, filename: str) -> str:
    """A model's ``upload_to``: a generated name; the extension comes from the checked content, never the upload."""
    return generated_name(prefix, PurePath(filename).suffix.lstrip(".").lower() or "bin")


def detect_document_kind(upload: UploadedFile) -> str | None:
    """'pdf', 'docx' or 'pptx' from the bytes themselves, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "docx"
            if "ppt/presentation.xml" in names:
                return "pptx"
    return None


def check_document(upload: UploadedFile, *, allowed: tuple[str, ...] = ("pdf", "docx", "pptx")) -> str:
    """Validate an upload; return its kind. Raises ValidationError with a message for the form."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    kind = detect_document_kind(upload)
    if kind is None or kind not in allowed:
        names = ", ".join(k.upper() for k in allowed)
        raise ValidationError(_("The file is not a valid %(kinds)s document.") % {"kinds": names})
    return kind


def check_image(upload: UploadedFile) -> str:
    """Validate an uploaded photo (JPEG or PNG, decoded by Pillow); return its extension."""
    from PIL import Image, UnidentifiedImageError  # Pillow is loaded by the processes that check a photo only

    if upload.size > 5 * 1024 * 1024:
        raise ValidationError(_("The image is larger than 5 MB."))
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
            kind = (image.format or "").lower()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(_("The file is not a JPEG or PNG image.")) from error
    finally:
        upload.seek(0)
    if kind not in ("jpeg", "png"):
        raise ValidationError(_("The file is not a JPEG or PNG image."))
    return "jpg" if kind == "jpeg" else "png"


def original_name(upload: UploadedFile) -> str:
    return PurePath(upload.name or "file").name[:255]


def delete_on_commit(stored: FieldFile) -> None:
    """Delete a stored file once the transaction that lets go of it commits, never before: a rollback
    keeps the file its record still names."""
    if not stored:
        return
    storage, name = stored.storage, stored.name
    transaction.on_commit(lambda: storage.delete(name))


def put_photo(record: models.Model, *, photo: UploadedFile | None, kind: str, remove: bool) -> None:
    """Put a photo checked by ``check_image`` (its ``kind``) on the record's ``photo`` and
    ``photo_content_type``, or none when ``remove``; a saved record's file it replaces is deleted once
    the change is committed. The caller saves the record."""
    if photo is None and not remove:
        return
    if record.pk:
        delete_on_commit(record.photo)
    if photo is not None:
        photo.name = f"photo.{kind}"
        record.photo = photo
        record.photo_content_type = IMAGE_CONTENT_TYPES[kind]
    else:
        record.photo = ""
        record.photo_content_type = ""
