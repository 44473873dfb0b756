"""Checks every library upload passes: images re-encoded from their pixels, documents proven to be PDFs.

Images go through editorial's upload checks (Pillow reads the header, refuses bombs and other formats, and
rebuilds the picture from decoded pixels, so EXIF such as GPS position never reaches the library).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from editorial.uploads import RefusedImage, reencode

PDF_MAGIC = b"%PDF-"
PDF_TYPE = "application/pdf"


def _check_size(upload: UploadedFile, limit_mb: int, what: str) -> None:
    if upload.size is None or upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(f"{what} may be at most {limit_mb} MB; this one is larger.")


def clean_image(upload: UploadedFile) -> SimpleUploadedFile:
    """Return a clean copy of an uploaded picture, or raise ValidationError saying what to do."""
    _check_size(upload, settings.LIBRARY_IMAGE_MAX_MB, "Images")
    try:
        return reencode(upload)
    except RefusedImage as error:
        raise ValidationError(str(error)) from error


def clean_document(upload: UploadedFile) -> UploadedFile:
    """Return the upload, typed as a PDF, when it is one within the size limit (by its first bytes, not its name).

    The type is set here, not taken from the browser: S3 storage serves a file with the type it was saved with.
    """
    _check_size(upload, settings.LIBRARY_DOCUMENT_MAX_MB, "Documents")
    upload.seek(0)
    start = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if start != PDF_MAGIC:
        raise ValidationError("This file is not a PDF. Save the handout as PDF and upload that.")
    upload.content_type = PDF_TYPE
    return upload
