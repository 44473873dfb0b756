"""Resized copies of uploaded images, so phones download a picture their screen can use.

Renditions are made with Pillow on first use, saved under ``renditions/`` in the
default storage (local disk or S3), and their sizes remembered in the cache, so
later pages cost no image work and no storage round trip.
"""

import hashlib
import io
import logging
import posixpath
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

WIDTHS = (320, 480, 800, 1200, 1600)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CACHE_SECONDS = 60 * 60 * 24 * 30


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def renditions(name: str) -> list[Rendition]:
    """Return the image's renditions, narrowest first and the original last; [] if it cannot be read."""
    if not name:
        return []
    try:
        # The size tells a re-uploaded file under the same name from the one resized before.
        version = hashlib.sha256(f"{name}:{default_storage.size(name)}".encode()).hexdigest()[:12]
    except OSError:
        logger.warning("The image %s is missing from storage.", name)
        return []
    key = f"renditions:{version}"
    found = cache.get(key)
    if found is None:
        found = _make_renditions(name, version)
        if found:
            cache.set(key, found, CACHE_SECONDS)
    return found


def _make_renditions(name: str, version: str) -> list[Rendition]:
    try:
        with default_storage.open(name, "rb") as file:
            image = Image.open(file)
            image.load()
    except (OSError, UnidentifiedImageError, ValueError):
        logger.warning("Could not read the image %s to resize it.", name)
        return []
    source_format = image.format if image.format in FORMATS else "JPEG"
    image = ImageOps.exif_transpose(image)
    width, height = image.size
    result = [_resized(image, name, version, target, source_format) for target in WIDTHS if target < width]
    result.append(Rendition(default_storage.url(name), width, height))
    return result


def _resized(image: Image.Image, name: str, version: str, width: int, image_format: str) -> Rendition:
    height = max(1, round(image.height * width / image.width))
    stem = posixpath.splitext(posixpath.basename(name))[0]
    folder = posixpath.join("renditions", posixpath.dirname(name))
    target = posixpath.join(folder, f"{stem}-{version[:8]}-{width}w.{FORMATS[image_format]}")
    if not default_storage.exists(target):
        copy = image.resize((width, height), Image.Resampling.LANCZOS)
        if image_format == "JPEG" and copy.mode not in ("RGB", "L"):
            copy = copy.convert("RGB")
        buffer = io.BytesIO()
        copy.save(buffer, format=image_format, quality=82, optimize=True)
        # save() may pick another name if a second process wrote the same rendition meanwhile.
        target = default_storage.save(target, ContentFile(buffer.getvalue()))
    return Rendition(default_storage.url(target), width, height)
