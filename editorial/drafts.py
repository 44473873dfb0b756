"""The working draft of a page as an object templates can read like the page itself.

A page's model instance is its live version: its relations (``page.authors.all``)
are what is stored. A preview shows the draft instead, so it renders a ``Draft``:
the page's fields with the draft's values, and each relation (authors, related
pages, sources) as the draft lists it, read through ``.all`` as templates do.
Nothing here touches the database's copy of the page, so reloading the page or
prefetching its relations never changes what a ``Draft`` shows.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from editorial.models import fingerprint


class DraftRelation:
    """A relation's value in the draft, read like a related manager: ``.all``, ``.count``, iteration."""

    def __init__(self, objects: Iterable[Any]) -> None:
        self.objects = list(objects)

    def all(self) -> list:
        return list(self.objects)

    def count(self) -> int:
        return len(self.objects)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.objects)

    def __len__(self) -> int:
        return len(self.objects)


class Draft:
    """The working draft of ``page`` (or the given snapshot of it), without changing ``page``.

    Attribute access falls through to a copy of the page holding the draft's field
    values, so methods and properties (``get_absolute_url``, ``review_is_due``) work.
    """

    def __init__(self, page, snapshot: dict | None = None) -> None:
        snapshot = page.upgrade_snapshot(snapshot or page.draft or page.snapshot())
        opts = page._meta
        columns = [field for field in opts.get_fields() if field.concrete and not field.many_to_many]
        values = {field.attname: getattr(page, field.attname) for field in columns}
        copy = type(page)(**values)
        for name, value in snapshot["fields"].items():
            setattr(copy, opts.get_field(name).attname, value)
        relations = {}
        for name, ids in snapshot["m2m"].items():
            related = opts.get_field(name).related_model
            relations[name] = DraftRelation(related.objects.filter(pk__in=ids))
        source_model = page.sources.model
        relations["sources"] = DraftRelation(
            source_model(position=position, **data) for position, data in enumerate(snapshot["sources"], start=1)
        )
        self.page, self.relations, self.snapshot = copy, relations, snapshot

    def __getattr__(self, name: str) -> Any:
        # Only called for names not set in __init__: relations first, then the page's own attributes.
        relations = self.__dict__.get("relations", {})
        if name in relations:
            return relations[name]
        return getattr(self.__dict__["page"], name)

    def __str__(self) -> str:
        return str(self.page)

    @property
    def source_list(self) -> list:
        """Return the draft's sources (the page's ``source_list`` would be the live ones)."""
        return self.relations["sources"].all()

    @property
    def rendered_version(self) -> str:
        """Name this draft for caching what is rendered from it: it changes with every edit."""
        return f"draft.{self.page._meta.label_lower}.{self.page.pk}.{fingerprint(self.snapshot)}"
