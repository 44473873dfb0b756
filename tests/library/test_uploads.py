"""Library uploads: only real JPEG, PNG or WebP pictures, without their metadata; only real PDFs."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from library.uploads import clean_document, clean_image
from tests import factories
from tests.editorial.test_uploads import jpeg_with_gps_and_trailer


def test_an_image_keeps_its_pixels_and_loses_its_exif_and_trailing_bytes():
    cleaned = clean_image(SimpleUploadedFile("walk.jpg", jpeg_with_gps_and_trailer(), content_type="image/jpeg"))

    data = cleaned.read()
    assert b"<?php" not in data
    picture = Image.open(BytesIO(data))
    assert picture.size == (64, 48)
    assert not picture.getexif()


def test_a_gif_is_refused_with_the_formats_to_use():
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        clean_image(SimpleUploadedFile("a.gif", factories.image_bytes(image_format="GIF"), content_type="image/gif"))


def test_a_file_that_is_not_an_image_is_refused():
    with pytest.raises(ValidationError, match="not an image"):
        clean_image(SimpleUploadedFile("a.png", b"hello", content_type="image/png"))


def test_an_image_over_the_size_limit_is_refused(settings):
    settings.LIBRARY_IMAGE_MAX_MB = 0
    with pytest.raises(ValidationError, match="at most 0 MB"):
        clean_image(SimpleUploadedFile("a.png", factories.image_bytes(), content_type="image/png"))


def test_a_pdf_is_recognised_by_its_first_bytes_not_its_name():
    pdf = SimpleUploadedFile("handout.pdf", b"%PDF-1.7\n%...\n", content_type="application/pdf")
    assert clean_document(pdf) is pdf

    with pytest.raises(ValidationError, match="not a PDF"):
        clean_document(SimpleUploadedFile("handout.pdf", b"<html>", content_type="application/pdf"))


def test_a_pdf_is_stored_as_a_pdf_whatever_type_the_browser_said():
    # S3 storage serves a file with the type it was saved with, which the upload's type sets.
    pdf = SimpleUploadedFile("handout.pdf", b"%PDF-1.7\n%...\n", content_type="text/html")

    assert clean_document(pdf).content_type == "application/pdf"


def test_a_pdf_over_the_size_limit_is_refused(settings):
    settings.LIBRARY_DOCUMENT_MAX_MB = 0
    with pytest.raises(ValidationError, match="at most 0 MB"):
        clean_document(SimpleUploadedFile("handout.pdf", b"%PDF-1.7\n", content_type="application/pdf"))
