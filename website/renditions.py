"""Resized copies of uploaded images, so phones download a picture their screen can use.

Renditions are made with Pillow by the worker (``make_renditions``), queued when an image is saved
and again by a page that finds them missing; they are saved under ``renditions/`` in the default
storage (local disk or S3) with a manifest of their sizes, which each process remembers in its own
memory (a version never changes, like a rendered body), so pages cost no image work, no storage round
trip after the first, and no Redis round trip per picture: a hung Redis must not slow a page per image.
Until they exist a page shows the original image alone.
"""

import dataclasses
import hashlib
import io
import json
import logging
import posixpath

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django_tasks import task
from PIL import Image, ImageOps, UnidentifiedImageError

from caching import content as content_cache
from jobs.delivery import enqueue

logger = logging.getLogger(__name__)

WIDTHS = (320, 480, 800, 1200, 1600)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CACHE_SECONDS = 60 * 60 * 24 * 30


@dataclasses.dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def renditions(name: str) -> list[Rendition]:
    """Return the image's renditions, narrowest first and the original last; [] until they are made."""
    version = _version(name)
    if version is None:
        return []
    found = _sizes().get(_key(version))
    if found is None:
        found = _read_manifest(name, version)
        if found is None:
            queue_renditions(name, version)
            return []
        _sizes().set(_key(version), found, CACHE_SECONDS)
    return found


def queue_renditions(name: str, version: str | None = None, *, saved: bool = False) -> None:
    """Queue the making of the image's renditions unless they are known; once across visitors unless just saved."""
    version = version or _version(name)
    if version is None or _sizes().get(_key(version)) is not None:
        return
    # Many visitors may find the same image missing before the worker gets to it: queue it once. A save
    # always queues, so a file uploaded again under a name and size seen before is resized all the same.
    if cache.add(f"renditions:queued:{version}", True, timeout=600) or saved:
        enqueue(make_renditions, name)


def image_saved(sender, instance, **kwargs) -> None:
    """Signal receiver: queue renditions for every image the saved object holds."""
    for field in instance._meta.fields:
        if isinstance(field, models.ImageField) and getattr(instance, field.attname):
            queue_renditions(getattr(instance, field.attname).name, saved=True)


@task()
def make_renditions(name: str) -> int:
    """Resize the image to every width narrower than it and remember the result; return how many there are."""
    version = _version(name)
    if version is None:
        return 0
    found = _make_renditions(name, version)
    if found:
        # The manifest tells every process (and every app server) that the renditions exist.
        manifest = json.dumps([dataclasses.asdict(rendition) for rendition in found]).encode()
        default_storage.delete(_manifest_name(name, version))
        default_storage.save(_manifest_name(name, version), ContentFile(manifest))
        _sizes().set(_key(version), found, CACHE_SECONDS)
    return len(found)


def _sizes():
    """Return this process's memory cache for rendition sizes (keyed by an immutable version)."""
    return content_cache.by_version()


def _version(name: str) -> str | None:
    if not name:
        return None
    try:
        # The size tells a re-uploaded file under the same name from the one resized before.
        return hashlib.sha256(f"{name}:{default_storage.size(name)}".encode()).hexdigest()[:12]
    except OSError:
        logger.warning("The image %s is missing from storage.", name)
        return None


def _key(version: str) -> str:
    return f"renditions:{version}"


def _manifest_name(name: str, version: str) -> str:
    stem = posixpath.splitext(posixpath.basename(name))[0]
    return posixpath.join("renditions", posixpath.dirname(name), f"{stem}-{version[:8]}.json")


def _read_manifest(name: str, version: str) -> list[Rendition] | None:
    try:
        with default_storage.open(_manifest_name(name, version), "rb") as file:
            return [Rendition(**item) for item in json.load(file)]
    except (OSError, ValueError, TypeError):
        return None


def _make_renditions(name: str, version: str) -> list[Rendition]:
    try:
        with default_storage.open(name, "rb") as file:
            image: Image.Image = Image.open(file)
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
