"""Serving a stored file through a permission-checked view: the one way every download answers."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def file_response(
    field_file: FieldFile,
    *,
    filename: str = "",
    content_type: str | None = None,
    public: bool = False,
    max_age: int = 300,
    as_attachment: bool = True,
) -> FileResponse:
    """The file as a download; 404 when the row has no file or the file has gone from storage (a
    restored database without its media, a cleaned folder), never a server error.

    The caller has checked the permission. Private files are never kept by caches; public ones for
    ``max_age`` seconds.
    """
    if not field_file:
        raise Http404("No file.")
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, IsADirectoryError) as error:
        raise Http404("The file is missing.") from error
    response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={max_age}" if public else "private, no-store"
    return response
