"""What the content calendar shows: publications (past and scheduled), scheduled unpublications, review due dates.

Read by the month and list views and by the iCal feed, so all three show the same things to the same person.
"""

import datetime
from dataclasses import dataclass
from typing import cast

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from editorial.models import LiveStatus, ReviewedContent, Revision
from editorial.queues import reviewed_models

KINDS = {
    "published": "Published",
    "publish": "Scheduled publication",
    "unpublish": "Scheduled unpublishing",
    "review": "Medical review due",
}


@dataclass
class Entry:
    kind: str
    obj: ReviewedContent
    day: datetime.date
    at: datetime.datetime | None = None  # None for a whole-day entry (a review due date)

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def type_name(self) -> str:
        return str(self.obj._meta.verbose_name)

    @property
    def admin_url(self) -> str:
        opts = self.obj._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.obj.pk])

    @property
    def uid(self) -> str:
        # A page is published many times: each publication is its own event.
        # A publication always has its time (see _timed and _published).
        when = f"-{int(cast(datetime.datetime, self.at).timestamp())}" if self.kind == "published" else ""
        return f"{self.kind}-{self.obj._meta.label_lower}-{self.obj.pk}{when}@recovery-site"


def visible_models(user) -> list[type[ReviewedContent]]:
    """Return the content types this user may view in the admin: the calendar shows only those."""
    return [
        model
        for model in reviewed_models()
        if user.is_active and user.is_staff and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]


def entries(
    user, start: datetime.date, end: datetime.date, *, kind: str = "", type_name: str = "", person: int | None = None
) -> list[Entry]:
    """Return the entries from ``start`` to ``end`` (both included) this user may see, by time."""
    found = []
    for model in visible_models(user):
        if type_name and model._meta.model_name != type_name:
            continue
        pages = model.objects.all()
        if person:
            people = Q(live_reviewed_by=person) | Q(approved_by=person)
            if any(field.name == "authors" for field in model._meta.get_fields()):  # site pages and blocks have none
                people |= Q(authors=person)
            pages = pages.filter(people).distinct()
        if kind in ("", "published"):
            found += _published(model, pages, start, end)
        if kind in ("", "publish"):
            found += [
                _timed("publish", page, page.publish_at) for page in pages.filter(publish_at__date__range=(start, end))
            ]
        if kind in ("", "unpublish"):
            found += [
                _timed("unpublish", page, page.unpublish_at)
                for page in pages.filter(unpublish_at__date__range=(start, end))
            ]
        if kind in ("", "review"):
            due = pages.filter(live_status=LiveStatus.LIVE, review_due_at__range=(start, end))
            found += [Entry("review", page, page.review_due_at) for page in due]
    return sorted(
        found, key=lambda entry: (entry.day, entry.at is not None, entry.at or timezone.now(), str(entry.obj))
    )


def _timed(kind: str, page: ReviewedContent, at: datetime.datetime) -> Entry:
    return Entry(kind, page, timezone.localdate(at), at)


def _published(model, pages, start: datetime.date, end: datetime.date) -> list[Entry]:
    """Return an entry for each time one of these pages was published (its revisions), in two queries."""
    content_type = ContentType.objects.get_for_model(model)
    in_range = Revision.objects.filter(content_type=content_type, published_at__date__range=(start, end))
    revisions = list(in_range.only("object_id", "published_at"))
    published = pages.in_bulk({revision.object_id for revision in revisions})
    return [
        _timed("published", published[revision.object_id], revision.published_at)
        for revision in revisions
        if revision.object_id in published
    ]
