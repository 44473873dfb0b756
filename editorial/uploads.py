"""Images uploaded from the rich-text editor: refused when they could exhaust memory, re-encoded when kept.

Re-encoding from decoded pixels drops whatever else the file carried: EXIF (camera, location), comments,
colour profiles, and bytes hidden after the image data. The media library (library/uploads.py) stores the clean file.
"""

import warnings
from io import BytesIO
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

# format: (file extension, content type, save options)
FORMATS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "JPEG": (".jpeg", "image/jpeg", {"quality": 85, "optimize": True}),
    "PNG": (".png", "image/png", {"optimize": True}),
    "WEBP": (".webp", "image/webp", {"quality": 85}),
}


class RefusedImage(ValueError):
    """An upload that is not kept; the message tells the editor what to do."""


def too_large_message(width: int | None = None, height: int | None = None) -> str:
    size = f" ({width:,} × {height:,} pixels)" if width else ""
    return (
        f"This image is too large{size}. Images may be at most {settings.UPLOAD_IMAGE_MAX_SIDE:,} pixels on a "
        f"side and {settings.UPLOAD_IMAGE_MAX_PIXELS / 1_000_000:g} megapixels; resize it and upload it again."
    )


def open_image(upload: UploadedFile) -> Image.Image:
    """Read the header only, refusing decompression bombs before any pixel is decoded."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise RefusedImage(too_large_message()) from error
        except (UnidentifiedImageError, OSError) as error:
            raise RefusedImage("This file is not an image that can be read. Upload a JPEG, PNG or WebP.") from error
    if image.format not in FORMATS:
        raise RefusedImage("Upload a JPEG, PNG or WebP image.")
    width, height = image.size
    if max(width, height) > settings.UPLOAD_IMAGE_MAX_SIDE or width * height > settings.UPLOAD_IMAGE_MAX_PIXELS:
        raise RefusedImage(too_large_message(width, height))
    return image


def reencode(upload: UploadedFile) -> SimpleUploadedFile:
    """Return a fresh file holding only the pixels of ``upload`` (turned upright), in its own format."""
    image = open_image(upload)
    extension, content_type, options = FORMATS[cast(str, image.format)]  # open_image refused any other format
    try:
        upright = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError) as error:  # truncated or corrupt pixel data
        raise RefusedImage("This image file is damaged. Save it again and upload the new copy.") from error
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    mode = "RGBA" if has_alpha and image.format != "JPEG" else "RGB"
    pixels = upright.convert(mode)
    clean = Image.frombytes(mode, pixels.size, pixels.tobytes())  # a new image: no metadata carried over
    out = BytesIO()
    clean.save(out, format=image.format, **options)
    name = (Path(upload.name or "").stem or "image")[:100] + extension
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)
