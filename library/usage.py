"""Where a library image is used: the pages and people that show it, live or in a draft.

Computed from the references themselves, never stored: every foreign key to ``Image`` (a page's hero image,
a contributor's portrait), each page's draft (which may choose another picture than the live page shows), and
the ``<img>`` tags of rich text, found by the image's stored file name (which its address ends with).
"""

import dataclasses
from typing import Any, cast

from django.db import models
from django.db.models import Q
from django.urls import reverse

from editorial.models import ReviewedContent
from editorial.queues import reviewed_models
from library.models import Image


@dataclasses.dataclass(frozen=True)
class Usage:
    obj: models.Model
    how: str  # "hero image", "portrait", "in the text", with "(draft)" when only a draft uses it
    live: bool

    @property
    def is_page(self) -> bool:
        return isinstance(self.obj, ReviewedContent)

    @property
    def admin_url(self) -> str:
        opts = self.obj._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.obj.pk])


def image_foreign_keys() -> list[models.ForeignKey]:
    """Return every foreign key that points at a library image."""
    return [
        cast(models.ForeignKey, relation.remote_field)
        for relation in Image._meta.related_objects
        if relation.one_to_many and not relation.many_to_many
    ]


def _label(field: models.Field) -> str:
    return str(field.verbose_name)


def usages(image: Image) -> list[Usage]:
    """Return every use of ``image``, pages first; a page counted once per way it uses the picture."""
    found: dict[tuple[Any, str], Usage] = {}
    for field in image_foreign_keys():
        model = cast(Any, field.model)
        if issubclass(model, ReviewedContent):
            draft_key = f"draft__fields__{field.name}"
            rows = model.objects.filter(Q(**{field.name: image}) | Q(**{draft_key: image.pk}))
            for page in rows:
                shown_live = getattr(page, field.attname) == image.pk
                in_draft = bool(page.draft) and page.draft["fields"].get(field.name) == image.pk
                how = _label(field) if shown_live else f"{_label(field)} (draft)"
                live = page.is_live and shown_live
                if live or in_draft or shown_live:
                    found[(page, field.name)] = Usage(page, how, live)
        else:
            for obj in model.objects.filter(**{field.name: image}):
                found[(obj, field.name)] = Usage(obj, _label(field), True)
    for usage in body_usages(image):
        found.setdefault((usage.obj, "body"), usage)
    return sorted(found.values(), key=lambda usage: (not usage.is_page, str(usage.obj)))


def body_usages(image: Image) -> list[Usage]:
    """Return the pages whose rich text (live or draft) shows ``image``, found by its stored file name."""
    if not image.name:
        return []
    result = []
    for model in reviewed_models():
        texts = [name for name in model.rich_text_fields if name in model.draft_fields]
        if not texts:
            continue
        query = Q()
        for name in texts:
            query |= Q(**{f"{name}__contains": image.name}) | Q(**{f"draft__fields__{name}__icontains": image.name})
        for page in model.objects.filter(query):
            live_text = " ".join(str(getattr(page, name)) for name in texts)
            shown_live = image.name in live_text
            how = "in the text" if shown_live else "in the text (draft)"
            result.append(Usage(page, how, page.is_live and shown_live))
    return result


def live_pages(image: Image) -> list[ReviewedContent]:
    """Return the live pages that show ``image`` now (what replacing its file or alt text changes for readers)."""
    return [cast(ReviewedContent, usage.obj) for usage in usages(image) if usage.is_page and usage.live]


def used_pages(image: Image) -> list[ReviewedContent]:
    """Return every page that uses ``image``, live or in its draft, each once."""
    pages: dict[Any, ReviewedContent] = {}
    for usage in usages(image):
        if usage.is_page:
            pages.setdefault((type(usage.obj), usage.obj.pk), cast(ReviewedContent, usage.obj))
    return list(pages.values())


def unused_ids() -> set[int]:
    """Return the ids of the images nothing uses (the admin's "unused" filter), reading each table once."""
    used: set[int] = set()
    for field in image_foreign_keys():
        model = cast(Any, field.model)
        used |= set(model.objects.exclude(**{field.attname: None}).values_list(field.attname, flat=True))
        if issubclass(model, ReviewedContent):
            for draft in model.objects.exclude(draft=None).values_list("draft", flat=True):
                value = draft["fields"].get(field.name)
                if isinstance(value, int):
                    used.add(value)
    texts = []
    for model in reviewed_models():
        names = [name for name in model.rich_text_fields if name in model.draft_fields]
        for row in model.objects.values("draft", *names):
            draft_fields = (row.pop("draft") or {}).get("fields", {})
            texts += [str(value) for value in row.values()] + [str(draft_fields.get(name, "")) for name in names]
    text = "\n".join(texts)
    for pk, name in Image.objects.exclude(pk__in=used).values_list("pk", "file"):
        if name and name in text:
            used.add(pk)
    return set(Image.objects.exclude(pk__in=used).values_list("pk", flat=True))
