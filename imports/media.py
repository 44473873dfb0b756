"""Copy the uploads a post uses from a copy of wp-content/uploads into the site's media storage."""

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from django.core.files import File
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

from imports.models import ImportedMedia
from imports.wordpress import Site

UPLOADS = "/wp-content/uploads/"
IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp"})
FILE_EXTENSIONS = IMAGE_EXTENSIONS | {".pdf"}
# WordPress's resized copies ("photo-300x200.jpg") and big-image originals ("photo-scaled.jpg").
SIZED_VARIANT = re.compile(r"-(?:\d+x\d+|scaled)(?=\.\w+$)")
STORAGE_PREFIX = "imports/wordpress/"


class UploadsLibrary:
    """The media library of one import: answers the converter, copies each file once."""

    def __init__(self, site: Site, media_dir: str | None, *, dry_run: bool = False):
        self.site = site
        self.hosts = {urlsplit(site.base_url).netloc.lower()} - {""}
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.by_file = {attachment.file: attachment for attachment in site.attachments.values() if attachment.file}
        self.stored: dict[str, str | None] = {}
        self.saved_names: list[str] = []  # removed again if the import fails

    # The converter's questions ------------------------------------------------

    def image(self, url: str) -> tuple[str | None, str]:
        relative = self.upload_path(url)
        if relative is None:
            return None, ""  # an image on another site: the CSP would block it anyway
        stored = self.copy(relative)
        return (self.url(stored) if stored else None), self.alt(relative)

    def link(self, url: str) -> str | None:
        relative = self.upload_path(url)
        if relative is not None:
            stored = self.copy(relative)
            return self.url(stored) if stored else None
        parts = urlsplit(url)
        if parts.netloc.lower() in self.hosts:
            # A link to another page of the old site: its old path redirects once that page is published here.
            return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
        return url

    def gallery_url(self, attachment_id: int) -> str | None:
        attachment = self.site.attachments.get(attachment_id)
        return attachment.url if attachment else None

    # Files -------------------------------------------------------------------

    def upload_path(self, url: str) -> str | None:
        """Return the path under wp-content/uploads of an address on the old site, else None."""
        parts = urlsplit(url)
        if parts.netloc and parts.netloc.lower() not in self.hosts:
            return None
        path = unquote(parts.path)
        if UPLOADS not in path:
            return None
        return posixpath.normpath(path.split(UPLOADS, 1)[1])

    def alt(self, relative: str) -> str:
        attachment = self.by_file.get(relative) or self.by_file.get(SIZED_VARIANT.sub("", relative))
        return attachment.alt if attachment else ""

    def copy(self, relative: str) -> str | None:
        """Return the stored name of an upload, copying it the first time; None when it cannot be had."""
        if relative not in self.stored:
            self.stored[relative] = self._copy(relative)
        return self.stored[relative]

    def url(self, stored: str) -> str:
        return default_storage.url(stored)

    def _copy(self, relative: str) -> str | None:
        if relative.startswith(("/", "..")) or Path(relative).suffix.lower() not in FILE_EXTENSIONS:
            return None
        record = ImportedMedia.objects.filter(site_url=self.site.base_url, source_path=relative).first()
        if record and default_storage.exists(record.stored_name):
            return record.stored_name
        source = self._find(relative)
        if source is None:
            return None
        if self.dry_run:
            return STORAGE_PREFIX + relative
        with source.open("rb") as handle:
            name = default_storage.save(STORAGE_PREFIX + relative, File(handle))
        self.saved_names.append(name)
        ImportedMedia.objects.update_or_create(
            site_url=self.site.base_url, source_path=relative, defaults={"stored_name": name}
        )
        return name

    def _find(self, relative: str) -> Path | None:
        if self.media_dir is None:
            return None
        for candidate in dict.fromkeys([relative, SIZED_VARIANT.sub("", relative)]):
            path = (self.media_dir / candidate).resolve()
            if path.is_relative_to(self.media_dir) and path.is_file() and _is_usable(path):
                return path
        return None

    def remove_saved(self) -> None:
        """Delete the files this run stored: called when the import is rolled back."""
        for name in self.saved_names:
            default_storage.delete(name)
        self.saved_names.clear()


def _is_usable(path: Path) -> bool:
    """Return whether the file is what its name says: images must open as images."""
    if path.suffix.lower() not in IMAGE_EXTENSIONS:
        return True
    try:
        with Image.open(path) as image:
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        return False
    return True
