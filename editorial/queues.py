"""The queue items staff work from: the admin dashboard (editorial/dashboard.py) and the reminder mail read them."""

import datetime
from dataclasses import dataclass
from typing import cast

from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator

from editorial import review_comments
from editorial.models import ReviewedContent, ReviewEvent, ReviewState

# Events that make a draft "mine" for a writer.
WRITER_ACTIONS = (ReviewEvent.Action.EDIT, ReviewEvent.Action.RESTORE, ReviewEvent.Action.SUBMIT)


@dataclass
class QueueItem:
    obj: ReviewedContent
    when: datetime.datetime | datetime.date | None
    detail: str = ""
    open_comments: int = 0
    # A second link the card gives (an out-of-date translation's: what changed in its source since).
    extra_url: str = ""
    extra_label: str = ""

    @property
    def kind(self) -> str:
        return str(self.obj._meta.verbose_name).capitalize()

    @property
    def admin_url(self) -> str:
        opts = self.obj._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.obj.pk])


def reviewed_models() -> list[type[ReviewedContent]]:
    """Return every concrete model under medical review (articles, conditions)."""
    return [model for model in apps.get_models() if issubclass(model, ReviewedContent)]


def latest_change_requests(objects: list[ReviewedContent]) -> dict[int, ReviewEvent]:
    """Return, by page id, the last request-changes event of these pages (all of one model), in one query."""
    if not objects:
        return {}
    events = ReviewEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(objects[0])),
        object_id__in=[obj.pk for obj in objects],
        action=ReviewEvent.Action.REQUEST_CHANGES,
    ).select_related("user")
    latest: dict[int, ReviewEvent] = {}
    for event in events:  # newest first (the model's ordering)
        latest.setdefault(event.object_id, event)
    return latest


def quoted_note(note: str) -> str:
    """Return a reviewer's note as a card or a mail quotes it, cut to 160 characters."""
    return f"reviewer's note: “{Truncator(note).chars(160)}”"


def schedule_text(obj: ReviewedContent) -> str:
    """Return when the page goes live or comes off the site, or else who approved it."""
    parts = []
    if obj.publish_at:
        parts.append(f"goes live {_moment(obj.publish_at)}")
    if obj.unpublish_at:
        parts.append(f"comes off {_moment(obj.unpublish_at)}")
    if not parts and obj.approved_by:
        parts.append(f"approved by {obj.approved_by}")
    return "; ".join(parts)


def _moment(value: datetime.datetime) -> str:
    return dateformat.format(timezone.localtime(value), "M j, Y, H:i")


def overdue_reviews(on: datetime.date | None = None) -> list[QueueItem]:
    """Return live pages whose medical review is due, most overdue first."""
    on = on or timezone.localdate()
    items = [
        QueueItem(obj, obj.review_due_at, f"reviewed by {obj.live_reviewed_by}" if obj.live_reviewed_by else "")
        for model in reviewed_models()
        for obj in model.objects.live().filter(review_due_at__lte=on).select_related("live_reviewed_by")
    ]
    # review_due_at__lte leaves out pages without a review date, so every ``when`` is a date.
    return sorted(items, key=lambda item: cast(datetime.date, item.when))


def pages_of(items: list[QueueItem]) -> Q:
    """Return the condition matching these items' pages on a generic relation (content type and object id)."""
    where = Q()
    for model in {type(item.obj) for item in items}:
        ids = [item.obj.pk for item in items if type(item.obj) is model]
        where |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    return where


def count_open_comments(items: list[QueueItem]) -> None:
    """Set each item's count of open review comment threads: one query for all items, whatever their types."""
    if not items:
        return
    counts = review_comments.source().open_counts([item.obj for item in items])
    for item in items:
        item.open_comments = counts.get((item.obj.content_type.pk, item.obj.pk), 0)


def latest_change_requests_of(items: list[QueueItem]) -> dict[tuple[int, int], ReviewEvent]:
    """Return, by (content type id, page id), the last request-changes event of these pages, in one query."""
    if not items:
        return {}
    latest: dict[tuple[int, int], ReviewEvent] = {}
    for event in ReviewEvent.objects.filter(pages_of(items), action=ReviewEvent.Action.REQUEST_CHANGES):  # newest first
        latest.setdefault((event.content_type_id, event.object_id), event)
    return latest


def _person(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user else "the writer"


def holder(obj: ReviewedContent) -> str:
    """Return who has the page now, in a few words: whose move it is."""
    state = obj.review_state
    if state == ReviewState.DRAFT:
        return f"{_person(obj.draft_updated_by)}, writing"
    if state == ReviewState.IN_REVIEW:
        return "Medical reviewers" if obj.needs_medical_review else "Editors, reviewing"
    if state == ReviewState.CHANGES_REQUESTED:
        return f"{_person(obj.draft_updated_by)}, making the requested changes"
    if state == ReviewState.APPROVED:
        return "Editors, scheduled" if obj.publish_at else "Editors, ready to publish"
    return "Nobody: the live page is up to date"
