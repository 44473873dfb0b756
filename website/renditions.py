"""Resized copies of uploaded images, so phones download a picture their screen can use.

Renditions are made with Pillow by the worker (``make_renditions``), queued when an image is saved
and again by a page that finds them missing; they are saved under ``renditions/`` in the default
storage (local disk or S3) with a manifest of their sizes, which each process remembers in its own
memory (a version never changes, like a rendered body), so pages cost no image work, no storage round
trip after the first, and no Redis round trip per picture: a hung Redis must not slow a page per image.
Until they exist a page shows the original image alone.

Each picture is made in its own format (the ``<img>`` fallback) and in WebP (and AVIF where this Pillow can
write it) for ``<picture>`` sources. A page showing a picture in a fixed shape (a 2:1 hero, a 16:9 card, a round
portrait) asks for that crop: the largest box of that shape around the library image's focal point, made here
rather than left to CSS ``object-fit``, which can only crop around the centre (and ``object-position`` would need
an inline style, which the CSP refuses). Each crop and focal point is its own set with its own manifest.
"""

import dataclasses
import hashlib
import io
import json
import logging
import posixpath
import re

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django_tasks import task
from PIL import Image, ImageOps, UnidentifiedImageError, features

from caching import content as content_cache
from jobs.delivery import enqueue
from library.models import Image as LibraryImage

logger = logging.getLogger(__name__)

WIDTHS = (320, 480, 800, 1200, 1600)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
MIME = {"AVIF": "image/avif", "WEBP": "image/webp"}
# AVIF at speed 8 encodes about 3.5 times faster than its default for about 7% more bytes (measured on a
# 1600 x 900 picture: 0.48 s against 1.7 s), and is still about half the size of the JPEG.
SAVE_OPTIONS: dict[str, dict] = {
    "JPEG": {"quality": 82, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 82},
    "AVIF": {"quality": 60, "speed": 8},
}
# The fixed shapes pages show pictures in (width:height); "" keeps the picture's own shape.
CROPS = {"2:1": (2, 1), "16:9": (16, 9), "1:1": (1, 1)}
CACHE_SECONDS = 60 * 60 * 24 * 30
Focal = tuple[int, int]
CENTRE: Focal = (50, 50)


@dataclasses.dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int
    mime: str = ""  # a <picture> source's type; "" for the fallback in the original's format


def renditions(name: str, crop: str = "", focal: Focal = CENTRE, size: int = 0) -> list[Rendition]:
    """Return the image's renditions: WebP/AVIF sources, then the fallback narrowest first, the full size last.

    [] until the worker has made them (a page then shows the original); ``crop`` names a shape of ``CROPS``.
    ``size`` is the file's size in bytes as the database knows it (a library image's ``size``): without it, the
    storage is asked, a request to the bucket on S3 for each picture of each page rendered.
    """
    version = _version(name, crop, focal, size)
    if version is None:
        return []
    found = _sizes().get(_key(version))
    if found is None:
        found = _read_manifest(name, version)
        if found is None:
            queue_renditions(name, version, crop=crop, focal=focal, size=size)
            return []
        _sizes().set(_key(version), found, CACHE_SECONDS)
    return found


def queue_renditions(
    name: str,
    version: str | None = None,
    *,
    crop: str = "",
    focal: Focal = CENTRE,
    saved: bool = False,
    size: int = 0,
) -> None:
    """Queue the making of the image's renditions unless they are known; once across visitors unless just saved."""
    version = version or _version(name, crop, focal, size)
    if version is None or _sizes().get(_key(version)) is not None:
        return
    # Many visitors may find the same image missing before the worker gets to it: queue it once. A save
    # always queues, so a file uploaded again under a name and size seen before is resized all the same.
    if cache.add(f"renditions:queued:{version}", True, timeout=600) or saved:
        enqueue(make_renditions, name, crop, list(focal), size)


def image_saved(sender, instance, **kwargs) -> None:
    """Signal receiver: queue renditions, in every shape pages show pictures in, for every image the object holds."""
    focal = (getattr(instance, "focal_x", 50), getattr(instance, "focal_y", 50))
    size = getattr(instance, "size", 0)  # a library image's (its one file's), as pages will ask with it
    for field in instance._meta.fields:
        if isinstance(field, models.ImageField) and getattr(instance, field.attname):
            for crop in CROPS:
                name = getattr(instance, field.attname).name
                queue_renditions(name, crop=crop, focal=focal, saved=True, size=size)


def image_deleted(sender, instance, **kwargs) -> None:
    """Signal receiver: queue the deletion of a deleted library image's renditions (the admin deletes the original)."""
    if instance.name:
        enqueue(delete_renditions, instance.name)


def modern_formats() -> tuple[str, ...]:
    """Return the formats offered as <picture> sources, best first: AVIF where Pillow can write it and it is on."""
    avif = settings.RENDITIONS_AVIF and features.check("avif")
    return ("AVIF", "WEBP") if avif else ("WEBP",)


def crop_box(size: tuple[int, int], ratio: tuple[int, int], focal: Focal) -> tuple[int, int, int, int]:
    """Return the largest (left, top, right, bottom) box of ``ratio`` in ``size``, centred on the focal point.

    The focal point is in percent of the width and height; near an edge the box stops at the edge.
    """
    width, height = size
    if width * ratio[1] > height * ratio[0]:  # wider than the shape: keep the height
        box_width, box_height = round(height * ratio[0] / ratio[1]), height
    else:
        box_width, box_height = width, round(width * ratio[1] / ratio[0])
    left = min(max(0, round(focal[0] / 100 * width - box_width / 2)), width - box_width)
    top = min(max(0, round(focal[1] / 100 * height - box_height / 2)), height - box_height)
    return left, top, left + box_width, top + box_height


@task()
def make_renditions(name: str, crop: str = "", focal: list[int] | None = None, size: int = 0) -> int:
    """Resize the image (cropped to ``crop`` around ``focal``) to every narrower width and remember the result.

    ``size`` is the one pages ask with (``renditions``), so both name the same version. Return how many renditions
    there are.
    """
    point: Focal = (focal[0], focal[1]) if focal else CENTRE
    version = _version(name, crop, point, size)
    if version is None:
        return 0
    found = _make_renditions(name, version, crop, point)
    if found:
        # The manifest tells every process (and every app server) that the renditions exist.
        manifest = json.dumps([dataclasses.asdict(rendition) for rendition in found]).encode()
        default_storage.delete(_manifest_name(name, version))
        default_storage.save(_manifest_name(name, version), ContentFile(manifest))
        _sizes().set(_key(version), found, CACHE_SECONDS)
    return len(found)


@task()
def delete_renditions(name: str) -> int:
    """Delete the renditions and manifests of the image ``name``, in every crop, focal point and size; return how many.

    Unless a library image still holds that file. On S3 that is a listing and a request per file, so it is the
    worker's job, not the admin's request.
    """
    if LibraryImage.objects.filter(file=name).exists():
        return 0
    folder = posixpath.join("renditions", posixpath.dirname(name))
    try:
        files = default_storage.listdir(folder)[1]
    except OSError:  # no folder on disk: nothing was made
        return 0
    own = _rendition_pattern(name)
    doomed = [file for file in files if own.fullmatch(file)]
    for file in doomed:
        default_storage.delete(posixpath.join(folder, file))
    return len(doomed)


def _rendition_pattern(name: str) -> re.Pattern:
    """Match the file names ``_resized`` and ``_manifest_name`` give the renditions of ``name``, and only those.

    Exact, because the folder holds other images' renditions: "scan-20261207.jpg" starts with "scan-" and a hex
    word like a version. ``save()`` may add "_" and seven letters when two processes wrote a name at once.
    """
    stem = re.escape(posixpath.splitext(posixpath.basename(name))[0])
    extensions = "|".join(["json", *FORMATS.values()])
    return re.compile(
        rf"{stem}-[0-9a-f]{{8}}(-\d+x\d+-f\d+x\d+)?(-\d+w(-fallback)?)?(_[A-Za-z0-9]{{7}})?\.({extensions})"
    )


def _sizes():
    """Return this process's memory cache for rendition sizes (keyed by an immutable version)."""
    return content_cache.by_version()


def _version(name: str, crop: str = "", focal: Focal = CENTRE, size: int = 0) -> str | None:
    if not name or (crop and crop not in CROPS):
        return None
    try:
        # The size tells a re-uploaded file under the same name from the one resized before.
        version = hashlib.sha256(f"{name}:{size or default_storage.size(name)}".encode()).hexdigest()[:12]
    except OSError:
        logger.warning("The image %s is missing from storage.", name)
        return None
    # The picture's own shape keeps the names it had before crops existed; a crop names its shape and focal point.
    return f"{version}-{crop.replace(':', 'x')}-f{focal[0]}x{focal[1]}" if crop else version


def _key(version: str) -> str:
    return f"renditions:{version}"


def _short(version: str) -> str:
    """Return the version as file names carry it: the hash's first 8 characters, then any crop and focal point."""
    digest, _, shape = version.partition("-")
    return f"{digest[:8]}-{shape}" if shape else digest[:8]


def _manifest_name(name: str, version: str) -> str:
    stem = posixpath.splitext(posixpath.basename(name))[0]
    return posixpath.join("renditions", posixpath.dirname(name), f"{stem}-{_short(version)}.json")


def _read_manifest(name: str, version: str) -> list[Rendition] | None:
    try:
        with default_storage.open(_manifest_name(name, version), "rb") as file:
            return [Rendition(**item) for item in json.load(file)]
    except (OSError, ValueError, TypeError):
        return None


def _make_renditions(name: str, version: str, crop: str = "", focal: Focal = CENTRE) -> list[Rendition]:
    try:
        with default_storage.open(name, "rb") as file:
            image: Image.Image = Image.open(file)
            image.load()
    except (OSError, UnidentifiedImageError, ValueError):
        logger.warning("Could not read the image %s to resize it.", name)
        return []
    source_format = image.format if image.format in FORMATS else "JPEG"
    image = ImageOps.exif_transpose(image)
    if crop:
        image = image.crop(crop_box(image.size, CROPS[crop], focal))
    width, height = image.size
    narrower = [target for target in WIDTHS if target < width]
    result = [
        _resized(image, name, version, target, image_format)
        for image_format in modern_formats()
        for target in [*narrower, width]
    ]
    result += [_resized(image, name, version, target, source_format, fallback=True) for target in narrower]
    if crop:  # the full-size crop is a file of its own; the picture's own shape is the original file
        result.append(_resized(image, name, version, width, source_format, fallback=True))
    else:
        result.append(Rendition(default_storage.url(name), width, height))
    return result


def _resized(
    image: Image.Image, name: str, version: str, width: int, image_format: str, *, fallback: bool = False
) -> Rendition:
    height = max(1, round(image.height * width / image.width))
    stem = posixpath.splitext(posixpath.basename(name))[0]
    folder = posixpath.join("renditions", posixpath.dirname(name))
    # A WebP original's fallback and its WebP source would share a name: the fallback's has "-fallback".
    suffix = "-fallback" if fallback and image_format in MIME else ""
    target = posixpath.join(folder, f"{stem}-{_short(version)}-{width}w{suffix}.{FORMATS[image_format]}")
    if not default_storage.exists(target):
        copy = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        if image_format == "JPEG" and copy.mode not in ("RGB", "L"):
            copy = copy.convert("RGB")
        buffer = io.BytesIO()
        copy.save(buffer, format=image_format, **SAVE_OPTIONS.get(image_format, SAVE_OPTIONS["JPEG"]))
        # save() may pick another name if a second process wrote the same rendition meanwhile.
        target = default_storage.save(target, ContentFile(buffer.getvalue()))
    return Rendition(default_storage.url(target), width, height, "" if fallback else MIME[image_format])
