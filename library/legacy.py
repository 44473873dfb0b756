"""Drafts and revisions stored before the library named their picture by file; read them as library choices.

Before issue 28 a page's snapshot held its hero picture as a file name plus a separate alt text. The data
migration made a library image of every such file (same stored file, same alt text), so an old snapshot is read
as choosing that image. It is converted when read, never rewritten: a stored draft keeps its exact bytes, so the
approvals, comments and share links that name its fingerprint stay valid (docs/architecture.md, "Media library").
"""

from typing import Any

from library.models import Image

NOT_READY = "This picture has no alt text yet: describe it in the media library (or mark it decorative) first."


def upgrade_image_field(snapshot: dict, name: str, alt_name: str) -> dict:
    """Return ``snapshot`` with a file name in ``name`` replaced by the id of the library image of that file."""
    fields = snapshot["fields"]
    if alt_name not in fields and not isinstance(fields.get(name), str):
        return snapshot
    upgraded = {key: value for key, value in fields.items() if key != alt_name}
    value = fields.get(name)
    if isinstance(value, str):
        upgraded[name] = Image.objects.filter(file=value).values_list("pk", flat=True).first() if value else None
    return {**snapshot, "fields": upgraded}


def adopt_files(apps: Any, model_label: str, file_field: str, alt_field: str, target_field: str, title: str) -> None:
    """Data migration step: make a library image of every file ``model_label`` holds and point ``target_field`` at it.

    The image keeps the stored file where it is (same name, so old addresses keep working) and the page's alt text;
    width, height and size are read from storage, and a file used twice becomes one library image.
    """
    from django.core.files.storage import default_storage
    from PIL import Image as Picture

    model = apps.get_model(model_label)
    library_image = apps.get_model("library", "Image")
    for row in model.objects.exclude(**{file_field: ""}).exclude(**{file_field: None}):
        name = getattr(row, file_field).name
        image = library_image.objects.filter(file=name).first()
        if image is None:
            width = height = size = 0
            try:
                size = default_storage.size(name)
                with default_storage.open(name, "rb") as file:
                    width, height = Picture.open(file).size
            except (OSError, ValueError):
                pass  # a missing or unreadable file still becomes an item; the library lists it for repair
            alt = getattr(row, alt_field).strip()
            image = library_image.objects.create(
                file=name, title=str(getattr(row, title))[:200], alt_text=alt, width=width, height=height, size=size
            )
        model.objects.filter(pk=row.pk).update(**{target_field: image})
